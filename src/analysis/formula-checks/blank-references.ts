import type { FormulaToken } from "../../formula/formula-tokens";
import type { CellRef } from "../../sheet/a1";
import type { ParsedFormula, ReferenceUse, SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";

/** Functions that exist to look at a cell that may be empty, or only at its position. */
const BLANK_AWARE = new Set([
  ...["ISBLANK", "ISNUMBER", "ISTEXT", "ISNONTEXT", "ISLOGICAL", "ISERROR", "ISERR", "ISNA", "ISFORMULA"],
  ...["IFERROR", "IFNA", "COUNTA", "COUNTBLANK", "LEN", "N", "T", "CELL", "ROW", "COLUMN", "ROWS", "COLUMNS"],
  ...["OFFSET", "INDEX", "ADDRESS", "FORMULATEXT"],
]);

/**
 * Single cells a formula reads that are empty: Excel reads them as 0 or "", so the result looks
 * valid while an input is missing. Blanks inside ranges are normal and not reported.
 */
export function blankReferences(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const parsed of cells.formulas) {
    const cellUses = parsed.references.filter((use) => use.local && use.reference.kind === "cell");
    // A cell the formula tests for emptiness anywhere (=IF(C7="","",B7*C7)) is handled everywhere in it.
    const guarded = new Set(
      cellUses
        .filter((use) => BLANK_AWARE.has(use.within ?? "") || comparedWithEmptyText(parsed.tokens, use))
        .map((use) => cells.address(cellOf(use))),
    );
    const blanks = new Map<string, CellRef>();
    for (const use of cellUses) {
      const ref = cellOf(use);
      const address = cells.address(ref);
      if (!guarded.has(address) && cells.isBlank(ref) === true) blanks.set(address, ref);
    }
    if (blanks.size) findings.push(findingFor(cells, parsed, [...blanks.keys()]));
  }
  return findings;
}

function cellOf(use: ReferenceUse): CellRef {
  return { row: use.reference.start.row ?? 0, col: use.reference.start.col ?? 0 };
}

/** =IF(C7="", ...) handles the gap. */
function comparedWithEmptyText(tokens: readonly FormulaToken[], use: ReferenceUse): boolean {
  const emptyText = (token: FormulaToken | undefined): boolean =>
    token?.type === "operand" && token.subtype === "text" && token.value === "";
  const comparison = (token: FormulaToken | undefined): boolean =>
    token?.type === "operator-infix" && token.subtype === "logical";
  const i = use.tokenIndex;
  return (
    (comparison(tokens[i + 1]) && emptyText(tokens[i + 2])) ||
    (comparison(tokens[i - 1]) && emptyText(tokens[i - 2]))
  );
}

function findingFor(cells: SheetCells, parsed: ParsedFormula, addresses: string[]): FormulaFinding {
  const list = addresses.join(", ");
  const one = addresses.length === 1;
  const plain = (addresses[0] ?? "").replace(/^.*!/, "");
  return formulaFinding(cells, parsed.at, {
    kind: "blank-reference",
    severity: "warning",
    reason:
      `The formula reads ${list}, which ${one ? "is" : "are"} blank; Excel takes ${one ? "it" : "them"} as 0 ` +
      `(or empty text), so the result looks valid while an input is missing.`,
    fix:
      `Fill in ${list}, or make the formula wait for ${one ? "it" : "them"}, e.g. ` +
      `=IF(${plain}="", "", ${parsed.formula.replace(/^=/, "")}).`,
  });
}
