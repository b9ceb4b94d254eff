import ExcelJS from "exceljs";
import { XlsxWorkbook } from "./xlsx-workbook";

/**
 * The CLI's report and data-check commands read a workbook and save a copy of it with a sheet added,
 * so they need the exceljs workbook itself, not only the SheetHost over it.
 */
export interface OpenedWorkbook {
  workbook: ExcelJS.Workbook;
  host: XlsxWorkbook;
  /** The sheet Excel opens on, which a range without a sheet name refers to. */
  activeSheet: string;
}

export async function openWorkbook(file: string): Promise<OpenedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
    if (workbook.worksheets.length === 0) throw new Error(`"${file}" has no sheets`);
  } catch (error) {
    // XlsxWorkbook words every way a file fails to open (missing, a folder, not .xlsx); let it say why.
    await XlsxWorkbook.open(file);
    throw error;
  }
  const sheets = workbook.worksheets;
  const active = sheets[workbook.views?.[0]?.activeTab ?? 0] ?? sheets[0];
  return { workbook, host: XlsxWorkbook.fromWorkbook(workbook), activeSheet: active?.name ?? "" };
}

/** Saves through XlsxWorkbook so a locked or unwritable --out gets the same message as elsewhere. */
export function saveWorkbook(opened: OpenedWorkbook, file: string): Promise<void> {
  return opened.host.save(file);
}
