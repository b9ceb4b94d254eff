import type { CellGrid, CellValue } from "../sheet/cells";

/**
 * Office.js gives a date cell as its serial number; only the number format says it is a date. The
 * report reads both so a date column is profiled as dates (and gets a trend), as it is from an .xlsx.
 */

// Excel's day 0 is 1899-12-30 in the 1900 date system (the serial 60 bug included).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Serial → the same wall-clock time in UTC, as exceljs gives dates. */
export function serialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS));
}

/** "yyyy-mm-dd", "d-mmm-yy", "[$-409]mmmm d, yyyy": a day, month or year code outside quotes and brackets. */
export function isDateFormat(format: string): boolean {
  const codes = format
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[dy]/i.test(codes) || /m{3,}/i.test(codes);
}

function cellValue(value: unknown, format: string | undefined): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number") return format && isDateFormat(format) ? serialToDate(value) : value;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

export function gridFromExcel(values: unknown[][], formats: string[][]): CellGrid {
  return values.map((row, r) => row.map((value, c) => cellValue(value, formats[r]?.[c])));
}
