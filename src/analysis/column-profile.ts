import type { CellValue } from "../sheet/cells";
import { cellKind, numericText } from "./cell-kind";
import { mean, medianOfSorted, sortedCopy } from "./numeric-stats";
import { detectOutliers, type OutlierMethod, type OutlierOptions, type Spread } from "./outliers";
import {
  columnCount,
  columnDataAddress,
  columnHeader,
  columnLetter,
  dataCellAddress,
  dataRowCount,
  firstDataRow,
  type AnalysisTable,
} from "./table";

export type InferredType = "number" | "text" | "date" | "boolean" | "mixed" | "empty";

/** Non-blank cells by what they hold. */
export interface KindCounts {
  number: number;
  text: number;
  date: number;
  boolean: number;
  error: number;
}

export interface TopValue {
  value: Exclude<CellValue, null>;
  count: number;
}

export interface ProfileOutlier {
  /** Position among the data rows (0 = first row under the header). */
  dataRow: number;
  address: string;
  value: number;
  method: OutlierMethod;
  robustZ: number | null;
}

export interface ColumnProfile {
  /** Position in the table, 0-based. */
  index: number;
  /** Sheet column letter. */
  letter: string;
  header: string;
  /** The column's data cells, e.g. "Data!C2:C101". */
  address: string;
  type: InferredType;
  /** Share (0..1) of the non-blank, non-error cells that hold the dominant kind; 0 for an empty column. */
  typeShare: number;
  kinds: KindCounts;
  /** Non-blank cells, errors included. */
  count: number;
  /** Empty cells and cells of only spaces. */
  blanks: number;
  distinct: number;
  /** Text cells that spell a number ("1,200"): they look numeric but SUM skips them. */
  numbersAsText: number;
  /** Numbers for a number column, Dates for a date column (also when "mixed"), otherwise null. */
  min: number | Date | null;
  max: number | Date | null;
  mean: number | Date | null;
  median: number | Date | null;
  /** Shortest and longest text, for text cells. */
  textLength: { min: number; max: number } | null;
  /** Most frequent values, most frequent first; ties keep the order they first appear in. */
  topValues: TopValue[];
  /** Quartiles, fences and robust scale of the numbers, when there are enough of them to judge. */
  spread: Spread | null;
  /** Numbers far from the rest; only for columns whose dominant kind is number. */
  outliers: ProfileOutlier[];
}

export interface ProfileOptions {
  /** How many top values to keep. Default 5. */
  topValues?: number;
  /** Below this share of one kind a column is "mixed". Default 0.8. */
  mixedBelow?: number;
  outliers?: OutlierOptions;
}

export function profileTable(table: AnalysisTable, options: ProfileOptions = {}): ColumnProfile[] {
  const profiles: ColumnProfile[] = [];
  for (let col = 0; col < columnCount(table); col++) profiles.push(profileColumn(table, col, options));
  return profiles;
}

// Dates and text share the key space of the counting map, so date keys carry a prefix no typed text has.
const DATE_KEY = "\u0000date:";
type DistinctKey = string | number | boolean;

