import type { Token } from "excel-formula-tokenizer";
import { tokensToFormula } from "./formula-text";
import { functionName, type ReadFormula, closingToken } from "./formula-tokens";

/**
 * Where fast-formula-parser and Excel part ways, so a value from the engine would not be proof.
 *
 * Excel 365 applies operators and most functions to every cell of a range ("A2:A9>5",
 * ISNUMBER(SEARCH("x",A2:A9))). The engine's own operators and its "context" functions quietly use the
 * first cell; src/formula replaces the operators (engine-operators.ts) and lifts the other functions
 * (engine-lifting.ts). What is left (an operator the rewrite could not read, a range in a one-value
 * position of CHOOSE, OFFSET, SUMIF's criteria…) is reported as not verified rather than given a value
 * that might be wrong.
 */

/**
 * The engine calls these with itself and their arguments unevaluated (see its hooks.js), so they are
 * not lifted; INDEX is wrapped on its own (engine-lifting.ts) and IF replaced by SLMIF.
 */
export const CONTEXT_FUNCTIONS: ReadonlySet<string> = new Set(
  "ROW ROWS COLUMN COLUMNS SUMIF AVERAGEIF INDEX IF OFFSET INDIRECT CHOOSE WEBSERVICE".split(" "),
);
/** Context functions that do run once per cell given a list (see engine-lifting.ts). */
const LIFTED_CONTEXT_FUNCTIONS: ReadonlySet<string> = new Set(["INDEX", "IF"]);

/** Functions that return several cells; the ones the engine knows are computed, the others refused. */
const ARRAY_RESULTS = new Set(
  (
    "FILTER SORT SORTBY UNIQUE SEQUENCE TAKE DROP CHOOSECOLS CHOOSEROWS TEXTSPLIT TRANSPOSE MMULT MINVERSE " +
    "MUNIT FREQUENCY RANDARRAY VSTACK HSTACK TOCOL TOROW WRAPROWS WRAPCOLS EXPAND LINEST LOGEST MODE.MULT"
  ).split(" "),
);

/** Arguments (0-based) where a function takes a whole range or array. "all" and {from} cover the rest. */
type ArrayParams = readonly number[] | "all" | { from: number } | { pairsFrom: number };

const ALL: ArrayParams = "all";
const ARRAY_PARAMS: Record<string, ArrayParams> = {
  ...Object.fromEntries(
    (
      "SUM AVERAGE AVERAGEA COUNT COUNTA COUNTBLANK MAX MAXA MIN MINA MEDIAN PRODUCT SUMSQ STDEV STDEV.S " +
      "STDEV.P STDEVP VAR VAR.S VAR.P VARP GEOMEAN HARMEAN MODE MODE.SNGL AND OR XOR SUMPRODUCT CONCAT " +
      "VSTACK HSTACK AVEDEV DEVSQ KURT SKEW"
    )
      .split(" ")
      .map((name) => [name, ALL]),
  ),
  TEXTJOIN: { from: 2 },
  SUBTOTAL: { from: 1 },
  AGGREGATE: { from: 2 },
  SUMIF: [0, 2],
  AVERAGEIF: [0, 2],
  COUNTIF: [0],
  SUMIFS: { pairsFrom: 0 },
  AVERAGEIFS: { pairsFrom: 0 },
  MAXIFS: { pairsFrom: 0 },
  MINIFS: { pairsFrom: 0 },
  COUNTIFS: { pairsFrom: -1 },
  INDEX: [0],
  MATCH: [1],
  XMATCH: [1],
  XLOOKUP: [1, 2],
  VLOOKUP: [1],
  HLOOKUP: [1],
  LOOKUP: [1, 2],
  ROWS: [0],
  COLUMNS: [0],
  ROW: [0],
  COLUMN: [0],
  // The LARGE/SMALL added to the engine take a list of k as Excel does.
  LARGE: [0, 1],
  SMALL: [0, 1],
  RANK: [1],
  "RANK.EQ": [1],
  "RANK.AVG": [1],
  PERCENTILE: [0],
  "PERCENTILE.INC": [0],
  "PERCENTILE.EXC": [0],
  QUARTILE: [0],
  "QUARTILE.INC": [0],
  "QUARTILE.EXC": [0],
  TRIMMEAN: [0],
  CORREL: [0, 1],
  SLOPE: [0, 1],
  INTERCEPT: [0, 1],
  "FORECAST.LINEAR": [1, 2],
  FILTER: [0, 1],
  // SORT's sort_index and sort_order take lists for several keys; engine-functions-array refuses them.
  SORT: ALL,
  SORTBY: { from: 0 },
  UNIQUE: [0],
  TAKE: [0],
  DROP: [0],
  CHOOSECOLS: ALL,
  CHOOSEROWS: ALL,
  TRANSPOSE: [0],
  MMULT: [0, 1],
  TOCOL: [0],
  TOROW: [0],
  NETWORKDAYS: [2],
  "NETWORKDAYS.INTL": [3],
  WORKDAY: [2],
  "WORKDAY.INTL": [3],
  NPV: { from: 1 },
  IRR: [0],
  XNPV: [1, 2],
  XIRR: [0, 1],
  LET: ALL,
  LAMBDA: ALL,
};

