import {
  booleanLiteral,
  dateLiteral,
  escapeWildcards,
  nextMonth,
  numberLiteral,
  parseIsoDate,
  parseIsoMonth,
  textLiteral,
  type CalendarDate,
} from "./formula-literals";
import { PlanError } from "./plan-error";
import type { ConditionOperator, PlanValue } from "./plan-schema";
import type { TableColumn } from "./table-context";

/**
 * A plan's conditions ("Region equals East", "Date between 2024-01-01 and 2024-03-31") written two ways:
 * as criteria arguments for SUMIFS/COUNTIFS/..., and as a TRUE/FALSE expression for IF and FILTER.
 * Values are checked against the column's type first, so a model that compares a date column with
 * "March" is told so instead of getting a formula that silently matches nothing.
 */

export interface Condition {
  column: string;
  operator: ConditionOperator;
  value?: PlanValue | undefined;
  valueTo?: PlanValue | undefined;
}

type Typed =
  | { kind: "number"; value: number }
  | { kind: "text"; value: string }
  | { kind: "date"; value: CalendarDate }
  | { kind: "boolean"; value: boolean };

const ORDER_OPERATORS = new Set<ConditionOperator>([
  "greater_than",
  "at_least",
  "less_than",
  "at_most",
  "between",
]);
const COMPARISON: Partial<Record<ConditionOperator, string>> = {
  equals: "=",
  not_equals: "<>",
  greater_than: ">",
  at_least: ">=",
  less_than: "<",
  at_most: "<=",
};

/** Criteria for the *IFS functions, as [criteria_range, criteria] pairs; between and in_month give two. */
export function criteriaPairs(condition: Condition, column: TableColumn, range: string): [string, string][] {
  const { operator } = condition;
  const pair = (criteria: string): [string, string] => [range, criteria];
  switch (operator) {
    case "is_blank":
      return [pair('""')];
    case "not_blank":
      return [pair('"<>"')];
    case "between": {
      const [low, high] = bounds(condition, column);
      return [pair(orderCriteria(">=", low)), pair(orderCriteria("<=", high))];
    }
    case "in_month":
    case "in_year": {
      const [start, end] = period(condition, column);
      return [pair(`">="&${dateLiteral(start)}`), pair(`"<"&${dateLiteral(end)}`)];
    }
    case "contains":
    case "not_contains":
    case "starts_with":
    case "ends_with": {
      const text = textLiteral(escapeWildcards(textValue(condition, column)));
      if (operator === "contains") return [pair(`"*"&${text}&"*"`)];
      if (operator === "not_contains") return [pair(`"<>*"&${text}&"*"`)];
      // A leading = < > in the text would read as an operator; an explicit "=" keeps it text.
      if (operator === "starts_with")
        return [pair(`${/^[=<>]/.test(textValue(condition, column)) ? '"="&' : ""}${text}&"*"`)];
      return [pair(`"*"&${text}`)];
    }
    default: {
      const symbol = COMPARISON[operator] ?? "=";
      const typed = typedValue(condition, column, "value");
      if (typed.kind === "text") return [pair(textCriteria(symbol, typed.value))];
      if (symbol === "=" && typed.kind !== "date") return [pair(literal(typed))];
      return [pair(orderCriteria(symbol, typed))];
    }
  }
}

