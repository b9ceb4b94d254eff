import { findSpellingVariants } from "./category-variants";
import { isoDay } from "./cell-kind";
import { profileTable, type ColumnProfile, type ProfileOutlier } from "./column-profile";
import { categorySpellings } from "./data-checks/category-checks";
import type { ColumnView } from "./data-checks/data-finding";
import { likelySlips } from "./data-checks/outlier-checks";
import { columnShape } from "./data-checks/pattern-checks";
import { niceCeil, niceFloor } from "./nice-numbers";
import { columnValues, emptyDataRows, type AnalysisTable } from "./table";

/**
 * Suggested Excel data-validation rules, one per column where the data shows a clear rule. Each `rule`
 * is exactly what Office.js takes as `range.dataValidation.rule` and `errorAlert` what it takes as
 * `range.dataValidation.errorAlert`; applying them is the host's job.
 */
export type ValidationOperator =
  | "Between"
  | "NotBetween"
  | "EqualTo"
  | "NotEqualTo"
  | "GreaterThan"
  | "LessThan"
  | "GreaterThanOrEqualTo"
  | "LessThanOrEqualTo";

/** Excel.BasicDataValidation: whole numbers, decimals and text lengths. */
export interface BasicValidation {
  formula1: number;
  formula2?: number;
  operator: ValidationOperator;
}

/** Excel.DateTimeDataValidation, with ISO dates ("2024-01-31"), which Office.js accepts as strings. */
export interface DateValidation {
  formula1: string;
  formula2?: string;
  operator: ValidationOperator;
}

/** Excel.ListDataValidation: a comma-separated source. */
export interface ListValidation {
  inCellDropDown: boolean;
  source: string;
}

export type SuggestedRule =
  | { list: ListValidation }
  | { wholeNumber: BasicValidation }
  | { decimal: BasicValidation }
  | { date: DateValidation }
  | { textLength: BasicValidation };

export type SuggestedRuleType = "list" | "wholeNumber" | "decimal" | "date" | "textLength";

/** Excel.DataValidationErrorAlert. "Warning" lets a person keep an unusual but right value. */
export interface SuggestedErrorAlert {
  title: string;
  message: string;
  style: "Warning";
  showAlert: boolean;
}

export interface ValidationSuggestion {
  header: string;
  /** The column's data cells, where the rule would apply. */
  address: string;
  type: SuggestedRuleType;
  rule: SuggestedRule;
  errorAlert: SuggestedErrorAlert;
  /** Why this rule, in plain words, naming any values left out of it. */
  reason: string;
}

export interface ValidationOptions {
  /** More clean categories than this make a drop-down unwieldy. Default 20. */
  maxListItems?: number;
  /** "Now", for the date window; injectable so suggestions do not change with the clock. */
  today?: Date;
  /** Profiles already computed for this table, to avoid profiling twice. */
  profiles?: ColumnProfile[];
}

// Excel rejects a list source longer than 255 characters, and a comma always separates items.
const MAX_LIST_SOURCE = 255;
const MAX_ALERT_TITLE = 32;
const MAX_ALERT_MESSAGE = 255;

export function suggestValidationRules(
  table: AnalysisTable,
  options: ValidationOptions = {},
): ValidationSuggestion[] {
  const profiles = options.profiles ?? profileTable(table);
  const emptyRows = emptyDataRows(table);
  const today = options.today ?? new Date();
  const suggestions: ValidationSuggestion[] = [];
  for (const profile of profiles) {
    const view: ColumnView = {
      table,
      col: profile.index,
      profile,
      values: columnValues(table, profile.index),
      emptyRows,
      today,
    };
    const suggestion = suggestFor(view, options.maxListItems ?? 20);
    if (suggestion) suggestions.push(suggestion);
  }
  return suggestions;
}

type Draft = Pick<ValidationSuggestion, "type" | "rule" | "reason"> & { message: string };

function suggestFor(view: ColumnView, maxListItems: number): ValidationSuggestion | null {
  const { profile } = view;
  let draft: Draft | null = null;
  if (profile.type === "boolean") draft = booleanList();
  else if (profile.type === "number") draft = numberBounds(view);
  else if (profile.type === "date") draft = dateWindow(view);
  else if (profile.type === "text") draft = categoryList(view, maxListItems) ?? textLength(view);
  if (!draft) return null;
  const { type, rule, reason, message } = draft;
  return {
    header: profile.header,
    address: profile.address,
    type,
    rule,
    errorAlert: {
      title: clip(`Check ${profile.header}`, MAX_ALERT_TITLE),
      message: clip(message, MAX_ALERT_MESSAGE),
      style: "Warning",
      showAlert: true,
    },
    reason,
  };
}

function booleanList(): Draft {
  return {
    type: "list",
    rule: { list: { inCellDropDown: true, source: "TRUE,FALSE" } },
    reason: "The column holds TRUE/FALSE values; a drop-down keeps it that way.",
    message: "Choose TRUE or FALSE.",
  };
}