export function takesArray(name: string, index: number): boolean {
  const params = ARRAY_PARAMS[name];
  if (params === undefined) return false;
  if (params === "all") return true;
  // *IFS: the value range, then criteria_range at even offsets; criteria arguments must be single values.
  if ("pairsFrom" in params) {
    return index === params.pairsFrom || (index > params.pairsFrom && (index - params.pairsFrom) % 2 === 1);
  }
  if ("from" in params) return index >= params.from;
  return params.includes(index);
}

interface Span {
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * Why the engine's value would not be proof, or null when it would be. `operatorsLeftAlone`: the
 * operator rewrite left some operators to the engine, which applies them to a range's first cell.
 */
export function engineCaveat(read: ReadFormula, operatorsLeftAlone: boolean): string | null {
  const { tokens } = read;
  const arrays = arraySpans(read);
  for (const span of operatorsLeftAlone ? arrays : []) {
    // Look through brackets: (A1:A3)*2 applies the operator to the range as much as A1:A3*2 does.
    let before = span.start - 1;
    let after = span.end;
    while (tokens[before]?.type === "subexpression" && tokens[after]?.type === "subexpression") {
      before--;
      after++;
    }
    if (isOperator(tokens[before]) || isOperator(tokens[after])) {
      return (
        `it applies an operator to every cell of ${text(tokens, span)}, which the headless engine does not ` +
        "do (it would use only the first cell)"
      );
    }
  }
  for (const call of read.calls) {
    const args = argumentSpans(tokens, call.tokenIndex);
    for (const [index, arg] of args.entries()) {
      if (
        CONTEXT_FUNCTIONS.has(call.name) &&
        !LIFTED_CONTEXT_FUNCTIONS.has(call.name) &&
        arrays.some((span) => span.start === arg.start && span.end === arg.end) &&
        !takesArray(call.name, index)
      ) {
        return (
          `it passes ${text(tokens, arg)} to ${call.name}, which Excel then applies to each cell; the headless ` +
          "engine does not (it would use only the first cell)"
        );
      }
    }
  }
  return null;
}

/** Multi-cell references, array constants and calls of functions that return arrays. */
function arraySpans(read: ReadFormula): Span[] {
  const spans: Span[] = [];
  for (const reference of read.references) {
    const { target } = reference;
    const multi =
      (target.kind === "cells" &&
        (target.range.start.row !== target.range.end.row ||
          target.range.start.col !== target.range.end.col)) ||
      (target.kind === "structured" && !target.thisRow);
    if (multi && !reference.implicitIntersection) {
      spans.push({ start: reference.tokenIndex, end: reference.tokenIndex + 1 });
    }
  }
  read.tokens.forEach((token, index) => {
    if (token.type !== "function" || token.subtype !== "start") return;
    const name = functionName(token.value);
    if (token.value === "ARRAY" || ARRAY_RESULTS.has(name))
      spans.push({ start: index, end: closingToken(read.tokens, index) + 1 });
  });
  return spans;
}

function isOperator(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.type === "operator-prefix" || token.type === "operator-postfix") return true;
  return token.type === "operator-infix" && token.subtype !== "intersect" && token.subtype !== "union";
}

function argumentSpans(tokens: readonly Token[], start: number): Span[] {
  const end = closingToken(tokens, start);
  const spans: Span[] = [];
  let depth = 0;
  let from = start + 1;
  for (let i = start + 1; i < end; i++) {
    const token = tokens[i];
    if (token?.type === "function" || token?.type === "subexpression")
      depth += token.subtype === "start" ? 1 : -1;
    else if (token?.type === "argument" && depth === 0) {
      spans.push({ start: from, end: i });
      from = i + 1;
    }
  }
  if (end > start + 1) spans.push({ start: from, end });
  return spans;
}

function text(tokens: readonly Token[], span: Span): string {
  return tokensToFormula(tokens.slice(span.start, span.end)).slice(1);
}
