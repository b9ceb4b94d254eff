import { blankReferences } from "./formula-checks/blank-references";
import { errorValues } from "./formula-checks/error-values";
import type { FormulaFinding } from "./formula-checks/formula-finding";
import { hardCodedConstants } from "./formula-checks/hard-coded-constants";
import { inconsistentFormulas } from "./formula-checks/inconsistent-formulas";
import { shortRanges } from "./formula-checks/short-ranges";
import { volatileFunctions } from "./formula-checks/volatile-functions";
import { readFormulaSheet, SheetCells, type FormulaSheet, type FormulaSource } from "./formula-sheet";

export type { FormulaFinding, FormulaFindingKind } from "./formula-checks/formula-finding";
export type { FormulaSheet, FormulaSource } from "./formula-sheet";
export { readFormulaSheet } from "./formula-sheet";
export { toR1C1 } from "./r1c1";

export interface FormulaAudit {
  /** Cells holding a formula that could be read. */
  formulaCount: number;
  /** Top to bottom, left to right; the more severe first within a cell. */
  findings: FormulaFinding[];
}

const RANK = { error: 0, warning: 1, info: 2 };

/** Every formula check over one sheet's values and formulas. */
export function auditFormulas(sheet: FormulaSheet): FormulaAudit {
  const cells = new SheetCells(sheet);
  const findings = [
    ...errorValues(cells),
    ...inconsistentFormulas(cells),
    ...hardCodedConstants(cells),
    ...shortRanges(cells),
    ...blankReferences(cells),
    ...volatileFunctions(cells),
  ].sort((a, b) => a.row - b.row || a.col - b.col || RANK[a.severity] - RANK[b.severity]);
  return { formulaCount: cells.formulas.length, findings };
}

/** Reads a sheet's used range from a host (XlsxWorkbook in the CLI) and audits it. */
export async function auditSheet(source: FormulaSource, sheet: string): Promise<FormulaAudit> {
  const read = await readFormulaSheet(source, sheet);
  return read ? auditFormulas(read) : { formulaCount: 0, findings: [] };
}
