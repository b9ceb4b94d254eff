import { isBlank, isExcelErrorText, type CellValue } from "./cells";

/**
 * What a cell holds, as far as a writer must know before replacing it. Both hosts reduce their
 * cells to this, so "is this cell empty?" has one answer in the CLI and in the add-in.
 */
export interface CellState {
  /** The value shown (a formula's cached result), errors as their text. */
  value: CellValue;
  /** The formula with its leading "=", or null. A formula counts even when its result is 0 or "". */
  formula: string | null;
  /**
   * Set when the cell belongs to something larger that a write would break: a merged area's
   * non-anchor cell ("merged area C1:D2") or a cell an array/spill formula fills ("array formula in A1").
   */
  coveredBy: string | null;
}

/** Empty means nothing of the user's is lost by writing here: no value, no formula, not part of a larger whole. */
export function isEmptyCell(cell: CellState): boolean {
  return cell.formula === null && cell.coveredBy === null && isBlank(cell.value);
}

/** Short words for what a non-empty cell holds, for "nothing was written" messages. */
export function describeCell(cell: CellState): string {
  if (cell.formula !== null) return `the formula ${clip(cell.formula)}`;
  if (cell.coveredBy !== null) return `part of the ${cell.coveredBy}`;
  if (typeof cell.value === "string")
    return isExcelErrorText(cell.value) ? cell.value : `"${clip(cell.value)}"`;
  if (cell.value instanceof Date) return cell.value.toISOString().slice(0, 10);
  return String(cell.value);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
