/**
 * Order statistics on typed arrays: sorting a Float64Array is numeric and allocation-free, which is
 * what keeps profiling 100,000-row columns well inside its time budget.
 */

/** A sorted copy; the caller's array keeps its row order so positions still map to cells. */
export function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort();
}

/** Quantile p (0..1) of sorted values by linear interpolation, as Excel's QUARTILE.INC/PERCENTILE.INC. */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

export function medianOfSorted(sorted: Float64Array): number {
  return quantileOfSorted(sorted, 0.5);
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return values.length ? sum / values.length : Number.NaN;
}

/** Median absolute deviation from `centre`. */
export function medianAbsoluteDeviation(values: Float64Array, centre: number): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs((values[i] ?? 0) - centre);
  return medianOfSorted(deviations.sort());
}

/** Mean absolute deviation from `centre`: the fallback scale when more than half the values are equal. */
export function meanAbsoluteDeviation(values: Float64Array, centre: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs((values[i] ?? 0) - centre);
  return values.length ? sum / values.length : Number.NaN;
}
