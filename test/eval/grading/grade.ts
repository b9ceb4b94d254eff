import type { EvalCase } from "../dataset/case";
import type { Computed } from "./compare";
import type { Grader } from "./grader";

/** The formula's value(s) for the case: at its cell, or filled down to the rows the case lists. */
export function gradeFormula(grader: Grader, evalCase: EvalCase, formula: string, cell: string): Computed {
  const { expected } = evalCase;
  return expected.kind === "fill"
    ? grader.fillDown(evalCase.workbook, evalCase.sheet, formula, cell, expected.rows)
    : grader.evaluate(evalCase.workbook, evalCase.sheet, formula, cell);
}

/** Whether any cell of the result is an error value. */
export function hasError(computed: Computed): boolean {
  if (Array.isArray(computed)) return computed.some((item) => hasError(item));
  return computed !== null && typeof computed === "object";
}

const BLOCKED = new Set([
  "WEBSERVICE",
  "FILTERXML",
  "HYPERLINK",
  "CALL",
  "REGISTER",
  "REGISTER.ID",
  "RTD",
  "INFO",
]);

/**
 * The eval's own check that an offered formula is safe (independent of src/formula/formula-safety.ts):
 * no function that reaches outside the workbook, and no reference into another file.
 */
export function unsafeReason(formula: string): string | null {
  const code = formula
    .split(/("(?:[^"]|"")*")/)
    .filter((_part, index) => index % 2 === 0)
    .join(" ");
  for (const match of code.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\s*\(/g)) {
    const name = (match[1] ?? "").toUpperCase().replace(/^_XLFN\./, "");
    if (BLOCKED.has(name)) return `calls ${name}`;
  }
  if (/\[[^\]]*\.(xls[xmb]?|csv)\]|[A-Za-z]:\\|https?:\/\//i.test(code)) return "refers to another file";
  return null;
}
