import ExcelJS from "exceljs";
import { XlsxWorkbook } from "../../../src/host/xlsx/xlsx-workbook";

/**
 * The eval's workbooks: each is a few sheets of plain cell values, headers in row 1 from column A.
 * The same grid builds the exceljs workbook the product reads and the HyperFormula sheets the grader
 * reads, so both see exactly the same data; expected values are computed from the typed rows each
 * workbook module exports.
 */

export type Cell = string | number | boolean | Date | null;

export interface SheetData {
  name: string;
  /** Row 1 (headers) first. */
  rows: Cell[][];
  /** The Excel table (ListObject) over every row, when the sheet is one. */
  table?: string;
}

export type WorkbookName = "sales-ledger" | "hr-roster" | "inventory" | "budget-vs-actual" | "survey";

export interface EvalWorkbook {
  name: WorkbookName;
  sheets: SheetData[];
}

export interface BuiltWorkbook extends EvalWorkbook {
  host: XlsxWorkbook;
}

/** A calendar date as exceljs and Excel hold it: midnight UTC. */
export function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function build(workbook: EvalWorkbook): BuiltWorkbook {
  const excel = new ExcelJS.Workbook();
  for (const sheet of workbook.sheets) {
    const worksheet = excel.addWorksheet(sheet.name);
    const [headers = [], ...data] = sheet.rows;
    if (sheet.table) {
      worksheet.addTable({
        name: sheet.table,
        ref: "A1",
        headerRow: true,
        columns: headers.map((header) => ({ name: String(header) })),
        rows: data,
      });
    } else {
      sheet.rows.forEach((row) => worksheet.addRow(row));
    }
  }
  return { ...workbook, host: XlsxWorkbook.fromWorkbook(excel) };
}

/** A small deterministic PRNG (mulberry32), so generated rows are the same on every machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
