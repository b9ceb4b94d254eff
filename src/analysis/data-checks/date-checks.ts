import { isoDay } from "../cell-kind";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

export interface DateRangeOptions {
  /** Dates before 1 January of this year are implausible. Default 1900, where Excel's calendar starts. */
  earliestYear?: number;
  /** Dates more than this many years after today are implausible. Default 5. */
  futureYears?: number;
}

/**
 * Placeholders typed where a date was unknown: Excel's first day (and the 0 it shows as 1900-01-00),
 * and the last day it can hold, used for "no end date". Real dates almost never fall on them.
 */
const SENTINELS: Record<string, string> = {
  "1899-12-30": "it is what a date cell holding 0 shows, so the date was probably never entered",
  "1899-12-31": "it is what a date cell holding 0 shows, so the date was probably never entered",
  "1900-01-01": "it is Excel's first day (serial 1), a common placeholder for an unknown date",
  "9999-12-31": "it is the last day Excel can hold, a common placeholder for 'no date' or 'never'",
};

/** Birth dates cannot lie ahead, whatever else the column holds. */
const BIRTH_HEADER = /birth|\bdob\b|\bborn\b/i;
/** A column of past dates spanning this many years records past events (births, hires): none can lie ahead. */
const PAST_SPAN_YEARS = 10;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Dates that are almost certainly wrong: placeholders, a wrong century, a year far in the future, and
 * a future date in a column of past events.
 */
export function implausibleDates(view: ColumnView, options: DateRangeOptions = {}): DataFinding[] {
  const { earliestYear = 1900, futureYears = 5 } = options;
  const earliest = Date.UTC(earliestYear, 0, 1);
  const latest = new Date(view.today.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + futureYears);
  const pastOnly = pastEventColumn(view, latest.getTime());
  const findings: DataFinding[] = [];
  view.values.forEach((value, dataRow) => {
    if (!(value instanceof Date)) return;
    const reason = dateProblem(value, view, {
      earliest,
      earliestYear,
      latest: latest.getTime(),
      futureYears,
      pastOnly,
    });
    if (!reason) return;
    findings.push(
      findingAt(view, dataRow, {
        kind: "implausible-date",
        severity: "warning",
        reason,
        fix: "Correct the date, or clear the cell if the date is unknown (a placeholder date counts as a real one in sorting, ages and averages).",
      }),
    );
  });
  return findings;
}

interface Bounds {
  earliest: number;
  earliestYear: number;
  latest: number;
  futureYears: number;
  pastOnly: boolean;
}

function dateProblem(value: Date, view: ColumnView, bounds: Bounds): string | null {
  const day = isoDay(value);
  const sentinel = SENTINELS[day];
  if (sentinel) return `${day} is a placeholder rather than a date: ${sentinel}.`;
  const time = value.getTime();
  if (time < bounds.earliest)
    return `${day} is before ${bounds.earliestYear}; a typo in the year is the likely cause.`;
  if (time > bounds.latest) {
    return `${day} is more than ${bounds.futureYears} years after today (${isoDay(view.today)}); a typo in the year is the likely cause.`;
  }
  if (bounds.pastOnly && time > view.today.getTime()) {
    return `${day} is after today (${isoDay(view.today)}), while "${view.profile.header}" records past events: every other date in it has happened.`;
  }
  return null;
}

/**
 * Birth dates by their header; otherwise a column whose dates span decades and lie (but for a slip or
 * two) in the past. Order, due and delivery dates span a few years and may lie ahead, so they are left alone.
 */
function pastEventColumn(view: ColumnView, latest: number): boolean {
  if (BIRTH_HEADER.test(view.profile.header)) return true;
  const today = view.today.getTime();
  let past = 0;
  let future = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const value of view.values) {
    if (!(value instanceof Date) || SENTINELS[isoDay(value)]) continue;
    const time = value.getTime();
    if (time > latest) continue;
    if (time > today) future++;
    else {
      past++;
      first = Math.min(first, time);
      last = Math.max(last, time);
    }
  }
  return past >= 20 && future <= Math.max(1, past * 0.02) && last - first >= PAST_SPAN_YEARS * YEAR_MS;
}
