import type { ColumnProfile } from "../analysis/column-profile";
import { niceCeil } from "../analysis/nice-numbers";
import { columnValues, type AnalysisTable } from "../analysis/table";
import { formatNumber } from "./format";
import type { ChartSpec } from "./report-types";

/**
 * Which charts a table deserves, and their data: the distribution of its main numeric columns, its
 * most frequent categories, and a trend over time when it has a date column. Plain data, so Excel
 * can draw native charts from it and the CLI can render the same charts as images.
 */

// Headers that usually hold the measure a reader cares about, most telling first: money totals, then
// prices, then counts. Matching columns are charted before the others.
const MEASURE_HINTS = [
  /amount|revenue|sales|total|value|profit|income|spend|cost|balance/i,
  /price|rate|fee/i,
  /qty|quantity|units|count|score/i,
];
// Numbers that identify or label rows; their distribution says nothing.
const IDENTIFIER_HINT = /(^|[^a-z])(id|no|nr|number|code|key|year|zip|postcode|phone)([^a-z]|$)/i;

export function mainNumericColumns(profiles: readonly ColumnProfile[], limit = 2): ColumnProfile[] {
  const candidates = profiles.filter((p) => p.type === "number" && p.kinds.number >= 2 && !identifierLike(p));
  const rank = (p: ColumnProfile) => {
    const hint = MEASURE_HINTS.findIndex((pattern) => pattern.test(p.header));
    return hint < 0 ? MEASURE_HINTS.length : hint;
  };
  // Array.prototype.sort is stable, so equally ranked columns keep the table's order.
  return [...candidates].sort((a, b) => rank(a) - rank(b)).slice(0, limit);
}

function identifierLike(profile: ColumnProfile): boolean {
  if (IDENTIFIER_HINT.test(profile.header)) return true;
  const { min, max } = profile;
  // 1, 2, 3, ... n: a row number.
  return (
    typeof min === "number" &&
    typeof max === "number" &&
    Number.isInteger(min) &&
    profile.distinct === profile.kinds.number &&
    max - min + 1 === profile.kinds.number
  );
}

/** Text that repeats a few values (regions, statuses), not ids or free text: categories worth counting. */
export function isCategorical(profile: ColumnProfile): boolean {
  return (
    (profile.type === "text" || profile.type === "boolean") &&
    profile.distinct >= 2 &&
    profile.distinct <= 50 &&
    profile.distinct * 2 <= profile.count
  );
}

export function categoryColumns(profiles: readonly ColumnProfile[], limit = 2): ColumnProfile[] {
  return profiles.filter(isCategorical).slice(0, limit);
}

export function histogram(table: AnalysisTable, profile: ColumnProfile): ChartSpec {
  const values = columnValues(table, profile.index).filter((v): v is number => typeof v === "number");
  const base = { kind: "histogram" as const, title: `Distribution of ${profile.header}`, valueTitle: "Rows" };
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  // A handful of whole numbers (ratings, quantities) reads best as one bar per value.
  if (distinct.length <= 12 && distinct.every(Number.isInteger)) {
    const counts = distinct.map((value) => values.filter((v) => v === value).length);
    return { ...base, categoryTitle: profile.header, categories: distinct.map(formatNumber), values: counts };
  }
  // One typo of 250,000 among hundreds would squeeze every other value into the first bin: outliers
  // get bars of their own at the ends, and the bins cover the rest.
  const outliers = new Set(profile.outliers.map((o) => o.value));
  const core = values.filter((v) => !outliers.has(v));
  const categoryTitle = `${profile.header} range`;
  if (outliers.size === 0 || core.length < 2) return { ...base, categoryTitle, ...bins(values) };
  const { categories, values: counts } = bins(core);
  const { min, max } = extent(core);
  const low = values.filter((v) => v < min).length;
  const high = values.filter((v) => v > max).length;
  return {
    ...base,
    categoryTitle,
    categories: [
      ...(low ? [`below ${formatNumber(min)}`] : []),
      ...categories,
      ...(high ? [`above ${formatNumber(max)}`] : []),
    ],
    values: [...(low ? [low] : []), ...counts, ...(high ? [high] : [])],
  };
}

