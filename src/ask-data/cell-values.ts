import { cellKind, dateText, numericText } from "../analysis/cell-kind";
import type { CellValue } from "../sheet/cells";
import { isoDate } from "../report/format";

/**
 * How a plan reads one cell. People mean "12" typed as text as the number 12, and a text date as a
 * date, so both count; blanks and error cells (#N/A) never count as values. The executor tallies
 * what it read this way, so answers can say "1 number stored as text was counted".
 */

export type ReadNumber =
  { kind: "number"; value: number; fromText: boolean } | { kind: "blank" | "error" | "not-a-number" };

export function readNumber(value: CellValue | undefined): ReadNumber {
  const kind = cellKind(value);
  if (kind === "number") return { kind: "number", value: value as number, fromText: false };
  if (kind === "blank" || kind === "error") return { kind };
  if (kind === "text") {
    const parsed = numericText(value as string);
    if (parsed !== null) return { kind: "number", value: parsed, fromText: true };
  }
  return { kind: "not-a-number" };
}

/** The date a cell holds or spells as text, else null. */
export function readDate(value: CellValue | undefined): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string") return dateText(value);
  return null;
}

/** A cell as text for comparing and grouping: trimmed, dates as ISO days. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isoDate(value);
  return String(value).trim();
}

/** Same text ignoring case and repeated spaces, as Excel's criteria compare it. */
export function sameText(a: string, b: string): boolean {
  return normaliseText(a) === normaliseText(b);
}

export function normaliseText(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** "2024", "2024-Q1", "2024-03" or the ISO day of a date. */
export function periodKey(date: Date, period: "year" | "quarter" | "month" | "none"): string {
  const year = String(date.getUTCFullYear());
  const month = date.getUTCMonth() + 1;
  switch (period) {
    case "year":
      return year;
    case "quarter":
      return `${year}-Q${Math.ceil(month / 3)}`;
    case "month":
      return `${year}-${String(month).padStart(2, "0")}`;
    case "none":
      return isoDate(date);
  }
}

/** Whether a written period ("2024", "2024-Q2", "2024-03", "2024-03-05") holds the date. */
export function dateInPeriod(date: Date, written: string): boolean | null {
  const text = written.trim();
  if (/^\d{4}$/.test(text)) return periodKey(date, "year") === text;
  if (/^\d{4}-Q[1-4]$/i.test(text)) return periodKey(date, "quarter") === text.toUpperCase();
  if (/^\d{4}-\d{2}$/.test(text)) return periodKey(date, "month") === text;
  const day = dateText(text);
  return day ? isoDate(day) === isoDate(date) : null;
}
