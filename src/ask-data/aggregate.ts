import { medianOfSorted, sortedCopy } from "../analysis/numeric-stats";
import type { AggregateFunction } from "./analysis-plan";
import { cellText, normaliseText, readNumber } from "./cell-values";
import { AnalysisPlanError } from "./plan-error";
import type { DataColumn } from "./table-columns";

/**
 * One aggregate over a set of rows, and a tally of what was read on the way, so the answer can say
 * which cells did not count. Text numbers ("12") count as numbers; blanks, error cells and other
 * text are left out of sums and averages. share_of_total is a sum here; the caller divides.
 */

export interface Tally {
  textNumbers: number;
  blanks: number;
  errors: number;
  notNumbers: number;
}

export function emptyTally(): Tally {
  return { textNumbers: 0, blanks: 0, errors: 0, notNumbers: 0 };
}

const NEEDS_NUMBERS = new Set<AggregateFunction>([
  "sum",
  "average",
  "min",
  "max",
  "median",
  "share_of_total",
]);

export function checkAggregateColumn(fn: AggregateFunction, column: DataColumn | null): void {
  if (fn === "count") return;
  if (!column) throw new AnalysisPlanError(`${fn} needs a column; only count works without one.`);
  if (NEEDS_NUMBERS.has(fn) && column.type !== "number") {
    throw new AnalysisPlanError(
      `${fn} needs a number column, but "${column.header}" holds ${column.type} values. Use count or distinct_count, or a number column.`,
    );
  }
}

/** The value, or null when there is nothing to take it of (an average of no numbers). */
export function aggregate(
  fn: AggregateFunction,
  column: DataColumn | null,
  rows: readonly number[],
  tally: Tally,
): number | null {
  if (fn === "count") {
    if (!column) return rows.length;
    // With a column, count the rows that have a value in it ("how many orders have a revenue").
    return rows.filter((row) => cellText(column.values[row]) !== "").length;
  }
  if (!column) return null;
  if (fn === "distinct_count") {
    const seen = new Set<string>();
    for (const row of rows) {
      const text = cellText(column.values[row]);
      if (text) seen.add(normaliseText(text));
    }
    return seen.size;
  }
  const numbers: number[] = [];
  for (const row of rows) {
    const read = readNumber(column.values[row]);
    if (read.kind === "number") {
      numbers.push(read.value);
      if (read.fromText) tally.textNumbers++;
    } else if (read.kind === "blank") tally.blanks++;
    else if (read.kind === "error") tally.errors++;
    else tally.notNumbers++;
  }
  if (fn === "sum" || fn === "share_of_total") return addUp(numbers);
  if (numbers.length === 0) return null;
  switch (fn) {
    case "average":
      return addUp(numbers) / numbers.length;
    case "min":
      return numbers.reduce((low, value) => Math.min(low, value), Infinity);
    case "max":
      return numbers.reduce((high, value) => Math.max(high, value), -Infinity);
    default:
      return medianOfSorted(sortedCopy(Float64Array.from(numbers)));
  }
}

/** Sums of money in cents add up with float error ("0.30000000000000004"); round off the noise. */
function addUp(numbers: readonly number[]): number {
  let total = 0;
  for (const value of numbers) total += value;
  return Math.round(total * 1e9) / 1e9;
}

/** What the tally says about the data, as notes for the answer. */
export function tallyNotes(tally: Tally, column: DataColumn | null): string[] {
  if (!column) return [];
  const notes: string[] = [];
  const name = `"${column.header}"`;
  if (tally.textNumbers)
    notes.push(`${tally.textNumbers} ${name} value(s) stored as text were counted as numbers.`);
  if (tally.blanks) notes.push(`${tally.blanks} blank ${name} cell(s) were left out.`);
  if (tally.errors) notes.push(`${tally.errors} ${name} cell(s) holding an error were left out.`);
  if (tally.notNumbers) notes.push(`${tally.notNumbers} ${name} cell(s) holding text were left out.`);
  return notes;
}
