import type { EngineScalar } from "fast-formula-parser";
import { EngineUnsupported, isEngineError } from "./engine-values";

/**
 * Criteria as SUMIFS, COUNTIFS, AVERAGEIFS, MAXIFS and MINIFS read them: "East" (equals, ignoring case,
 * with * ? wildcards and ~ escapes), ">=45292", "<>", "" (blank), 12 (also matches the text "12").
 * Date text such as ">=1/1/2024" depends on the locale, so it is reported as unsupported rather than
 * guessed.
 */

export type CriteriaTest = (cell: EngineScalar) => boolean;

const OPERATOR = /^(<>|>=|<=|=|>|<)?([\s\S]*)$/;

export function parseCriteria(criteria: EngineScalar): CriteriaTest {
  if (criteria === null) return (cell) => cell === null || cell === "";
  if (typeof criteria === "number") return numberEquals(criteria);
  if (typeof criteria === "boolean") return (cell) => cell === criteria;
  if (isEngineError(criteria)) return (cell) => isEngineError(cell) && cell.error === criteria.error;

  const [, op = "", operand = ""] = OPERATOR.exec(criteria) ?? [];
  if (operand === "") {
    if (op === "") return (cell) => cell === null || cell === "";
    if (op === "=") return (cell) => cell === null;
    // A cell holding "" (a formula's empty text) is not empty to "<>", as in Excel.
    if (op === "<>") return (cell) => cell !== null;
    return () => false;
  }
  const number = numberIn(operand);
  if (number !== null) return compareNumber(op || "=", number);
  if (/^(true|false)$/i.test(operand)) {
    const flag = /^true$/i.test(operand);
    return compareWith(op || "=", (cell) =>
      typeof cell === "boolean" ? compare(Number(cell), Number(flag)) : null,
    );
  }
  if (/^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!)$/i.test(operand)) {
    const code = operand.toUpperCase();
    const equal = (cell: EngineScalar): boolean => isEngineError(cell) && cell.error === code;
    return op === "<>" ? (cell) => !equal(cell) : equal;
  }
  if (mayBeDate(operand.trim())) {
    throw new EngineUnsupported(
      `the criteria "${criteria}" holds a date as text, which Excel reads by locale`,
    );
  }
  return textCriteria(op || "=", operand);
}

/**
 * Text some locale reads as a date: three parts, or two where one could be a month ("3-24", "24/3").
 * "25-34" (an age band) is no date anywhere, so it stays text.
 */
function mayBeDate(text: string): boolean {
  if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(text)) return true;
  const parts = /^(\d{1,4})[/.-](\d{1,2})$/.exec(text);
  return parts !== null && (Number(parts[1]) <= 12 || Number(parts[2]) <= 12);
}

function numberEquals(target: number): CriteriaTest {
  // A number criterion also matches text that reads as the same number, as Excel's COUNTIF does.
  return (cell) =>
    typeof cell === "number" ? cell === target : typeof cell === "string" && numberIn(cell) === target;
}

function compareNumber(op: string, target: number): CriteriaTest {
  if (op === "=") return numberEquals(target);
  if (op === "<>") {
    const equal = numberEquals(target);
    return (cell) => !equal(cell);
  }
  return compareWith(op, (cell) => (typeof cell === "number" ? compare(cell, target) : null));
}

function textCriteria(op: string, operand: string): CriteriaTest {
  if (op === "=" || op === "<>") {
    const pattern = wildcardRegex(operand, true);
    const matches = (cell: EngineScalar): boolean => typeof cell === "string" && pattern.test(cell);
    return op === "=" ? matches : (cell) => !matches(cell);
  }
  const target = operand.toLowerCase();
  return compareWith(op, (cell) => (typeof cell === "string" ? compare(cell.toLowerCase(), target) : null));
}

/** Applies an ordering operator to a comparison result; null (incomparable kinds) never matches. */
function compareWith(op: string, order: (cell: EngineScalar) => number | null): CriteriaTest {
  return (cell) => {
    const result = order(cell);
    if (result === null) return op === "<>";
    switch (op) {
      case "=":
        return result === 0;
      case "<>":
        return result !== 0;
      case ">":
        return result > 0;
      case ">=":
        return result >= 0;
      case "<":
        return result < 0;
      default:
        return result <= 0;
    }
  };
}

function compare<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function numberIn(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/.test(trimmed)) return null;
  const percent = trimmed.endsWith("%");
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  return percent ? value / 100 : value;
}

/** Excel wildcards: * any run, ? one character, ~* ~? ~~ the character itself. Case is ignored. */
export function wildcardRegex(pattern: string, whole: boolean): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? "";
    const next = pattern[i + 1];
    if (ch === "~" && (next === "*" || next === "?" || next === "~")) {
      source += escapeRegex(next);
      i++;
    } else if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += escapeRegex(ch);
  }
  return new RegExp(whole ? `^${source}$` : source, "i");
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
