import { tokenize } from "excel-formula-tokenizer";

/**
 * How hard a formula is to explain, as a score with the reasons behind it. A small local model
 * explains SUM(A1:A10) fine and gets lost in nested LET/LAMBDA over other sheets; the score
 * lets the router send only the second kind to the cloud (when the policy allows), and the
 * reasons tell the user why.
 */

export interface FormulaComplexity {
  score: number;
  /** One line per factor that added to the score, e.g. "nesting depth 5 (+32)". */
  reasons: string[];
  metrics: FormulaMetrics;
}

export interface FormulaMetrics {
  length: number;
  /** Deepest function call nesting; SUM(A1) is 1. */
  nestingDepth: number;
  functionCalls: number;
  distinctFunctions: number;
  usesLet: boolean;
  usesLambda: boolean;
  /** MAP, REDUCE, SCAN, BYROW, BYCOL, MAKEARRAY: LAMBDA helpers. */
  lambdaHelpers: number;
  /** FILTER, SORT, UNIQUE, SEQUENCE, XLOOKUP...: functions that return arrays. */
  dynamicArrayFunctions: number;
  arrayConstants: number;
  spillReferences: number;
  /** Distinct other sheets referenced. */
  otherSheets: number;
  externalWorkbooks: number;
  /** The tokenizer could not read the formula; only its length was scored. */
  unreadable: boolean;
}

const LAMBDA_HELPERS = new Set(["MAP", "REDUCE", "SCAN", "BYROW", "BYCOL", "MAKEARRAY", "ISOMITTED"]);
const DYNAMIC_ARRAY_FUNCTIONS = new Set([
  "FILTER",
  "SORT",
  "SORTBY",
  "UNIQUE",
  "SEQUENCE",
  "RANDARRAY",
  "XLOOKUP",
  "XMATCH",
  "CHOOSECOLS",
  "CHOOSEROWS",
  "DROP",
  "TAKE",
  "EXPAND",
  "HSTACK",
  "VSTACK",
  "TOCOL",
  "TOROW",
  "WRAPCOLS",
  "WRAPROWS",
  "TEXTSPLIT",
  "GROUPBY",
  "PIVOTBY",
]);
const ARRAY_MARKERS = new Set(["ARRAY", "ARRAYROW"]);

/** Points per factor; a score of 40 (the default threshold) is roughly "needs a careful reader". */
const WEIGHTS = {
  perLengthStep: 2,
  lengthStep: 50,
  lengthCap: 20,
  perNestingLevel: 8,
  perFunctionCall: 1,
  functionCallCap: 20,
  let: 12,
  lambda: 20,
  perLambdaHelper: 8,
  perDynamicArrayFunction: 5,
  dynamicArrayCap: 15,
  arrayConstant: 4,
  spill: 4,
  perOtherSheet: 6,
  otherSheetCap: 18,
  externalWorkbook: 10,
} as const;

function functionName(written: string): string {
  return written.toUpperCase().replace(/^(?:_XLFN\.|_XLWS\.)+/, "");
}

/** "Sheet2!A1", "'My Sheet'!A1:B2", "[Book.xlsx]Data!B2" → the sheet part, or null. */
function sheetOf(reference: string): { sheet: string; external: boolean } | null {
  const bang = reference.lastIndexOf("!");
  if (bang <= 0) return null;
  const prefix = reference.slice(0, bang).replace(/^'|'$/g, "");
  return { sheet: prefix.toLowerCase(), external: /\[[^\]]+\]/.test(prefix) };
}

function emptyMetrics(length: number): FormulaMetrics {
  return {
    length,
    nestingDepth: 0,
    functionCalls: 0,
    distinctFunctions: 0,
    usesLet: false,
    usesLambda: false,
    lambdaHelpers: 0,
    dynamicArrayFunctions: 0,
    arrayConstants: 0,
    spillReferences: 0,
    otherSheets: 0,
    externalWorkbooks: 0,
    unreadable: false,
  };
}

