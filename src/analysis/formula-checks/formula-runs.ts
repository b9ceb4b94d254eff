import type { ParsedFormula } from "../formula-sheet";

/**
 * Copies of one formula down a column share their problems; one finding for the run ("D2:D40") says
 * it once instead of forty times. A run is consecutive rows of one column with equal R1C1 text.
 */
export interface FormulaRun {
  first: ParsedFormula;
  last: ParsedFormula;
  size: number;
}

export function formulaRuns(formulas: readonly ParsedFormula[]): FormulaRun[] {
  const ordered = [...formulas].sort((a, b) => a.at.col - b.at.col || a.at.row - b.at.row);
  const runs: FormulaRun[] = [];
  let current: FormulaRun | null = null;
  for (const parsed of ordered) {
    const continues =
      current !== null &&
      parsed.at.col === current.last.at.col &&
      parsed.at.row === current.last.at.row + 1 &&
      parsed.r1c1 === current.last.r1c1;
    if (current && continues) {
      current.last = parsed;
      current.size++;
    } else {
      if (current) runs.push(current);
      current = { first: parsed, last: parsed, size: 1 };
    }
  }
  if (current) runs.push(current);
  return runs.sort((a, b) => a.first.at.row - b.first.at.row || a.first.at.col - b.first.at.col);
}

/** "this formula" or "these 12 copied formulas", for reasons that speak about a run. */
export function runSubject(run: FormulaRun): string {
  return run.size === 1 ? "The formula" : `These ${run.size} copies of one formula`;
}
