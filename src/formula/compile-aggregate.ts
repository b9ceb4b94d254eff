import { columnWarnings, requireNumeric } from "./column-warnings";
import type { CompiledFormula, CompileEnv } from "./compile-types";
import { PlanError } from "./plan-error";
import { criteriaPairs, describeCondition } from "./plan-conditions";
import { columnRange, resolveColumn } from "./plan-references";
import type { PlanOf } from "./plan-schema";

const WITHOUT_CRITERIA = { sum: "SUM", average: "AVERAGE", max: "MAX", min: "MIN" } as const;
const WITH_CRITERIA = { sum: "SUMIFS", average: "AVERAGEIFS", max: "MAXIFS", min: "MINIFS" } as const;
const VERBS = {
  sum: "Adds up",
  average: "Averages",
  max: "Finds the largest",
  min: "Finds the smallest",
} as const;

/** SUM/SUMIFS and friends: the *IFS form takes any number of criteria, each an exact column range. */
export function compileAggregate(plan: PlanOf<"aggregate">, env: CompileEnv): CompiledFormula {
  const { context } = env;
  const pairs = plan.criteria.flatMap((criterion) => {
    const column = resolveColumn(context, criterion.column, "criteria column");
    return criteriaPairs(criterion, column, columnRange(context, column));
  });
  const where = plan.criteria.length
    ? ` for rows where ${plan.criteria.map((criterion) => describeCondition(criterion)).join(" and ")}`
    : " over all rows";
  const args = pairs.flat();

  if (plan.function === "count") {
    return countFormula(plan, env, args, where);
  }
  if (plan.valueColumn === undefined) {
    throw new PlanError(`${plan.function} needs valueColumn: the column to ${plan.function}.`);
  }
  const value = resolveColumn(context, plan.valueColumn, "valueColumn");
  requireNumeric(value, plan.function, plan.function === "max" || plan.function === "min");
  const range = columnRange(context, value);
  const formula = args.length
    ? `=${WITH_CRITERIA[plan.function]}(${[range, ...args].join(",")})`
    : `=${WITHOUT_CRITERIA[plan.function]}(${range})`;
  return {
    formula,
    explanation: `${VERBS[plan.function]} ${value.header}${where}.`,
    fillDown: false,
    warnings: columnWarnings(value),
  };
}

function countFormula(
  plan: PlanOf<"aggregate">,
  env: CompileEnv,
  args: string[],
  where: string,
): CompiledFormula {
  const { context } = env;
  const value =
    plan.valueColumn === undefined ? undefined : resolveColumn(context, plan.valueColumn, "valueColumn");
  const valueRange = value && columnRange(context, value);
  if (args.length === 0) {
    if (value && valueRange) {
      return {
        formula: `=COUNTA(${valueRange})`,
        explanation: `Counts the rows with a value in ${value.header}.`,
        fillDown: false,
        warnings: [],
      };
    }
    const first = context.columns[0];
    if (!first) throw new PlanError("The table has no columns.");
    return {
      formula: `=ROWS(${columnRange(context, first)})`,
      explanation: "Counts the table's data rows.",
      fillDown: false,
      warnings: [],
    };
  }
  // Counting "rows with a Revenue" under criteria is one more criterion: Revenue is not blank.
  const extra = valueRange ? [valueRange, '"<>"'] : [];
  const also = value ? ` and ${value.header} is not blank` : "";
  return {
    formula: `=COUNTIFS(${[...args, ...extra].join(",")})`,
    explanation: `Counts the rows${where.replace(" for rows where", " where")}${also}.`,
    fillDown: false,
    warnings: [],
  };
}
