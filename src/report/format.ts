/**
 * How the report writes numbers and dates. Facts, the layout and the facts-only summary all use these,
 * so the number check sees the same spellings wherever a value appears.
 */

const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const TWO_DECIMALS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/** "250,000", "12,720.57", "0.0123": thousands separators, at most two decimals unless the value is tiny. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return WHOLE.format(value);
  return Math.abs(value) < 1 ? SMALL.format(value) : TWO_DECIMALS.format(value);
}

/** A share 0..1 as "25%" or "12.5%". */
export function formatPercent(share: number): string {
  return `${TWO_DECIMALS.format(Math.round(share * 1000) / 10)}%`;
}

/** A signed change as "+12.5%" or "-25%"; prose may drop the sign ("fell 25%"), which the check allows. */
export function formatChange(change: number): string {
  return `${change > 0 ? "+" : ""}${formatPercent(change)}`;
}

/** "2024-03-05": hosts give dates as UTC wall-clock times. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Cells hold values rounded for reading; the facts keep the precise ones. */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