/** Loops rather than Math.min(...values): spreading 100,000 arguments overflows the stack. */
function extent(values: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/** Sturges' rule, on round bin edges a reader can take in at a glance. */
function bins(values: readonly number[]): { categories: string[]; values: number[] } {
  const { min, max } = extent(values);
  const wanted = Math.min(12, Math.max(3, Math.ceil(Math.log2(values.length) + 1)));
  const step = niceCeil((max - min) / wanted) || 1;
  const start = Math.floor(min / step) * step;
  const count = Math.max(1, Math.floor((max - start) / step) + 1);
  const counts = new Array<number>(count).fill(0);
  for (const value of values) {
    const bin = Math.min(count - 1, Math.floor((value - start) / step));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const edge = (i: number) => formatNumber(Number((start + i * step).toPrecision(12)));
  return { categories: counts.map((_, i) => `${edge(i)}–${edge(i + 1)}`), values: counts };
}

export function topCategories(profile: ColumnProfile, limit = 8): ChartSpec {
  const top = profile.topValues.slice(0, limit);
  return {
    kind: "top-categories",
    title: `Most common ${profile.header}`,
    categoryTitle: profile.header,
    valueTitle: "Rows",
    categories: top.map((t) =>
      t.value instanceof Date ? t.value.toISOString().slice(0, 10) : String(t.value),
    ),
    values: top.map((t) => t.count),
  };
}

type Period = "day" | "month" | "year";
const DAY_MS = 86_400_000;

/**
 * Totals of `measure` (or row counts) per day, month or year of the date column. Dates before 1900 or
 * more than 5 years ahead are typos (the data checks report them) and would stretch the axis.
 */
export function trend(
  table: AnalysisTable,
  dates: ColumnProfile,
  measure: ColumnProfile | null,
  today: Date,
): ChartSpec | null {
  const when = columnValues(table, dates.index);
  const amounts = measure ? columnValues(table, measure.index) : null;
  const latest = Date.UTC(today.getUTCFullYear() + 5, today.getUTCMonth(), today.getUTCDate());
  const points: { time: number; value: number }[] = [];
  when.forEach((date, row) => {
    if (!(date instanceof Date)) return;
    const time = date.getTime();
    if (date.getUTCFullYear() < 1900 || time > latest) return;
    const amount = amounts ? amounts[row] : 1;
    if (typeof amount === "number") points.push({ time, value: amount });
  });
  if (points.length < 2) return null;
  const { min: first, max: last } = extent(points.map((p) => p.time));
  const span = (last - first) / DAY_MS;
  const period: Period = span <= 62 ? "day" : span <= 3 * 366 ? "month" : "year";
  const totals = new Map<string, number>();
  for (const point of points) {
    const key = periodKey(point.time, period);
    totals.set(key, (totals.get(key) ?? 0) + point.value);
  }
  const keys = allPeriods(first, last, period);
  if (keys.length < 2) return null;
  const name = measure ? `Total ${measure.header}` : "Rows";
  return {
    kind: "trend",
    title: `${name} by ${period}`,
    categoryTitle: period[0]!.toUpperCase() + period.slice(1),
    valueTitle: name,
    categories: keys,
    // Sums of decimals drift (0.1 + 0.2); totals are shown as a person would add them.
    values: keys.map((key) => Number((totals.get(key) ?? 0).toPrecision(12))),
  };
}

function periodKey(time: number, period: Period): string {
  const iso = new Date(time).toISOString();
  return period === "day" ? iso.slice(0, 10) : period === "month" ? iso.slice(0, 7) : iso.slice(0, 4);
}

/** Every period from first to last, so a month without rows shows as zero rather than vanishing. */
function allPeriods(first: number, last: number, period: Period): string[] {
  const keys: string[] = [];
  const cursor = new Date(first);
  cursor.setUTCHours(0, 0, 0, 0);
  if (period !== "day") cursor.setUTCDate(1);
  if (period === "year") cursor.setUTCMonth(0);
  while (cursor.getTime() <= last) {
    keys.push(periodKey(cursor.getTime(), period));
    if (period === "day") cursor.setUTCDate(cursor.getUTCDate() + 1);
    else if (period === "month") cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCFullYear(cursor.getUTCFullYear() + 1);
  }
  return keys;
}

/** The charts for a table: up to two distributions, two category counts and one trend. */
export function chartsFor(
  table: AnalysisTable,
  profiles: readonly ColumnProfile[],
  today: Date,
): ChartSpec[] {
  const measures = mainNumericColumns(profiles);
  const charts: ChartSpec[] = [
    ...measures.map((profile) => histogram(table, profile)),
    ...categoryColumns(profiles).map((profile) => topCategories(profile)),
  ];
  const dates = profiles.find((p) => p.type === "date");
  const line = dates ? trend(table, dates, measures[0] ?? null, today) : null;
  if (line) charts.push(line);
  return charts;
}
