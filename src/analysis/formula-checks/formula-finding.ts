import type { CellRef } from "../../sheet/a1";
import type { Finding, Severity } from "../finding";
import type { SheetCells } from "../formula-sheet";

export type FormulaFindingKind =
  | "error-value"
  | "inconsistent-formula"
  | "hard-coded-constant"
  | "short-range"
  | "blank-reference"
  | "volatile-function";

export interface FormulaFinding extends Finding<FormulaFindingKind> {
  /** The formula of the (first) cell, or null for an error value typed as data. */
  formula: string | null;
  /** The formula in R1C1, which is what copies share. */
  r1c1?: string;
}

export function formulaFinding(
  cells: SheetCells,
  at: CellRef,
  details: { kind: FormulaFindingKind; severity: Severity; reason: string; fix: string; r1c1?: string },
  end: CellRef = at,
): FormulaFinding {
  return {
    ...details,
    address: cells.address(at, end),
    row: at.row,
    col: at.col,
    formula: cells.formula(at),
  };
}
