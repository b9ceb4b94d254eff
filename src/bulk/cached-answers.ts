import { normaliseInput, type PackedTask } from "./bulk-engine";
import { cacheKey, type ResultCache } from "./result-cache";

/**
 * How many of a run's cells the cache already answers, before any model work: what makes a
 * resumed run visible ("resuming: 612,000 of 1,000,000 already answered"). Cells count once per
 * cell, grouped by normalised input as the engine groups them; a cached value the task can no
 * longer read (an older shape) does not count, as the engine will ask the model again.
 */
export async function countCachedCells(
  cache: ResultCache,
  task: PackedTask<unknown>,
  texts: Iterable<string>,
): Promise<number> {
  const cellsPerInput = new Map<string, number>();
  for (const text of texts) {
    const input = normaliseInput(text);
    if (input === "") continue;
    cellsPerInput.set(input, (cellsPerInput.get(input) ?? 0) + 1);
  }
  let cached = 0;
  for (const [input, cells] of cellsPerInput) {
    const value = await cache.get(cacheKey(task.cacheParts, input)).catch(() => undefined);
    if (value === undefined) continue;
    try {
      task.decode(value);
      cached += cells;
    } catch {
      // An older shape: not an answer.
    }
  }
  return cached;
}
