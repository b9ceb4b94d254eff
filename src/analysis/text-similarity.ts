/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours
 * ("Nroth") each cost 1. Stops early once the distance must exceed `limit`, since callers only ask
 * "within 1 or 2?" of short category names.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? 0;
}

/** "Calif." of "California", "Dept." of "Department": a dotted short form whose letters appear in order. */
export function isAbbreviationOf(short: string, long: string): boolean {
  if (!short.endsWith(".")) return false;
  const stem = short.slice(0, -1);
  if (stem.length < 2 || stem.length >= long.length || stem[0] !== long[0]) return false;
  let at = 0;
  for (const ch of long) if (ch === stem[at]) at++;
  return at === stem.length;
}

/**
 * "Nort" of "North": a cut-off word. The cut must fall inside a word, so "North" is not read as a
 * truncated "North East", and enough must remain to be recognisable.
 */
export function isTruncationOf(short: string, long: string): boolean {
  if (short.length < 3 || short.length >= long.length || !long.startsWith(short)) return false;
  const next = long[short.length] ?? "";
  return (
    /\p{L}/u.test(next) && /\p{L}/u.test(short[short.length - 1] ?? "") && short.length * 2 >= long.length
  );
}
