import { PlanError } from "./plan-error";

/**
 * Values from a plan written as Excel literals. Text always becomes a quoted string with its quotes
 * doubled, so whatever the model put in a value (even "=WEBSERVICE(...)") can only ever be text.
 */

/** Excel refuses formulas whose text constants are longer than this. */
export const MAX_TEXT_LITERAL = 255;

export function textLiteral(text: string): string {
  if (text.length > MAX_TEXT_LITERAL) {
    throw new PlanError(
      `The text "${text.slice(0, 40)}…" is ${text.length} characters; Excel allows at most ${MAX_TEXT_LITERAL} in a formula.`,
    );
  }
  return `"${text.replace(/"/g, '""')}"`;
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new PlanError(`${value} is not a number Excel can use.`);
  // Excel reads 1E+21 but not JavaScript's "1e+21" in every locale; upper case is always accepted.
  return String(value).toUpperCase();
}

export function booleanLiteral(value: boolean): string {
  return value ? "TRUE" : "FALSE";
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** DATE(y,m,d) rather than a serial number or date text, so the formula reads the same in every locale. */
export function dateLiteral(date: CalendarDate): string {
  return `DATE(${date.year},${date.month},${date.day})`;
}

/** "2024-03-05" → {2024, 3, 5}; null when the text is not a real calendar date in that form. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  return real && year >= 1900 ? { year, month, day } : null;
}

/** "2024-03" → {2024, 3}. */
export function parseIsoMonth(text: string): { year: number; month: number } | null {
  const match = /^\s*(\d{4})-(\d{1,2})(-\d{1,2})?\s*$/.exec(text);
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  return year >= 1900 && month >= 1 && month <= 12 ? { year, month } : null;
}

export function nextMonth(month: { year: number; month: number }): CalendarDate {
  return month.month === 12
    ? { year: month.year + 1, month: 1, day: 1 }
    : { year: month.year, month: month.month + 1, day: 1 };
}

/** In criteria (SUMIFS) and SEARCH, * ? and ~ are wildcards; ~ makes the next one literal. */
export function escapeWildcards(text: string): string {
  return text.replace(/[~*?]/g, "~$&");
}

/** A plan value written as it is, for results and fallbacks: text stays text even if it looks numeric. */
export function plainLiteral(value: string | number | boolean): string {
  if (typeof value === "string") return textLiteral(value);
  if (typeof value === "boolean") return booleanLiteral(value);
  return numberLiteral(value);
}
