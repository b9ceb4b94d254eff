import { columnWarnings, requireNumeric } from "./column-warnings";
import type { CompiledFormula, CompileEnv } from "./compile-types";
import { numberLiteral, plainLiteral } from "./formula-literals";
import { PlanError } from "./plan-error";
import { conditionExpression, describeCondition } from "./plan-conditions";
import { columnRange, findColumn, resolveColumn, rowCell, runningRange } from "./plan-references";
import type { PlanOf } from "./plan-schema";

/**
 * Fill-down columns computed from their own row: arithmetic, percent change, IF/IFS labels, rank,
 * share of total and running total. Each refers to its row as $C5 (or Table1[@Col]) and to whole
 * columns by exact absolute ranges, so filling it down keeps every reference right.
 */

const SYMBOLS = { add: "+", subtract: "-", multiply: "*", divide: "/" } as const;
const VERBS = { add: "Adds", subtract: "Subtracts", multiply: "Multiplies", divide: "Divides" } as const;

export function compileArithmetic(plan: PlanOf<"arithmetic">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const left = resolveColumn(context, plan.left, "left");
  requireNumeric(left, plan.operator, true);
  const leftRef = rowCell(context, left, placement);
  // A header wins over a number, so a column titled "2024" is still a column.
  const rightColumn =
    typeof plan.right === "string" && (findColumn(context, plan.right) || !isNumeric(plan.right))
      ? plan.right
      : undefined;
  let rightRef: string;
  let rightName: string;
  const warnings = columnWarnings(left);
  if (rightColumn !== undefined) {
    const right = resolveColumn(context, rightColumn, "right");
    requireNumeric(right, plan.operator, true);
    rightRef = rowCell(context, right, placement);
    rightName = right.header;
    for (const warning of columnWarnings(right)) warnings.push(warning);
  } else {
    const number = Number(plan.right);
    if (plan.operator === "divide" && number === 0)
      throw new PlanError("Dividing by 0 gives #DIV/0! in every row.");
    rightRef = numberLiteral(number);
    rightName = rightRef;
  }
  const expression = `${leftRef}${SYMBOLS[plan.operator]}${rightRef}`;
  const order =
    plan.operator === "subtract"
      ? `${rightName} from ${left.header}`
      : plan.operator === "divide"
        ? `${left.header} by ${rightName}`
        : `${left.header} and ${rightName}`;
  // A blank or zero divisor would show #DIV/0!; a blank result reads better in a filled-down column.
  if (plan.operator === "divide" && rightColumn !== undefined) {
    return fill(
      `=IF(${rightRef}=0,"",${expression})`,
      `Divides ${order} in each row, leaving the cell blank where ${rightName} is 0 or blank.`,
      warnings,
    );
  }
  return fill(`=${expression}`, `${VERBS[plan.operator]} ${order} in each row.`, warnings);
}

export function compilePercentChange(plan: PlanOf<"percent_change">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const from = resolveColumn(context, plan.fromColumn, "fromColumn");
  const to = resolveColumn(context, plan.toColumn, "toColumn");
  requireNumeric(from, "percent_change");
  requireNumeric(to, "percent_change");
  const [a, b] = [rowCell(context, from, placement), rowCell(context, to, placement)];
  return fill(
    `=IF(${a}=0,"",(${b}-${a})/${a})`,
    `The change from ${from.header} to ${to.header} as a fraction of ${from.header} (format as %), blank where ${from.header} is 0 or blank.`,
    [...columnWarnings(from), ...columnWarnings(to)],
  );
}

export function compileCondition(plan: PlanOf<"condition">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const tests = plan.rules.map((rule) => {
    const column = resolveColumn(context, rule.column, "rule column");
    return { test: conditionExpression(rule, column, rowCell(context, column, placement), "scalar"), rule };
  });
  const otherwise = plainLiteral(plan.otherwise);
  const [only] = tests;
  const formula =
    tests.length === 1 && only
      ? `=IF(${only.test},${plainLiteral(only.rule.result)},${otherwise})`
      : `=IFS(${tests.map(({ test, rule }) => `${test},${plainLiteral(rule.result)}`).join(",")},TRUE,${otherwise})`;
  const cases = plan.rules
    .map((rule) => `${show(rule.result)} where ${describeCondition(rule)}`)
    .join(", else ");
  return fill(formula, `Shows ${cases}, otherwise ${show(plan.otherwise)}.`, []);
}

export function compileRank(plan: PlanOf<"rank">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const value = resolveColumn(context, plan.valueColumn, "valueColumn");
  requireNumeric(value, "rank");
  const order = plan.order === "largest" ? 0 : 1;
  const which = plan.order === "largest" ? "largest" : "smallest";
  return fill(
    `=RANK.EQ(${rowCell(context, value, placement)},${columnRange(context, value)},${order})`,
    `Ranks each row's ${value.header} among all rows, 1 for the ${which}.`,
    columnWarnings(value),
  );
}

export function compilePercentOfTotal(plan: PlanOf<"percent_of_total">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const value = resolveColumn(context, plan.valueColumn, "valueColumn");
  requireNumeric(value, "percent_of_total");
  return fill(
    `=${rowCell(context, value, placement)}/SUM(${columnRange(context, value)})`,
    `Each row's ${value.header} as a fraction of the ${value.header} total (format as %).`,
    columnWarnings(value),
  );
}

export function compileRunningTotal(plan: PlanOf<"running_total">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const value = resolveColumn(context, plan.valueColumn, "valueColumn");
  requireNumeric(value, "running_total");
  return fill(
    `=SUM(${runningRange(context, value, placement)})`,
    `The total of ${value.header} from the first data row down to this row.`,
    columnWarnings(value),
  );
}

function fill(formula: string, explanation: string, warnings: string[]): CompiledFormula {
  return { formula, explanation, fillDown: true, warnings };
}

function show(value: string | number | boolean): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function isNumeric(text: string): boolean {
  return /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text);
}