export function measureFormula(formula: string): FormulaMetrics {
  const text = formula.trim();
  const metrics = emptyMetrics(text.replace(/^=/, "").length);
  if (!text) return metrics;
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(text.startsWith("=") ? text : `=${text}`);
  } catch {
    return { ...metrics, unreadable: true };
  }
  const functions = new Set<string>();
  const sheets = new Set<string>();
  const workbooks = new Set<string>();
  const stack: boolean[] = []; // per open bracket: is it a function call?
  let depth = 0;
  let previousType = "";
  for (const token of tokens) {
    const value = String(token.value);
    // The tokenizer reads a spill reference "D1#" as "D1" (unknown) and an operand starting with
    // "#" that swallows what follows it, closing brackets included; count those brackets here.
    const spill = previousType === "unknown" && value.startsWith("#");
    previousType = String(token.type);
    if (spill) {
      metrics.spillReferences++;
      for (const _closing of value.matchAll(/\)/g)) if (stack.pop()) depth--;
      continue;
    }
    if (token.type === "function" && token.subtype === "start") {
      const name = functionName(value);
      if (ARRAY_MARKERS.has(name)) {
        if (name === "ARRAY") metrics.arrayConstants++;
        stack.push(false);
        continue;
      }
      stack.push(true);
      depth++;
      metrics.nestingDepth = Math.max(metrics.nestingDepth, depth);
      metrics.functionCalls++;
      functions.add(name);
      if (name === "LET") metrics.usesLet = true;
      if (name === "LAMBDA") metrics.usesLambda = true;
      if (LAMBDA_HELPERS.has(name)) metrics.lambdaHelpers++;
      if (DYNAMIC_ARRAY_FUNCTIONS.has(name)) metrics.dynamicArrayFunctions++;
    } else if (token.type === "function" && token.subtype === "stop") {
      if (stack.pop()) depth--;
    } else if (token.type === "operand" && token.subtype === "range") {
      const sheet = sheetOf(value);
      if (sheet) {
        sheets.add(sheet.sheet);
        if (sheet.external) workbooks.add(sheet.sheet);
      }
    }
  }
  metrics.distinctFunctions = functions.size;
  metrics.otherSheets = sheets.size;
  metrics.externalWorkbooks = workbooks.size;
  return metrics;
}

export function scoreFormulaComplexity(formula: string): FormulaComplexity {
  const metrics = measureFormula(formula);
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    if (points <= 0) return;
    score += points;
    reasons.push(`${reason} (+${points})`);
  };
  add(
    Math.min(WEIGHTS.lengthCap, Math.floor(metrics.length / WEIGHTS.lengthStep) * WEIGHTS.perLengthStep),
    `${metrics.length} characters long`,
  );
  add(
    Math.max(0, metrics.nestingDepth - 1) * WEIGHTS.perNestingLevel,
    `functions nested ${metrics.nestingDepth} deep`,
  );
  add(
    Math.min(WEIGHTS.functionCallCap, Math.max(0, metrics.functionCalls - 2) * WEIGHTS.perFunctionCall),
    `${metrics.functionCalls} function calls (${metrics.distinctFunctions} different)`,
  );
  if (metrics.usesLet) add(WEIGHTS.let, "uses LET variables");
  if (metrics.usesLambda) add(WEIGHTS.lambda, "defines a LAMBDA");
  add(
    metrics.lambdaHelpers * WEIGHTS.perLambdaHelper,
    `${metrics.lambdaHelpers} LAMBDA helper call(s) (MAP, REDUCE...)`,
  );
  add(
    Math.min(WEIGHTS.dynamicArrayCap, metrics.dynamicArrayFunctions * WEIGHTS.perDynamicArrayFunction),
    `${metrics.dynamicArrayFunctions} dynamic-array function call(s)`,
  );
  if (metrics.arrayConstants > 0) add(WEIGHTS.arrayConstant, "contains array constants");
  if (metrics.spillReferences > 0) add(WEIGHTS.spill, "refers to spilled ranges (#)");
  add(
    Math.min(WEIGHTS.otherSheetCap, metrics.otherSheets * WEIGHTS.perOtherSheet),
    `refers to ${metrics.otherSheets} other sheet(s)`,
  );
  if (metrics.externalWorkbooks > 0) add(WEIGHTS.externalWorkbook, "refers to another workbook");
  if (metrics.unreadable) reasons.push("could not be parsed, so only its length was scored");
  return { score, reasons, metrics };
}
