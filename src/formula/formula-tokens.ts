import { tokenize, type Token } from "excel-formula-tokenizer";
import { parseReference, stripStoragePrefix, type ParsedReference } from "./formula-references";

/**
 * A formula read through the maintained tokenizer (excel-formula-tokenizer), with what the safety check,
 * the evaluator and the formula audit (src/analysis) need: every function call, every reference, and
 * what the tokenizer could not read. The one formula reader: nothing here pattern-matches the whole
 * formula text, so a string literal such as "=WEBSERVICE(""x"")" stays a string and never looks like a
 * call, and "=A1&""B2""" never looks like a reference.
 */

/** The tokenizer's token, under the name the formula audit and fill-down use. */
export type FormulaToken = Token;

export interface FunctionCall {
  /** Upper case, without the _xlfn./_xlws. prefixes files store. */
  name: string;
  /** As written. */
  written: string;
  /** Index of the call's "function start" token in `tokens`. */
  tokenIndex: number;
}

export interface ReferenceUse extends ParsedReference {
  tokenIndex: number;
  /** The innermost function it is an argument of, e.g. "SUM" (brackets are transparent), or null. */
  within: string | null;
}

export interface ReadFormula {
  /** Tokens after re-joining what the tokenizer splits (Table1[[#This Row],[Col]]). */
  tokens: Token[];
  calls: FunctionCall[];
  references: ReferenceUse[];
  /** LET variables and LAMBDA parameters: names the formula defines for itself. */
  localNames: Set<string>;
  /** Text the tokenizer could not make sense of, unbalanced brackets and the like. */
  problems: string[];
}

/** Pseudo-functions the tokenizer uses for array constants such as {1,2;3,4}. */
const ARRAY_CONSTANT_MARKERS = new Set(["ARRAY", "ARRAYROW"]);

export function isArrayMarker(token: Token): boolean {
  return token.type === "function" && ARRAY_CONSTANT_MARKERS.has(token.value);
}

/** Index of the token that closes the function call or bracket opened at `start` (the last token when unclosed). */
export function closingToken(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.type !== "function" && token?.type !== "subexpression") continue;
    depth += token.subtype === "start" ? 1 : -1;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Upper case, without the _xlfn./_xlws./_xlpm. prefixes that files store for newer functions. */
export function functionName(written: string): string {
  return stripStoragePrefix(written).toUpperCase();
}

interface Frame {
  /** An array constant {1,2} arrives as the pseudo-function ARRAY: a "function" that is no call. */
  kind: "function" | "array" | "group";
  name: string;
  argIndex: number;
  /** LET/LAMBDA: single-name arguments by argument index, to tell declarations from uses at the end. */
  soleNames: Map<number, string>;
}

export function readFormula(formula: string): ReadFormula {
  const result: ReadFormula = { tokens: [], calls: [], references: [], localNames: new Set(), problems: [] };
  const read = tokenizeFormula(formula);
  if ("problem" in read) {
    result.problems.push(read.problem);
    return result;
  }
  result.tokens = read.tokens;
  walk(result);
  return result;
}

/** Tokens of a formula (with or without its "="), or null when it is empty or cannot be read. */
export function readTokens(formula: string): Token[] | null {
  const read = tokenizeFormula(formula);
  return "problem" in read ? null : read.tokens;
}

function tokenizeFormula(formula: string): { tokens: Token[] } | { problem: string } {
  const text = formula.trim();
  if (!text || text === "=") return { problem: "The formula is empty." };
  try {
    return { tokens: joinSplitReferences(tokenize(text.startsWith("=") ? text : `=${text}`)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: `The formula could not be read: ${reason}.` };
  }
}

/**
 * The tokenizer ends a reference at a comma even inside brackets, so "Table1[[#This Row],[Revenue]]"
 * arrives as three tokens; put such pieces back together while the brackets are open.
 */
function joinSplitReferences(tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type !== "operand" || token.subtype !== "range" || bracketBalance(token.value) <= 0) {
      joined.push(token);
      continue;
    }
    let value = token.value;
    while (bracketBalance(value) > 0 && i + 1 < tokens.length) {
      const next = tokens[++i];
      if (!next) break;
      value += next.type === "white-space" ? " " : next.value;
    }
    joined.push({ ...token, value });
  }
  return joined;
}

