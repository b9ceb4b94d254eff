import type { FormulaToken } from "../../formula/formula-tokens";
import type { SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";
import { formulaRuns, runSubject } from "./formula-runs";

/**
 * Numbers typed into arithmetic (=B2*1.2): a rate or limit hidden inside formulas, to be found and
 * changed in every copy. 0 and 1 are structure, not assumptions, and so is an exponent (x^2).
 */
export function hardCodedConstants(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const run of formulaRuns(cells.formulas)) {
    const constants = arithmeticConstants(run.first.tokens);
    if (!constants.length) continue;
    const list = constants.join(", ");
    const one = constants.length === 1;
    findings.push(
      formulaFinding(
        cells,
        run.first.at,
        {
          kind: "hard-coded-constant",
          severity: "warning",
          r1c1: run.first.r1c1,
          reason:
            `${runSubject(run)} ${run.size === 1 ? "has" : "have"} the number${one ? "" : "s"} ${list} typed into ` +
            `the arithmetic (${run.first.formula}). If ${one ? "it is" : "they are"} a rate, price or limit, ` +
            `readers cannot see ${one ? "it" : "them"} and every copy must be edited when ${one ? "it changes" : "they change"}.`,
          fix:
            `Put ${list} in ${one ? "its own labelled cell" : "labelled cells"} (e.g. "Tax rate") and refer to ` +
            `${one ? "it" : "them"} with an absolute reference such as $H$1.`,
        },
        run.last.at,
      ),
    );
  }
  return findings;
}

function arithmeticConstants(tokens: readonly FormulaToken[]): string[] {
  const constants: string[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== "operand" || token.subtype !== "number") return;
    let before = index - 1;
    while (tokens[before]?.type === "operator-prefix") before--;
    let after = index + 1;
    let percent = false;
    while (tokens[after]?.type === "operator-postfix") {
      percent ||= tokens[after]?.value === "%";
      after++;
    }
    const value = Number(token.value) / (percent ? 100 : 1);
    if (value === 0 || value === 1) return;
    if (tokens[before]?.value === "^") return;
    if (!isArithmetic(tokens[before]) && !isArithmetic(tokens[after])) return;
    constants.push(percent ? `${token.value}%` : token.value);
  });
  return [...new Set(constants)];
}

function isArithmetic(token: FormulaToken | undefined): boolean {
  return token?.type === "operator-infix" && token.subtype === "math";
}
