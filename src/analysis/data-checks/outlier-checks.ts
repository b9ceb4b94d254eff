import type { ColumnProfile, ProfileOutlier } from "../column-profile";
import type { Spread } from "../outliers";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

/**
 * When many values sit past the fences the column is simply long-tailed (amounts often are), and
 * each one is then only worth a mention.
 */
const HEAVY_TAIL_SHARE = 0.02;

/**
 * Outliers worth a warning: both tests agree and the column is not simply long-tailed. Only these are
 * treated as likely slips elsewhere (validation bounds leave them out).
 */
export function likelySlips(profile: ColumnProfile): ProfileOutlier[] {
  const agreed = profile.outliers.filter((outlier) => outlier.method === "MAD+IQR");
  const heavyTail = agreed.length > Math.max(1, profile.kinds.number * HEAVY_TAIL_SHARE);
  return heavyTail ? [] : agreed;
}

/** Numbers far from the rest of their column, from the profile's two robust tests. */
export function outliers(view: ColumnView): DataFinding[] {
  const { profile } = view;
  const spread = profile.spread;
  if (!spread || profile.outliers.length === 0) return [];
  const slips = new Set(likelySlips(profile));
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
