import { requireDates } from "./column-warnings";
import type { CompiledFormula, CompileEnv } from "./compile-types";
import { dateLiteral, parseIsoDate } from "./formula-literals";
import { PlanError } from "./plan-error";
import { resolveColumn, rowCell } from "./plan-references";
import type { PlanOf } from "./plan-schema";

/**
 * Date columns computed row by row. Rows with a blank date stay blank: YEAR of a blank is 1900 and
 * DATEDIF from a blank is over a century, both plausible-looking wrong answers.
 */

const PARTS = {
  year: { formula: (d: string) => `YEAR(${d})`, what: "The year of" },
  month: { formula: (d: string) => `MONTH(${d})`, what: "The month number (1-12) of" },
  quarter: { formula: (d: string) => `ROUNDUP(MONTH(${d})/3,0)`, what: "The calendar quarter (1-4) of" },
  day: { formula: (d: string) => `DAY(${d})`, what: "The day of the month of" },
  weekday: { formula: (d: string) => `WEEKDAY(${d},2)`, what: "The weekday (1 = Monday, 7 = Sunday) of" },
  month_end: { formula: (d: string) => `EOMONTH(${d},0)`, what: "The last day of the month of" },
} as const;

const SPANS = {
  days_between: { formula: (a: string, b: string) => `${b}-${a}`, what: "Days" },
  workdays_between: {
    formula: (a: string, b: string) => `NETWORKDAYS(${a},${b})`,
    what: "Working days (Mon-Fri)",
  },
  years_between: { formula: (a: string, b: string) => `DATEDIF(${a},${b},"Y")`, what: "Whole years" },
} as const;

export function compileDate(plan: PlanOf<"date">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const column = resolveColumn(context, plan.column, "date column");
  requireDates(column, plan.operation);
  const ref = rowCell(context, column, placement);
  const blanks = column.blanks > 0 ? [ref] : [];

  let body: string;
  let explanation: string;
  const warnings: string[] = [];
  if (plan.operation in PARTS) {
    const part = PARTS[plan.operation as keyof typeof PARTS];
    body = part.formula(ref);
    explanation = `${part.what} ${column.header}`;
    if (plan.operation === "month_end")
      warnings.push("The result is a date serial number: format the column as a date.");
  } else {
    const span = SPANS[plan.operation as keyof typeof SPANS];
    const end = endOf(plan, env);
    if (end.blankable) blanks.push(end.expression);
    body = span.formula(ref, end.expression);
    explanation = `${span.what} from ${column.header} to ${end.description}`;
  }
  if (blanks.length === 0)
    return { formula: `=${body}`, explanation: `${explanation}.`, fillDown: true, warnings };
  const test = blanks.length === 1 ? `${blanks[0]}=""` : `OR(${blanks.map((ref) => `${ref}=""`).join(",")})`;
  return {
    formula: `=IF(${test},"",${body})`,
    explanation: `${explanation}, blank where a date is missing.`,
    fillDown: true,
    warnings,
  };
}

function endOf(
  plan: PlanOf<"date">,
  env: CompileEnv,
): { expression: string; description: string; blankable: boolean } {
  if (plan.endColumn !== undefined && plan.endDate !== undefined) {
    throw new PlanError("Give endColumn or endDate, not both (omit both to count to today).");
  }
  if (plan.endColumn !== undefined) {
    const column = resolveColumn(env.context, plan.endColumn, "endColumn");
    requireDates(column, plan.operation);
    return {
      expression: rowCell(env.context, column, env.placement),
      description: column.header,
      blankable: column.blanks > 0,
    };
  }
  if (plan.endDate !== undefined) {
    const date = parseIsoDate(plan.endDate);
    if (!date) throw new PlanError(`endDate must be a date written YYYY-MM-DD (got "${plan.endDate}").`);
    return { expression: dateLiteral(date), description: plan.endDate, blankable: false };
  }
  return { expression: "TODAY()", description: "today", blankable: false };
}