/** A TRUE/FALSE expression on `ref`. In "array" mode `ref` is a range and AND becomes multiplication. */
export function conditionExpression(
  condition: Condition,
  column: TableColumn,
  ref: string,
  mode: "scalar" | "array",
): string {
  const both = (a: string, b: string): string => (mode === "array" ? `(${a})*(${b})` : `AND(${a},${b})`);
  const { operator } = condition;
  switch (operator) {
    case "is_blank":
      return `${ref}=""`;
    case "not_blank":
      return `${ref}<>""`;
    case "between": {
      const [low, high] = bounds(condition, column);
      return both(`${ref}>=${literal(low)}`, `${ref}<=${literal(high)}`);
    }
    case "in_month":
    case "in_year": {
      const [start, end] = period(condition, column);
      return both(`${ref}>=${dateLiteral(start)}`, `${ref}<${dateLiteral(end)}`);
    }
    case "contains":
      return `ISNUMBER(SEARCH(${textLiteral(escapeWildcards(textValue(condition, column)))},${ref}))`;
    case "not_contains":
      return `NOT(ISNUMBER(SEARCH(${textLiteral(escapeWildcards(textValue(condition, column)))},${ref})))`;
    case "starts_with":
    case "ends_with": {
      const text = textValue(condition, column);
      const side = operator === "starts_with" ? "LEFT" : "RIGHT";
      return `${side}(${ref},${text.length})=${textLiteral(text)}`;
    }
    default:
      return `${ref}${COMPARISON[operator] ?? "="}${literal(typedValue(condition, column, "value"))}`;
  }
}

/** "Region is "East"", "Date is between 2024-01-01 and 2024-03-31". */
export function describeCondition(condition: Condition): string {
  const show = (value: PlanValue | undefined): string =>
    typeof value === "string" ? `"${value}"` : String(value);
  const { column, operator, value, valueTo } = condition;
  const phrases: Record<ConditionOperator, string> = {
    equals: `is ${show(value)}`,
    not_equals: `is not ${show(value)}`,
    greater_than: `is greater than ${show(value)}`,
    at_least: `is at least ${show(value)}`,
    less_than: `is less than ${show(value)}`,
    at_most: `is at most ${show(value)}`,
    between: `is between ${show(value)} and ${show(valueTo)}`,
    contains: `contains ${show(value)}`,
    not_contains: `does not contain ${show(value)}`,
    starts_with: `starts with ${show(value)}`,
    ends_with: `ends with ${show(value)}`,
    is_blank: "is blank",
    not_blank: "is not blank",
    in_month: `is in ${String(value)}`,
    in_year: `is in ${String(value)}`,
  };
  return `${column} ${phrases[operator]}`;
}

function literal(typed: Typed): string {
  switch (typed.kind) {
    case "number":
      return numberLiteral(typed.value);
    case "text":
      return textLiteral(typed.value);
    case "date":
      return dateLiteral(typed.value);
    case "boolean":
      return booleanLiteral(typed.value);
  }
}

function orderCriteria(symbol: string, typed: Typed): string {
  if (typed.kind === "number") return `"${symbol}${numberLiteral(typed.value)}"`;
  if (typed.kind === "boolean") return `"${symbol}${booleanLiteral(typed.value)}"`;
  return `"${symbol}"&${literal(typed)}`;
}

/** Criteria text matches wildcards and reads a leading operator, so both are neutralised. */
function textCriteria(symbol: string, text: string): string {
  const escaped = escapeWildcards(text);
  const plain = escaped === text && !/^[=<>]/.test(text);
  if (symbol === "=" && plain) return textLiteral(text);
  if (symbol === "<>" && plain) return textLiteral(`<>${text}`);
  return `"${symbol}"&${textLiteral(escaped)}`;
}

function bounds(condition: Condition, column: TableColumn): [Typed, Typed] {
  const low = typedValue(condition, column, "value");
  const high = typedValue(condition, column, "valueTo");
  if (low.kind !== high.kind) {
    throw new PlanError(`between on "${condition.column}" needs value and valueTo of the same kind.`);
  }
  return [low, high];
}