/** One pass over the column's cells; the numbers and dates it collects are then sorted once. */
export function profileColumn(
  table: AnalysisTable,
  col: number,
  options: ProfileOptions = {},
): ColumnProfile {
  const rows = dataRowCount(table);
  const first = firstDataRow(table);
  const grid = table.grid;
  const numbers = new Float64Array(rows);
  const numberRows = new Int32Array(rows);
  const dates = new Float64Array(rows);
  const counts = new Map<DistinctKey, number>();
  const kinds: KindCounts = { number: 0, text: 0, date: 0, boolean: 0, error: 0 };
  let blanks = 0;
  let numbersAsText = 0;
  let shortest = Infinity;
  let longest = -1;

  for (let i = 0; i < rows; i++) {
    const value = grid[first + i]?.[col] ?? null;
    const kind = cellKind(value);
    if (kind === "blank") {
      blanks++;
      continue;
    }
    let key: DistinctKey;
    switch (kind) {
      case "number":
        numbers[kinds.number] = value as number;
        numberRows[kinds.number] = i;
        key = value as number;
        break;
      case "date": {
        const time = (value as Date).getTime();
        dates[kinds.date] = time;
        key = DATE_KEY + time;
        break;
      }
      case "text": {
        const text = value as string;
        if (text.length < shortest) shortest = text.length;
        if (text.length > longest) longest = text.length;
        if (numericText(text) !== null) numbersAsText++;
        key = text;
        break;
      }
      default:
        key = value as string | boolean;
    }
    kinds[kind]++;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  const { type, typeShare, dominant } = inferType(kinds, options.mixedBelow ?? 0.8);
  const profile: ColumnProfile = {
    index: col,
    letter: columnLetter(table, col),
    header: columnHeader(table, col),
    address: columnDataAddress(table, col),
    type,
    typeShare,
    kinds,
    count: rows - blanks,
    blanks,
    distinct: counts.size,
    numbersAsText,
    min: null,
    max: null,
    mean: null,
    median: null,
    textLength: longest >= 0 ? { min: shortest, max: longest } : null,
    topValues: topValues(counts, options.topValues ?? 5),
    spread: null,
    outliers: [],
  };
  if (dominant === "number") {
    const values = numbers.subarray(0, kinds.number);
    const sorted = sortedCopy(values);
    setSummary(profile, sorted, mean(values), (n) => n);
    const { spread, outliers } = detectOutliers(values, options.outliers, sorted);
    profile.spread = spread;
    profile.outliers = outliers.map((outlier) => {
      const dataRow = numberRows[outlier.index] ?? 0;
      const { value, method, robustZ } = outlier;
      return { dataRow, address: dataCellAddress(table, dataRow, col), value, method, robustZ };
    });
  } else if (dominant === "date") {
    const values = dates.subarray(0, kinds.date);
    setSummary(profile, sortedCopy(values), mean(values), (time) => new Date(Math.round(time)));
  }
  return profile;
}

function inferType(
  kinds: KindCounts,
  mixedBelow: number,
): { type: InferredType; typeShare: number; dominant: InferredType } {
  const candidates = ["number", "text", "date", "boolean"] as const;
  let dominant: (typeof candidates)[number] = "number";
  let total = 0;
  for (const kind of candidates) {
    total += kinds[kind];
    if (kinds[kind] > kinds[dominant]) dominant = kind;
  }
  if (total === 0) return { type: kinds.error ? "mixed" : "empty", typeShare: 0, dominant: "empty" };
  const typeShare = kinds[dominant] / total;
  return { type: typeShare >= mixedBelow ? dominant : "mixed", typeShare, dominant };
}

function setSummary<T extends number | Date>(
  profile: ColumnProfile,
  sorted: Float64Array,
  average: number,
  as: (n: number) => T,
): void {
  if (sorted.length === 0) return;
  profile.min = as(sorted[0] ?? 0);
  profile.max = as(sorted[sorted.length - 1] ?? 0);
  profile.mean = as(average);
  profile.median = as(medianOfSorted(sorted));
}

/** Top k in one pass over the distinct values, keeping a small sorted list rather than sorting them all. */
function topValues(counts: Map<DistinctKey, number>, k: number): TopValue[] {
  const top: { key: DistinctKey; count: number }[] = [];
  if (k <= 0) return [];
  for (const [key, count] of counts) {
    if (top.length === k && count <= (top[k - 1]?.count ?? 0)) continue;
    // Strictly greater moves up, so equal counts stay in first-seen (insertion) order.
    let at = top.length;
    while (at > 0 && (top[at - 1]?.count ?? 0) < count) at--;
    top.splice(at, 0, { key, count });
    if (top.length > k) top.pop();
  }
  return top.map(({ key, count }) => ({ value: decodeKey(key), count }));
}

function decodeKey(key: DistinctKey): Exclude<CellValue, null> {
  if (typeof key === "string" && key.startsWith(DATE_KEY))
    return new Date(Number(key.slice(DATE_KEY.length)));
  return key;
}
