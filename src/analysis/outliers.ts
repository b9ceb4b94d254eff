import {
  meanAbsoluteDeviation,
  medianAbsoluteDeviation,
  medianOfSorted,
  quantileOfSorted,
  sortedCopy,
} from "./numeric-stats";

/**
 * Two robust tests, reported separately so a reader knows how sure to be: the modified z-score on the
 * median absolute deviation (Iglewicz & Hoaglin) and Tukey's far-out fences on the interquartile range.
 * Neither is pulled by the outliers themselves, unlike a mean and standard deviation.
 */
export type OutlierMethod = "MAD" | "IQR" | "MAD+IQR";

export interface OutlierOptions {
  /** |modified z| above this is an outlier. Default 3.5, the usual cut-off for this score. */
  robustZ?: number;
  /** Fences at Q1 − k·IQR and Q3 + k·IQR. Default 3 ("far out"), so natural tails are not flagged. */
  iqrFactor?: number;
  /** Fewer numbers than this say too little about a column's spread. Default 10. */
  minValues?: number;
}

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  lowerFence: number;
  upperFence: number;
  /** The scale behind the robust z-score (MAD, or 1.2533 × mean absolute deviation when MAD is 0). */
  scale: number;
}

export interface NumericOutlier {
  /** Position in the values given. */
  index: number;
  value: number;
  method: OutlierMethod;
  /** Modified z-score, or null when the column has no spread to measure it by. */
  robustZ: number | null;
}

export interface OutlierResult {
  spread: Spread | null;
  outliers: NumericOutlier[];
}

// 0.6745 is the 75th percentile of the standard normal, so MAD/0.6745 estimates σ for normal data.
const MAD_TO_SIGMA = 0.6745;
// For normal data the mean absolute deviation is σ·√(2/π); 1.2533 undoes it.
const MEAN_AD_TO_SIGMA = 1.2533;

export function detectOutliers(
  values: Float64Array,
  options: OutlierOptions = {},
  sorted: Float64Array = sortedCopy(values),
): OutlierResult {
  const { robustZ = 3.5, iqrFactor = 3, minValues = 10 } = options;
  if (values.length < minValues) return { spread: null, outliers: [] };
  const spread = measureSpread(values, sorted, iqrFactor);
  const iqr = spread.q3 - spread.q1;
  const outliers: NumericOutlier[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    const z = spread.scale > 0 ? (MAD_TO_SIGMA * (value - spread.median)) / spread.scale : null;
    const byMad = z !== null && Math.abs(z) > robustZ;
    // With IQR 0 every value off the middle would be "outside"; the fences then say nothing.
    const byIqr = iqr > 0 && (value < spread.lowerFence || value > spread.upperFence);
    if (!byMad && !byIqr) continue;
    const method: OutlierMethod = byMad && byIqr ? "MAD+IQR" : byMad ? "MAD" : "IQR";
    outliers.push({ index: i, value, method, robustZ: z === null ? null : round(z, 2) });
  }
  return { spread, outliers };
}

function measureSpread(values: Float64Array, sorted: Float64Array, iqrFactor: number): Spread {
  const median = medianOfSorted(sorted);
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const mad = medianAbsoluteDeviation(values, median);
  // Expressed in MAD units so one formula serves both; MEAN_AD_TO_SIGMA·meanAD ≈ σ ≈ MAD/0.6745.
  const scale = mad > 0 ? mad : MAD_TO_SIGMA * MEAN_AD_TO_SIGMA * meanAbsoluteDeviation(values, median);
  return { median, q1, q3, lowerFence: q1 - iqrFactor * iqr, upperFence: q3 + iqrFactor * iqr, scale };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
