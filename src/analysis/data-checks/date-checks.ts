import { isoDay } from "../cell-kind";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

export interface DateRangeOptions {
  /** Dates before 1 January of this year are implausible. Default 1900, where Excel's calendar starts. */
  earliestYear?: number;
  /** Dates more than this many years after today are implausible. Default 5. */
  futureYears?: number;
}

/** Dates that are almost certainly typos: a wrong century, or a year far in the future. */
export function implausibleDates(view: ColumnView, options: DateRangeOptions = {}): DataFinding[] {
  const { earliestYear = 1900, futureYears = 5 } = options;
  const earliest = Date.UTC(earliestYear, 0, 1);
  const latest = new Date(view.today.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + futureYears);
  const findings: DataFinding[] = [];
  view.values.forEach((value, dataRow) => {
    if (!(value instanceof Date)) return;
    const time = value.getTime();
    if (time >= earliest && time <= latest.getTime()) return;
    const early = time < earliest;
    findings.push(
      findingAt(view, dataRow, {
        kind: "implausible-date",
        severity: "warning",
        reason: early
          ? `${isoDay(value)} is before ${earliestYear}; ${isZeroDate(value) ? ZERO_DATE : "a typo in the year is the likely cause"}.`
          : `${isoDay(value)} is more than ${futureYears} years after today (${isoDay(view.today)}); a typo in the year is the likely cause.`,
        fix: "Correct the year, or clear the cell if the date is unknown.",
      }),
    );
  });
  return findings;
}

const ZERO_DATE = "it is what a date cell holding 0 shows, so the date was probably never entered";

/** Excel shows serial 0 as 1900-01-00, which arrives as 30/31 December 1899: an empty date, not a typo. */
function isZeroDate(date: Date): boolean {
  return date.getUTCFullYear() === 1899 && date.getUTCMonth() === 11 && date.getUTCDate() >= 30;
}
