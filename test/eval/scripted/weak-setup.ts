import { compilePlan } from "../../../src/formula/compile-plan";
import { isFillDown } from "../../../src/formula/plan-schema";
import { describeTable } from "../../../src/formula/table-context";
import type { EvalCase } from "../dataset/case";
import { gradeFormula, hasError } from "../grading/grade";
import type { Grader } from "../grading/grader";
import { matches } from "../grading/compare";
import type { BuiltWorkbook } from "../workbooks/workbook";
import { assignFaults, offByOneFormula, type Fault } from "./faults";
import type { WeakScript } from "./scripted-models";

/**
 * What scripted-weak needs per case: the good answer written as the formula a model would type (A1
 * ranges, even over an Excel table, because that is what models write), its off-by-one variant where
 * that variant gives a different, error-free answer (checked with the grader), and the fault rotation.
 */
export async function prepareWeakScripts(
  cases: readonly EvalCase[],
  workbooks: readonly BuiltWorkbook[],
  grader: Grader,
): Promise<Map<string, WeakScript>> {
  const formulas = new Map<string, string>();
  const offByOne = new Map<string, string>();
  for (const evalCase of cases) {
    const { formula, lastDataRow } = await goodFormula(evalCase, workbooks);
    formulas.set(evalCase.id, formula);
    const cut = offByOneFormula(formula, lastDataRow);
    if (!cut) continue;
    const computed = gradeFormula(grader, evalCase, cut, evalCase.cell ?? "A1");
    if (!hasError(computed) && !matches(computed, evalCase.expected)) offByOne.set(evalCase.id, cut);
  }
  const faults = assignFaults(cases, offByOne);
  const counts = new Map<Fault, number>();
  const scripts = new Map<string, WeakScript>();
  for (const evalCase of cases) {
    const fault = faults.get(evalCase.id) ?? "wrong-column";
    const index = counts.get(fault) ?? 0;
    counts.set(fault, index + 1);
    scripts.set(evalCase.id, {
      fault,
      goodFormula: formulas.get(evalCase.id) ?? "",
      offByOne: offByOne.get(evalCase.id),
      index,
    });
  }
  return scripts;
}

async function goodFormula(
  evalCase: EvalCase,
  workbooks: readonly BuiltWorkbook[],
): Promise<{ formula: string; lastDataRow: number }> {
  const workbook = workbooks.find((w) => w.name === evalCase.workbook);
  if (!workbook) throw new Error(`no workbook ${evalCase.workbook}`);
  const table = await describeTable(workbook.host, evalCase.sheet, { range: evalCase.range });
  const plan = evalCase.goodPlan;
  if (plan.kind === "free_form") return { formula: plan.formula, lastDataRow: table.lastDataRow };
  const row = evalCase.cell ? Number(/\d+$/.exec(evalCase.cell)?.[0]) : undefined;
  const compiled = compilePlan(plan, table, {
    xlookup: evalCase.xlookup ?? true,
    targetRow: isFillDown(plan) ? row : undefined,
    formulaSheet: evalCase.sheet,
  });
  return { formula: compiled.formula, lastDataRow: table.lastDataRow };
}