function bracketBalance(text: string): number {
  let depth = 0;
  for (const ch of text) {
    if (ch === "[") depth++;
    else if (ch === "]") depth--;
  }
  return depth;
}

function walk(result: ReadFormula): void {
  const stack: Frame[] = [];
  const { tokens } = result;
  tokens.forEach((token, index) => {
    const top = stack[stack.length - 1];
    switch (token.type) {
      case "function":
        if (token.subtype === "start") {
          const name = functionName(token.value);
          const kind = isArrayMarker(token) ? "array" : "function";
          if (kind === "function") result.calls.push({ name, written: token.value, tokenIndex: index });
          stack.push({ kind, name, argIndex: 0, soleNames: new Map() });
        } else if (top?.kind === "function" || top?.kind === "array") {
          stack.pop();
          collectLocalNames(top, result.localNames);
        } else {
          result.problems.push("The formula's parentheses do not balance.");
        }
        return;
      case "subexpression":
        if (token.subtype === "start")
          stack.push({ kind: "group", name: "", argIndex: 0, soleNames: new Map() });
        else if (top?.kind === "group") stack.pop();
        else result.problems.push("The formula's parentheses do not balance.");
        return;
      case "argument":
        if (top?.kind === "function" || top?.kind === "array") top.argIndex++;
        else result.problems.push(`"${token.value}" separates arguments but is not inside a function.`);
        return;
      case "operand":
        if (token.subtype === "range") {
          // The "#..." after an unreadable "A1" is the tail of a spill reference, already reported.
          if (tokens[index - 1]?.type === "unknown" && token.value.startsWith("#")) return;
          const within = innermostCall(stack);
          const reference = { ...parseReference(token.value), tokenIndex: index, within };
          result.references.push(reference);
          if (top?.kind === "function" && isSoleToken(tokens, index) && reference.target.kind === "name") {
            top.soleNames.set(top.argIndex, reference.target.name);
          }
        } else if (token.subtype === "error" && token.value.toUpperCase() === "#REF!") {
          result.problems.push("The formula contains #REF!, a reference to cells that no longer exist.");
        }
        return;
      case "unknown":
        result.problems.push(unknownProblem(token.value, tokens[index + 1]));
        return;
      default:
        return;
    }
  });
  if (stack.length > 0) result.problems.push("The formula's parentheses do not balance.");
}

function innermostCall(stack: readonly Frame[]): string | null {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i];
    if (frame?.kind === "function") return frame.name;
  }
  return null;
}

function unknownProblem(value: string, next: Token | undefined): string {
  if (value.includes("|")) {
    return `"${value}" is a DDE link, which starts another program; DDE links are not allowed.`;
  }
  // The tokenizer reads "A1#" as an unreadable "A1" followed by a reference starting with "#".
  if (next?.type === "operand" && next.subtype === "range" && next.value.startsWith("#")) {
    return `"${value}#" is a spilled-range reference, which cannot be checked; refer to the cells instead.`;
  }
  return `The formula could not be read near "${value}".`;
}

function isSoleToken(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  const opens = before?.type === "argument" || (before?.type === "function" && before.subtype === "start");
  const closes = after?.type === "argument" || (after?.type === "function" && after.subtype === "stop");
  return opens && closes;
}

/** LET(name1, value1, ..., result): even arguments before the last declare names. LAMBDA(p1, ..., body). */
function collectLocalNames(frame: Frame, names: Set<string>): void {
  const last = frame.argIndex;
  for (const [index, name] of frame.soleNames) {
    if (index === last) continue;
    if ((frame.name === "LET" && index % 2 === 0) || frame.name === "LAMBDA") names.add(name.toLowerCase());
  }
}
