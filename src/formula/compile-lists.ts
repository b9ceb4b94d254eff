import { columnWarnings, requireNumeric } from "./column-warnings";
import type { CompiledFormula, CompileEnv } from "./compile-types";
import { PlanError } from "./plan-error";
import { conditionExpression, describeCondition } from "./plan-conditions";
import { blockRange, columnRange, resolveColumn } from "./plan-references";
import type { PlanOf } from "./plan-schema";
import type { TableColumn } from "./table-context";

/**
 * Lists that spill from one cell: top N, distinct values, filtered rows. They need Excel's dynamic
 * arrays (the same Excel that has XLOOKUP); without them only a top-1 can be written.
 */

export function compileTopN(plan: PlanOf<"top_n">, env: CompileEnv): CompiledFormula {
  const { context, options } = env;
  const value = resolveColumn(context, plan.valueColumn, "valueColumn");
  requireNumeric(value, "top_n", true);
  const values = columnRange(context, value);
  const result =
    plan.returnColumn === undefined ? undefined : resolveColumn(context, plan.returnColumn, "returnColumn");
  const returns = result && columnRange(context, result);
  const largest = plan.order === "largest";
  const warnings = columnWarnings(value);
  const what = result ? result.header : value.header;
  const by = `by ${value.header}, ${largest ? "largest" : "smallest"} first`;

  if (!options.xlookup) {
    if (plan.n !== 1) throw dynamicArraysNeeded("A top-N list");
    const extreme = `${largest ? "MAX" : "MIN"}(${values})`;
    return single(
      returns ? `=INDEX(${returns},MATCH(${extreme},${values},0))` : `=${extreme}`,
      `The ${what} of the row with the ${largest ? "largest" : "smallest"} ${value.header}.`,
      warnings,
    );
  }

  const available = numericCount(value, context.lastDataRow - context.firstDataRow + 1);
  const n = Math.min(plan.n, available);
  if (n < 1) throw new PlanError(`"${value.header}" has no numbers to rank.`);
  if (n < plan.n)
    warnings.push(`Only ${available} rows have a number in "${value.header}", so the list has ${n}.`);
  if (!returns) {
    return single(
      `=${largest ? "LARGE" : "SMALL"}(${values},SEQUENCE(${n}))`,
      `The ${n} ${largest ? "largest" : "smallest"} values of ${value.header}.`,
      warnings,
    );
  }
  const direction = largest ? -1 : 1;
  // SORTBY would put text and blanks among the numbers, so rows without a number are filtered out first.
  const clean = value.blanks + value.textNumbers + value.errors > 0 || value.type !== "number";
  const sorted = clean
    ? `SORTBY(FILTER(${returns},ISNUMBER(${values})),FILTER(${values},ISNUMBER(${values})),${direction})`
    : `SORTBY(${returns},${values},${direction})`;
  return single(`=INDEX(${sorted},SEQUENCE(${n}))`, `The ${n} ${what} values ${by}.`, warnings);
}

export function compileUnique(plan: PlanOf<"unique">, env: CompileEnv): CompiledFormula {
  const { context, options } = env;
  if (!options.xlookup) throw dynamicArraysNeeded("A list of distinct values");
  const column = resolveColumn(context, plan.column, "column");
  const range = columnRange(context, column);
  // UNIQUE lists a blank cell as 0, so blanks are filtered out first when the column has any.
  const source = column.blanks > 0 ? `FILTER(${range},${range}<>"")` : range;
  const unique = `UNIQUE(${source})`;
  return single(
    plan.sorted ? `=SORT(${unique})` : `=${unique}`,
    `The distinct values of ${column.header}${plan.sorted ? ", sorted A to Z" : ", in order of first appearance"}.`,
    [],
  );
}

export function compileFilter(plan: PlanOf<"filter">, env: CompileEnv): CompiledFormula {
  const { context, options } = env;
  if (!options.xlookup) throw dynamicArraysNeeded("A filtered list of rows");
  const shown = plan.returnColumns.length
    ? plan.returnColumns.map((name) => resolveColumn(context, name, "returnColumns entry"))
    : context.columns.filter((column) => column.header);
  const tests = plan.criteria.map((criterion) => {
    const column = resolveColumn(context, criterion.column, "criteria column");
    return conditionExpression(criterion, column, columnRange(context, column), "array");
  });
  const include = tests.length === 1 ? (tests[0] ?? "") : tests.map((test) => `(${test})`).join("*");
  const { source, picks } = filterSource(context.columns, shown, env);
  const filtered = `FILTER(${source},${include},"")`;
  const where = plan.criteria.map((criterion) => describeCondition(criterion)).join(" and ");
  // CHOOSECOLS is Microsoft 365 only (Excel 2021 lacks it), so it is used only when it must be.
  const warnings = picks
    ? ["Showing columns that are not side by side uses CHOOSECOLS, which needs Microsoft 365."]
    : [];
  return single(
    picks ? `=CHOOSECOLS(${filtered},${picks})` : `=${filtered}`,
    `The ${shown.map((column) => column.header).join(", ")} of the rows where ${where}.`,
    warnings,
  );
}

/** Adjacent columns are one block; otherwise the span is filtered and CHOOSECOLS picks the wanted ones. */
function filterSource(
  all: readonly TableColumn[],
  shown: readonly TableColumn[],
  env: CompileEnv,
): { source: string; picks?: string } {
  const indexes = shown.map((column) => column.index);
  const first = indexes.reduce((low, index) => Math.min(low, index), Infinity);
  const last = indexes.reduce((high, index) => Math.max(high, index), -Infinity);
  const span = all.filter((column) => column.index >= first && column.index <= last);
  const source = blockRange(env.context, span);
  const inOrder = indexes.every((index, i) => i === 0 || index > (indexes[i - 1] ?? -1));
  if (span.length === shown.length && inOrder) return { source };
  return { source, picks: indexes.map((index) => String(index - first + 1)).join(",") };
}

function numericCount(column: TableColumn, rows: number): number {
  return column.type === "number" || column.type === "date"
    ? rows - column.blanks - column.textNumbers - column.errors
    : rows;
}

function dynamicArraysNeeded(what: string): PlanError {
  return new PlanError(
    `${what} needs Excel's dynamic arrays (Excel 2021 or Microsoft 365), which this workbook's Excel lacks ` +
      "(it has no XLOOKUP). Ask for a single value instead, such as the largest, or a rank column.",
  );
}

function single(formula: string, explanation: string, warnings: string[]): CompiledFormula {
  return { formula, explanation, fillDown: false, warnings };
}
