/** What a benchmark returns: a table for docs/benchmarks.md, notes, and any targets it missed. */
export interface BenchmarkReport {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes: string[];
  failedTargets: string[];
}

/** Wall-clock milliseconds of `work`, with the result. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}