function period(condition: Condition, column: TableColumn): [CalendarDate, CalendarDate] {
  if (column.type !== "date" && column.type !== "mixed") {
    throw new PlanError(
      `${condition.operator} needs a date column, but "${column.header}" holds ${describeType(column)}.`,
    );
  }
  const raw = condition.value;
  if (condition.operator === "in_year") {
    const year = typeof raw === "number" ? raw : Number(String(raw ?? "").trim());
    if (!Number.isInteger(year) || year < 1900 || year > 9999) {
      throw new PlanError(`in_year on "${condition.column}" needs a year such as 2024 (got ${String(raw)}).`);
    }
    return [
      { year, month: 1, day: 1 },
      { year: year + 1, month: 1, day: 1 },
    ];
  }
  const month = typeof raw === "string" ? parseIsoMonth(raw) : null;
  if (!month)
    throw new PlanError(
      `in_month on "${condition.column}" needs a month written YYYY-MM (got ${String(raw)}).`,
    );
  return [{ ...month, day: 1 }, nextMonth(month)];
}

function textValue(condition: Condition, column: TableColumn): string {
  if (column.type !== "text" && column.type !== "mixed" && column.type !== "empty") {
    throw new PlanError(
      `${condition.operator} works on text, but "${column.header}" holds ${describeType(column)}; use equals or a comparison.`,
    );
  }
  const raw = condition.value;
  if (raw === undefined || raw === "") {
    throw new PlanError(
      `${condition.operator} on "${condition.column}" needs the text to look for in value.`,
    );
  }
  return String(raw);
}

/** The plan value as the column's kind of value, or a PlanError that says what was expected. */
function typedValue(
  condition: Condition,
  column: TableColumn,
  which: "value" | "valueTo",
  role: string = which,
): Typed {
  const raw = condition[which];
  const { operator } = condition;
  if (raw === undefined) throw new PlanError(`${operator} on "${condition.column}" needs ${role}.`);
  if (raw === "")
    throw new PlanError(`To test "${condition.column}" for empty cells use is_blank, not an empty value.`);
  const ordered = ORDER_OPERATORS.has(operator);
  const date = typeof raw === "string" ? parseIsoDate(raw) : null;
  const number = typeof raw === "number" ? raw : typeof raw === "string" ? numericText(raw) : null;

  switch (column.type) {
    case "date":
      if (date) return { kind: "date", value: date };
      throw new PlanError(
        `"${column.header}" holds dates; write the ${role} as YYYY-MM-DD, such as 2024-03-31 (got ${JSON.stringify(raw)}).`,
      );
    case "number":
      if (number !== null) return { kind: "number", value: number };
      throw new PlanError(`"${column.header}" holds numbers; ${JSON.stringify(raw)} is not a number.`);
    case "boolean":
      if (typeof raw === "boolean") return { kind: "boolean", value: raw };
      if (/^(true|false)$/i.test(String(raw))) return { kind: "boolean", value: /^true$/i.test(String(raw)) };
      throw new PlanError(`"${column.header}" holds TRUE/FALSE; ${JSON.stringify(raw)} is neither.`);
    case "text":
      if (ordered) {
        throw new PlanError(`${operator} compares numbers or dates, but "${column.header}" holds text.`);
      }
      // A code typed as 1001 must still match the text "1001" in the cell.
      return { kind: "text", value: String(raw) };
    default:
      if (typeof raw === "boolean") return { kind: "boolean", value: raw };
      if (typeof raw === "number") return { kind: "number", value: raw };
      if (date) return { kind: "date", value: date };
      if (ordered && number !== null) return { kind: "number", value: number };
      return { kind: "text", value: raw };
  }
}

function numericText(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

const TYPE_WORDS: Record<TableColumn["type"], string> = {
  number: "numbers",
  text: "text",
  date: "dates",
  boolean: "TRUE/FALSE values",
  mixed: "mixed values",
  empty: "no values",
};

export function describeType(column: TableColumn): string {
  return TYPE_WORDS[column.type];
}

/** A single plan value as a literal of the column's kind (the key of a lookup, say). */
export function valueLiteral(column: TableColumn, value: PlanValue, role: string): string {
  return literal(typedValue({ column: column.header, operator: "equals", value }, column, "value", role));
}
