import { formatRangeAddress, parseRangeAddress } from "../../sheet/a1";
import type { CellGrid, CellValue } from "../../sheet/cells";
import { SheetNotFoundError, type SheetHost } from "../../sheet/sheet-host";

/**
 * The live workbook as a SheetHost, through Office.js. Reading only: custom functions may read
 * the workbook in a shared runtime but must never write to it. `Excel.run` lives here and in the
 * other files of src/host/excel, nowhere else.
 */
export type ExcelBatch = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export const runExcel: ExcelBatch = (batch) => Excel.run(batch);

export class ExcelSheetHost implements SheetHost {
  constructor(private readonly run: ExcelBatch = runExcel) {}

  listSheets(): Promise<string[]> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      return sheets.items.map((sheet) => sheet.name);
    });
  }

  async usedRange(sheet: string): Promise<string | null> {
    return this.run(async (context) => {
      const worksheet = await this.worksheet(context, sheet);
      const used = worksheet.getUsedRangeOrNullObject(true);
      used.load("address");
      await context.sync();
      return used.isNullObject ? null : used.address;
    });
  }

  async readRange(address: string): Promise<CellGrid> {
    const parsed = parseRangeAddress(address);
    return this.run(async (context) => {
      const worksheet = parsed.sheet
        ? await this.worksheet(context, parsed.sheet)
        : context.workbook.worksheets.getActiveWorksheet();
      const local = formatRangeAddress({ ...parsed, sheet: undefined });
      const range = worksheet.getRange(local);
      if (parsed.wholeColumns || parsed.wholeRows) {
        // A whole column is a million cells: read only the part in use.
        const clipped = range.getIntersectionOrNullObject(worksheet.getUsedRange(true));
        clipped.load("values");
        await context.sync();
        return clipped.isNullObject ? [] : clipped.values.map((row) => row.map(toCellValue));
      }
      range.load("values");
      await context.sync();
      return range.values.map((row) => row.map(toCellValue));
    });
  }

  /** Formula text ("=...") per cell, or null where a cell holds a plain value. */
  async readFormulas(address: string): Promise<(string | null)[][]> {
    const parsed = parseRangeAddress(address);
    return this.run(async (context) => {
      const worksheet = parsed.sheet
        ? await this.worksheet(context, parsed.sheet)
        : context.workbook.worksheets.getActiveWorksheet();
      const range = worksheet.getRange(formatRangeAddress({ ...parsed, sheet: undefined }));
      range.load("formulas");
      await context.sync();
      return range.formulas.map((row) =>
        row.map((cell) => (typeof cell === "string" && cell.startsWith("=") ? cell : null)),
      );
    });
  }

  private async worksheet(context: Excel.RequestContext, name: string): Promise<Excel.Worksheet> {
    const worksheet = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    if (worksheet.isNullObject) {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      throw new SheetNotFoundError(
        name,
        sheets.items.map((sheet) => sheet.name),
      );
    }
    return worksheet;
  }
}

/** Excel gives "" for an empty cell and errors as their text ("#N/A"). */
function toCellValue(value: unknown): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}
