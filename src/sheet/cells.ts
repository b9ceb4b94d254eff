/**
 * The host-agnostic picture of sheet data. Office.js and exceljs both reduce to this,
 * so everything above the hosts works on plain values.
 */
export type CellValue = string | number | boolean | Date | null;

/** Rows of cells, as Excel gives a range's values (row-major). */
export type CellGrid = CellValue[][];

/** A cell that held an Excel error such as #N/A is carried as its error text. */
export const EXCEL_ERROR_PATTERN =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|BUSY!|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!)$/;

export function isExcelErrorText(value: CellValue): value is string {
  return typeof value === "string" && EXCEL_ERROR_PATTERN.test(value);
}

export function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || value === "";
}

/**
 * Text that would stop being text: Excel turns it into a formula when the cell is edited, and CSV
 * readers run it (CSV injection) — "=", "+", "-", "@", or a leading tab or carriage return.
 * Writers keep such model output as text (a quote prefix or the Text format).
 */
export function readsAsFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}