/** Bounds from the values without the likely slips, which must not stretch the limits. */
function numberBounds(view: ColumnView): Draft | null {
  const { profile } = view;
  const slips = likelySlips(profile, view.values);
  const outlierRows = new Set(slips.map((outlier) => outlier.dataRow));
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  view.values.forEach((value, dataRow) => {
    if (typeof value !== "number" || outlierRows.has(dataRow)) return;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (!Number.isInteger(value)) whole = false;
  });
  if (min === Infinity) return null;
  const lower = min >= 0 ? 0 : niceFloor(min);
  const upper = niceCeil(max);
  if (lower === upper) return null;
  const bounds: BasicValidation = { formula1: lower, formula2: upper, operator: "Between" };
  const kind = whole ? "whole numbers" : "numbers";
  const left = slips.length ? ` Left out as likely slips: ${slipList(slips)}.` : "";
  return {
    type: whole ? "wholeNumber" : "decimal",
    rule: whole ? { wholeNumber: bounds } : { decimal: bounds },
    reason:
      `"${profile.header}" holds ${kind} from ${min} to ${max}${min >= 0 ? " (none negative)" : ""}; ` +
      `allowing ${lower} to ${upper} leaves room for new values.${left}`,
    message: `Enter ${whole ? "a whole number" : "a number"} from ${lower} to ${upper}.`,
  };
}

function slipList(slips: readonly ProfileOutlier[]): string {
  const shown = slips.slice(0, 5).map((outlier) => `${outlier.value} at ${outlier.address}`);
  const more = slips.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` and ${more} more` : "");
}

/**
 * From 1 January of the first year seen to 31 December of next year (or of the last year seen, if
 * later): entries keep arriving, so the window must stay open a while past the data.
 */
function dateWindow(view: ColumnView): Draft | null {
  const todayYear = view.today.getUTCFullYear();
  let first = Infinity;
  let last = -Infinity;
  for (const value of view.values) {
    if (!(value instanceof Date)) continue;
    const year = value.getUTCFullYear();
    // Implausible years are reported as findings; they must not stretch the window.
    if (year < 1900 || year > todayYear + 5) continue;
    first = Math.min(first, value.getTime());
    last = Math.max(last, value.getTime());
  }
  if (first === Infinity) return null;
  const from = `${new Date(first).getUTCFullYear()}-01-01`;
  const to = `${Math.max(new Date(last).getUTCFullYear(), todayYear + 1)}-12-31`;
  return {
    type: "date",
    rule: { date: { formula1: from, formula2: to, operator: "Between" } },
    reason: `"${view.profile.header}" holds dates from ${isoDay(new Date(first))} to ${isoDay(new Date(last))}; allowing ${from} to ${to} catches typos in the year.`,
    message: `Enter a date from ${from} to ${to}.`,
  };
}

/** A drop-down of the clean spellings; the variants the data check flags are left out of it. */
function categoryList(view: ColumnView, maxListItems: number): Draft | null {
  const spellings = categorySpellings(view);
  if (!spellings) return null;
  const variants = new Set(findSpellingVariants(spellings).map((variant) => variant.spelling));
  const items = [...spellings.keys()]
    .filter((spelling) => !variants.has(spelling))
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "en") || a.localeCompare(b, "en"));
  const source = items.join(",");
  if (
    items.length > maxListItems ||
    items.some((item) => item.includes(",")) ||
    source.length > MAX_LIST_SOURCE
  )
    return null;
  const left = variants.size
    ? ` Left out as likely misspellings: ${[...variants].map((v) => JSON.stringify(v)).join(", ")}.`
    : "";
  return {
    type: "list",
    rule: { list: { inCellDropDown: true, source } },
    reason: `"${view.profile.header}" uses ${items.length} categories; a drop-down keeps new entries to them.${left}`,
    message: `Choose one of: ${items.join(", ")}.`,
  };
}

/** Fixed-layout codes get their exact length; other text a generous cap against pasted paragraphs. */
function textLength(view: ColumnView): Draft | null {
  const { profile } = view;
  if (!profile.textLength) return null;
  const shape = columnShape(view);
  if (shape?.kind === "layout") {
    const { min, max } = shape.length;
    const rule: BasicValidation =
      min === max
        ? { formula1: min, operator: "EqualTo" }
        : { formula1: min, formula2: max, operator: "Between" };
    const length = min === max ? `${min} characters` : `${min} to ${max} characters`;
    return {
      type: "textLength",
      rule: { textLength: rule },
      reason: `"${profile.header}" follows the layout ${shape.shape} (${length}, e.g. ${JSON.stringify(shape.example)}).`,
      message: `Enter ${length}, like ${shape.example}.`,
    };
  }
  // Twice the longest seen leaves room for real entries yet to come.
  const cap = Math.max(10, niceCeil(profile.textLength.max * 2));
  return {
    type: "textLength",
    rule: { textLength: { formula1: cap, operator: "LessThanOrEqualTo" } },
    reason: `The longest entry in "${profile.header}" has ${profile.textLength.max} characters; a cap of ${cap} stops pasted paragraphs.`,
    message: `Keep it to ${cap} characters or fewer.`,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
