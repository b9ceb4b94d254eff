import type { EngineValue } from "fast-formula-parser";
import { isEngineError } from "./engine-values";

/**
 * What checking a candidate formula found, in a form that can go back to the model: a value, an error
 * with a plain explanation, or "not verified" with the reason the engine could not vouch for it.
 */

export type EvaluatedScalar = number | string | boolean | null;
/** Dates come back as Excel serial numbers; a spilling result as rows of values. */
export type EvaluatedValue = EvaluatedScalar | EvaluatedScalar[][];

export type EvaluationError =
  | "#NULL!"
  | "#DIV/0!"
  | "#VALUE!"
  | "#REF!"
  | "#NAME?"
  | "#NUM!"
  | "#N/A"
  | "#SPILL!"
  | "#CALC!"
  /** Excel would not accept the formula at all. */
  | "syntax"
  /** Nothing came back: blank, "", or a list with nothing in it. */
  | "empty"
  /** A value of another kind than the caller expected (text where a number was wanted, say). */
  | "wrong-type"
  /** The formula refers to the cell it is written in. */
  | "circular"
  /** checkFormulaSafety refused it; it was not run. */
  | "refused";

export type EvaluationResult =
  | { status: "ok"; value: EvaluatedValue }
  | { status: "error"; error: EvaluationError; message: string }
  | { status: "not-verified"; reason: string };

export type ExpectedKind = "number" | "text" | "boolean" | "array" | "any";

const MEANINGS: Record<string, string> = {
  "#DIV/0!": "it divides by zero or by a blank cell",
  "#N/A": "a lookup found no match, or a value is not available",
  "#VALUE!": "it uses a value of the wrong kind, such as text where a number is needed",
  "#REF!": "it refers to cells that do not exist",
  "#NAME?": "it uses a name or function Excel does not know",
  "#NUM!": "it asks for an impossible number, such as the 5th largest of 3 values",
  "#NULL!": "it intersects ranges that do not overlap",
  "#CALC!": "the calculation has no result, such as FILTER matching no rows",
  "#SPILL!": "its result cannot spill into the cells below or to the right",
};

export function errorResult(error: EvaluationError, detail?: string): EvaluationResult {
  const meaning = MEANINGS[error];
  const message = meaning
    ? `The formula gives ${error}: ${meaning}${detail ? ` (${detail})` : ""}.`
    : (detail ?? error);
  return { status: "error", error, message };
}

export function notVerified(reason: string): EvaluationResult {
  return { status: "not-verified", reason };
}

/** The engine's value as a result: errors (also inside arrays), emptiness and the expected kind. */
export function classifyValue(
  value: EngineValue,
  options: { expect?: ExpectedKind; allowEmpty?: boolean },
): EvaluationResult {
  if (isEngineError(value)) return errorFor(value.error);
  let result: EvaluatedValue;
  if (Array.isArray(value)) {
    const rows: EvaluatedScalar[][] = [];
    // A blank cell shows as 0 in a spilled result (=FILTER(A2:C9,…) with a blank C5, say), as in Excel.
    const spills = value.length > 1 || (value[0]?.length ?? 0) > 1;
    for (const [r, row] of value.entries()) {
      const cells: EvaluatedScalar[] = [];
      for (const [c, cell] of row.entries()) {
        if (isEngineError(cell))
          return errorFor(cell.error, `in row ${r + 1}, column ${c + 1} of the result`);
        cells.push(spills ? (cell ?? 0) : cell);
      }
      rows.push(cells);
    }
    const only = rows.length === 1 && rows[0]?.length === 1 ? rows[0][0] : undefined;
    result = only !== undefined ? only : rows;
  } else {
    result = value;
  }

  const blank = (cell: EvaluatedScalar): boolean => cell === null || cell === "";
  const empty = Array.isArray(result) ? result.every((row) => row.every(blank)) : blank(result);
  if (empty && !options.allowEmpty) {
    return errorResult(
      "empty",
      "The formula returns nothing (a blank or empty text) here. If that is right for this row, check " +
        "another row; otherwise the criteria match nothing or a column is wrong.",
    );
  }
  const wrong = wrongKind(result, options.expect ?? "any");
  if (wrong) return errorResult("wrong-type", wrong);
  return { status: "ok", value: result };
}

function errorFor(code: string, where?: string): EvaluationResult {
  const known = code in MEANINGS ? (code as EvaluationError) : "#VALUE!";
  return errorResult(known, where);
}

function wrongKind(value: EvaluatedValue, expect: ExpectedKind): string | null {
  if (expect === "any") return null;
  if (expect === "array")
    return Array.isArray(value)
      ? null
      : `A list of values was expected, but the result is one value, ${show(value)}.`;
  if (Array.isArray(value))
    return `One ${expect} was expected, but the result is a list of ${value.length} rows.`;
  const kinds = { number: "number", text: "string", boolean: "boolean" } as const;
  return typeof value === kinds[expect]
    ? null
    : `A ${expect} was expected, but the result is ${show(value)}.`;
}

function show(value: EvaluatedScalar): string {
  if (typeof value === "string") return `the text "${value}"`;
  return value === null ? "blank" : String(value);
}
