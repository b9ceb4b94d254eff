import { isExcelErrorText, type CellValue } from "../sheet/cells";

/** What a cell holds, as far as data quality is concerned. */
export type CellKind = "blank" | "number" | "text" | "date" | "boolean" | "error";

/**
 * Text of only spaces counts as blank: it looks empty to a reader and is almost always a leftover,
 * while treating it as a category or a value would hide the gap.
 */
export function cellKind(value: CellValue | undefined): CellKind {
  if (value === null || value === undefined) return "blank";
  switch (typeof value) {
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "string":
      if (isWhitespace(value)) return "blank";
      return isExcelErrorText(value) ? "error" : "text";
    default:
      return "date";
  }
}

export function isWhitespace(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

// Thousands separators must be in threes so "1,2" (a list) is not read as a number.
const NUMERIC_TEXT = /^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?%?$/;
const HAS_DIGIT = /\d/;

/** The number a text cell spells ("1,234.50", " 42 ", "7%"), or null when it is not a number. */
export function numericText(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMERIC_TEXT.test(trimmed) || !HAS_DIGIT.test(trimmed)) return null;
  const percent = trimmed.endsWith("%");
  const number = Number(trimmed.replace(/[,%]/g, ""));
  if (!Number.isFinite(number)) return null;
  return percent ? number / 100 : number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const SLASH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{4})$/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;

/**
 * The date a text cell spells, in UTC like the dates hosts give us. "03/04/2024" is ambiguous between
 * day-first and month-first; either reading proves it is a date, so day-first is tried first.
 */
export function dateText(text: string): Date | null {
  const trimmed = text.trim();
  if (trimmed.length < 8 || trimmed.length > 30) return null;
  let match = ISO_DATE.exec(trimmed);
  if (match) return utcDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = SLASH_DATE.exec(trimmed);
  if (match) {
    const [a, b, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return utcDate(year, b, a) ?? utcDate(year, a, b);
  }
  match = DAY_MONTH_NAME.exec(trimmed);
  if (match) return utcDate(Number(match[3]), monthNumber(match[2] ?? ""), Number(match[1]));
  match = MONTH_NAME_DAY.exec(trimmed);
  if (match) return utcDate(Number(match[3]), monthNumber(match[1] ?? ""), Number(match[2]));
  return null;
}

/**
 * Text written like a date whether or not the day exists: "2025-02-30" and "31/04/2024" are typed
 * dates with an impossible day, not words.
 */
export function dateLikeText(text: string): boolean {
  const trimmed = text.trim();
  return ISO_DATE.test(trimmed) || SLASH_DATE.test(trimmed);
}

function monthNumber(name: string): number {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index + 1;
}

function utcDate(year: number, month: number, day: number): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a real date must survive the round trip.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** A cell value as a person reads it in prose: dates as ISO days, text quoted. */
export function describeValue(value: CellValue): string {
  if (value === null) return "(blank)";
  if (value instanceof Date) return isoDay(value);
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
