import type { ReferencePoint } from "../../formula/a1-reference";
import { parseReference } from "../../formula/formula-references";
import { tokensToFormula } from "../../formula/formula-text";
import { readTokens } from "../../formula/formula-tokens";
import { columnIndexToLetter, MAX_ROWS } from "../../sheet/a1";

/**
 * Fill-down as Excel's fill handle does it: each row gets the formula with its relative row
 * references moved by the distance from the first cell ($-anchored rows, whole columns, names
 * and structured references stay). Computed here rather than by Excel so the preview and the
 * journal show exactly what each cell receives.
 */
export function shiftFormulaRows(formula: string, rows: number): string {
  if (rows === 0 || !formula.startsWith("=")) return formula;
  const tokens = readTokens(formula);
  if (!tokens) return formula;
  let moved = false;
  const shifted = tokens.map((token) => {
    if (token.type !== "operand" || token.subtype !== "range") return token;
    const reference = parseReference(token.value).a1;
    if (!reference || reference.kind === "columns") return token;
    const start = shiftPoint(reference.start, rows);
    const end = shiftPoint(reference.end, rows);
    if (start === reference.start && end === reference.end) return token;
    moved = true;
    const body =
      reference.kind === "cell"
        ? pointText(start)
        : `${pointText(start, reference.kind)}:${pointText(end, reference.kind)}`;
    return { ...token, value: reference.prefix + body };
  });
  return moved ? tokensToFormula(shifted) : formula;
}

function shiftPoint(point: ReferencePoint, rows: number): ReferencePoint {
  if (point.rowAbsolute || point.row === null) return point;
  const row = point.row + rows;
  if (row < 0 || row >= MAX_ROWS) throw new Error("Filling down would move a reference off the sheet.");
  return { ...point, row };
}

function pointText(point: ReferencePoint, kind: "cell" | "range" | "rows" = "cell"): string {
  const row = point.row === null ? "" : `${point.rowAbsolute ? "$" : ""}${point.row + 1}`;
  if (kind === "rows") return row;
  const col = point.col === null ? "" : `${point.colAbsolute ? "$" : ""}${columnIndexToLetter(point.col)}`;
  return col + row;
}

/** The cells of a one-column fill-down: the formula in the first row, shifted copies below. */
export function fillDownCells(formula: string, rows: number): string[][] {
  return Array.from({ length: rows }, (_, index) => [shiftFormulaRows(formula, index)]);
}
