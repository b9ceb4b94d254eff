import { compileAggregate } from "./compile-aggregate";
import { compileDate } from "./compile-date";
import { compileFilter, compileTopN, compileUnique } from "./compile-lists";
import { compileLookup } from "./compile-lookup";
import {
  compileArithmetic,
  compileCondition,
  compilePercentChange,
  compilePercentOfTotal,
  compileRank,
  compileRunningTotal,
} from "./compile-row";
import { compileText } from "./compile-text";
import type { CompiledFormula, CompileEnv, CompileOptions } from "./compile-types";
import { PlanError } from "./plan-error";
import { formulaPlanSchema, type FormulaPlan } from "./plan-schema";
import type { TableContext } from "./table-context";

export { PlanError } from "./plan-error";
export type { CompiledFormula, CompileOptions } from "./compile-types";

/**
 * Plan + table → formula. The model chose what to compute; this writes the ranges, quoting and
 * functions, or throws a PlanError whose message can go straight back to the model (an unknown
 * column lists the real headers). The result still goes through checkFormulaSafety and
 * evaluateFormula before anyone sees it.
 */
export function compilePlan(
  plan: FormulaPlan,
  context: TableContext,
  options: CompileOptions,
): CompiledFormula {
  const parsed = formulaPlanSchema.safeParse(plan);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "plan"}: ${issue.message}`);
    throw new PlanError(`The plan does not match the schema: ${issues.join("; ")}.`);
  }
  const env: CompileEnv = { context, options, placement: placementFor(context, options) };
  const checked = parsed.data;
  switch (checked.kind) {
    case "aggregate":
      return compileAggregate(checked, env);
    case "lookup":
      return compileLookup(checked, env);
    case "arithmetic":
      return compileArithmetic(checked, env);
    case "percent_change":
      return compilePercentChange(checked, env);
    case "condition":
      return compileCondition(checked, env);
    case "text":
      return compileText(checked, env);
    case "date":
      return compileDate(checked, env);
    case "rank":
      return compileRank(checked, env);
    case "top_n":
      return compileTopN(checked, env);
    case "unique":
      return compileUnique(checked, env);
    case "filter":
      return compileFilter(checked, env);
    case "percent_of_total":
      return compilePercentOfTotal(checked, env);
    case "running_total":
      return compileRunningTotal(checked, env);
  }
}

function placementFor(context: TableContext, options: CompileOptions): CompileEnv["placement"] {
  const row = options.targetRow ?? context.firstDataRow;
  if (!Number.isInteger(row) || row <= context.headerRow) {
    throw new PlanError(
      `targetRow ${row} is not a data row: the headers are in row ${context.headerRow}, data starts in row ${context.firstDataRow}.`,
    );
  }
  return { sheet: options.formulaSheet ?? context.sheet, row };
}
