import type { CellValue } from "../../sheet/cells";
import type { ColumnProfile, ProfileOutlier } from "../column-profile";
import { detectOutliers, type OutlierMethod, type Spread } from "../outliers";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

/**
 * When many values sit past the fences the column is simply long-tailed (amounts often are), and
 * each one is then only worth a mention.
 */
const HEAVY_TAIL_SHARE = 0.02;

/**
 * Outliers worth a warning: both tests agree and the column is not simply long-tailed. Only these are
 * treated as likely slips elsewhere (validation bounds leave them out). Amounts, prices, counts and
 * weights are positive with a long right tail (roughly log-normal): there the tests are repeated on the
 * logarithms, where a legitimately large order is ordinary and a slipped decimal point (×100) or three
 * extra zeros still stand far out.
 */
export function likelySlips(profile: ColumnProfile, values: readonly CellValue[]): ProfileOutlier[] {
  const agreed = profile.outliers.filter((outlier) => bothTests(outlier.method, profile.spread));
  if (agreed.length === 0) return [];
  const numbers = values.filter((value): value is number => typeof value === "number");
  const tail = Math.max(1, numbers.length * HEAVY_TAIL_SHARE);
  if (!numbers.every((n) => n > 0)) return agreed.length > tail ? [] : agreed;
  const logs = Float64Array.from(numbers, (n) => Math.log10(n));
  const far = farOnLogScale(numbers, logs);
  // A slip stands alone; a large value with company (a price list's dearest item, a big client's
  // orders) is part of the column's range, however far it is from the median.
  return agreed.filter((outlier) => far.has(outlier.value) && neighbours(logs, outlier.value) <= tail);
}

/** Values on the far side of both tests on the logarithms. */
function farOnLogScale(numbers: readonly number[], logs: Float64Array): Set<number> {
  const far = new Set<number>();
  const { spread, outliers } = detectOutliers(logs);
  for (const outlier of outliers) {
    if (bothTests(outlier.method, spread)) far.add(numbers[outlier.index] ?? Number.NaN);
  }
  return far;
}

/** Within this many decades (a factor of about 3) a value counts as another's neighbour. */
const NEIGHBOURHOOD = 0.5;

/** Other values within a factor of about 3 of `value`. */
function neighbours(logs: Float64Array, value: number): number {
  const at = Math.log10(value);
  let count = -1; // the value itself
  for (const log of logs) if (Math.abs(log - at) <= NEIGHBOURHOOD) count++;
  return count;
}

/**
 * Both tests flagged it; when over half the values are equal (a price list, a default) the IQR is 0
 * and its fences say nothing, so the robust z-score alone must do.
 */
function bothTests(method: OutlierMethod, spread: Spread | null): boolean {
  if (method === "MAD+IQR") return true;
  return method === "MAD" && spread !== null && spread.q3 === spread.q1;
}

/** Numbers far from the rest of their column, from the profile's two robust tests. */
export function outliers(view: ColumnView): DataFinding[] {
  const { profile } = view;
  const spread = profile.spread;
  if (!spread || profile.outliers.length === 0) return [];
  const slips = new Set(likelySlips(profile, view.values));
  return profile.outliers.map((outlier) => {
    const finding = findingAt(view, outlier.dataRow, {
      kind: "outlier",
      severity: slips.has(outlier) ? "warning" : "info",
      reason: reasonFor(outlier.value, outlier.method, outlier.robustZ, spread, profile.header),
      fix:
        "Check it against the source: a slipped decimal point, an extra zero or a wrong unit are the usual " +
        "causes. If it is right, leave it; it will still pull averages and totals.",
    });
    finding.method = outlier.method;
    return finding;
  });
}

function reasonFor(
  value: number,
  method: "MAD" | "IQR" | "MAD+IQR",
  robustZ: number | null,
  spread: Spread,
  header: string,
): string {
  const tests: string[] = [];
  if (method !== "IQR" && robustZ !== null) {
    tests.push(`its robust z-score is ${robustZ} (median ${round(spread.median)}; beyond ±3.5 is unusual)`);
  }
  if (method !== "MAD") {
    const side = value > spread.upperFence ? "above" : "below";
    const fence = value > spread.upperFence ? spread.upperFence : spread.lowerFence;
    tests.push(
      `it lies ${side} the IQR fence of ${round(fence)} (middle half of the values: ${round(spread.q1)} to ${round(spread.q3)})`,
    );
  }
  return `${round(value)} is far from the rest of "${header}": ${tests.join(", and ")}. Method: ${method}.`;
}

function round(value: number): string {
  return Number(value.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}
