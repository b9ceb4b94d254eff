import { compilePlan, PlanError } from "../formula/compile-plan";
import { evaluateFormula } from "../formula/evaluate-formula";
import type { FormulaPlan } from "../formula/plan-schema";
import { describeTable } from "../formula/table-context";
import type { SheetHost } from "../sheet/sheet-host";
import type { ComputablePlan } from "./analysis-plan";
import type { PlanResult } from "./plan-result";

/**
 * "An Excel formula for the same number": a plan that computes one number with sum, count,
 * average, min or max maps to a formula plan (SUMIFS and friends, same conditions), which is
 * compiled by src/formula and run by evaluateFormula on the sheet like every formula. It is
 * offered only when its value equals the computed one; otherwise the reason is kept (SUMIFS skips
 * numbers stored as text, which the plan counts, for example).
 */

export interface OfferedFormula {
  formula: string;
  explanation: string;
}

export type FormulaOffer =
  | { status: "verified"; formula: OfferedFormula }
  | { status: "not-offered"; reason: string; formula: string | null };

export interface FormulaSource {
  host: SheetHost;
  sheet: string;
  /** The table's cells, header row first ("Data!A1:H500"). */
  range: string;
}

const FORMULA_FUNCTIONS = new Set(["sum", "count", "average", "min", "max"]);

/** The formula plan for the same number, or null when the plan has no one-formula equivalent. */
export function formulaPlanFor(plan: ComputablePlan): FormulaPlan | null {
  if (plan.kind !== "aggregate" || plan.groupBy.length > 0 || !FORMULA_FUNCTIONS.has(plan.function))
    return null;
  if (plan.function === "count" && plan.column) return null;
  const fn = plan.function as "sum" | "count" | "average" | "min" | "max";
  return {
    kind: "aggregate",
    function: fn,
    ...(fn === "count" ? {} : { valueColumn: plan.column }),
    criteria: plan.filters,
  };
}

export async function offerFormula(
  plan: ComputablePlan,
  result: PlanResult,
  source: FormulaSource,
): Promise<FormulaOffer | null> {
  const formulaPlan = formulaPlanFor(plan);
  const computed = result.rows[0]?.at(-1);
  if (!formulaPlan || typeof computed !== "number") return null;
  let compiled;
  try {
    const context = await describeTable(source.host, source.sheet, { range: source.range });
    compiled = compilePlan(formulaPlan, context, { xlookup: true });
  } catch (error) {
    if (error instanceof PlanError) return { status: "not-offered", reason: error.message, formula: null };
    throw error;
  }
  const evaluated = await evaluateFormula(source.host, source.sheet, compiled.formula, undefined, {
    expect: "number",
  });
  if (evaluated.status !== "ok") {
    const why = evaluated.status === "error" ? evaluated.message : evaluated.reason;
    return { status: "not-offered", reason: why, formula: compiled.formula };
  }
  const value = evaluated.value;
  if (typeof value !== "number" || Math.abs(value - computed) > 1e-9 * Math.max(1, Math.abs(computed))) {
    return {
      status: "not-offered",
      reason:
        `On the sheet it gives ${String(value)}, not the computed ${computed}` +
        (compiled.warnings.length ? ` (${compiled.warnings.join(" ")})` : "."),
      formula: compiled.formula,
    };
  }
  return { status: "verified", formula: { formula: compiled.formula, explanation: compiled.explanation } };
}
