import { tokenize } from "excel-formula-tokenizer";

/**
 * Formulas read through excel-formula-tokenizer, narrowed to the three strings the audit uses, so the
 * audit never depends on the package's own type names. Reading tokens (not the raw text) keeps string
 * literals such as "=A1&""B2""" from looking like references.
 */
export interface FormulaToken {
  value: string;
  /** "operand", "function", "subexpression", "argument", "operator-prefix", "operator-infix", ... */
  type: string;
  /** "start"/"stop" for calls and brackets; "range", "number", "text", "logical", "error" for operands; ... */
  subtype: string;
}

/** Tokens of a formula (with or without its "="), or null when the tokenizer cannot read it. */
export function readTokens(formula: string): FormulaToken[] | null {
  const text = formula.trim();
  if (!text || text === "=") return null;
  try {
    return tokenize(text.startsWith("=") ? text : `=${text}`).map(({ value, type, subtype }) => ({
      value: String(value),
      type: String(type),
      subtype: String(subtype),
    }));
  } catch {
    return null;
  }
}

/** Upper case, without the _xlfn./_xlws. prefixes that files store for newer functions. */
export function functionName(written: string): string {
  return written.toUpperCase().replace(/^(?:_XLFN\.|_XLWS\.)+/, "");
}

/** Pseudo-calls the tokenizer uses for array constants such as {1,2;3,4}. */
const ARRAY_MARKERS = new Set(["ARRAY", "ARRAYROW"]);

/** For each token, the innermost function call it is an argument of (brackets are transparent), or null. */
export function enclosingFunctions(tokens: readonly FormulaToken[]): (string | null)[] {
  const stack: (string | null)[] = [];
  const innermost = (): string | null => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i] !== null) return stack[i] ?? null;
    return null;
  };
  return tokens.map((token) => {
    const bracket = token.type === "function" || token.type === "subexpression";
    if (bracket && token.subtype === "stop") {
      stack.pop();
      return innermost();
    }
    const current = innermost();
    if (bracket && token.subtype === "start") {
      const call = token.type === "function" && !isArrayMarker(token);
      stack.push(call ? functionName(token.value) : null);
    }
    return current;
  });
}

/** Whitespace is normalised away, which is what comparing formulas needs. */
export function tokensToFormula(tokens: readonly FormulaToken[]): string {
  let text = "=";
  for (const token of tokens) {
    if (token.type === "function") {
      const name = functionName(token.value);
      if (token.subtype === "start")
        text += name === "ARRAY" ? "{" : name === "ARRAYROW" ? "" : `${token.value}(`;
      else text += name === "ARRAY" ? "}" : name === "ARRAYROW" ? "" : ")";
    } else if (token.type === "subexpression") {
      text += token.subtype === "start" ? "(" : ")";
    } else if (token.type === "operand" && token.subtype === "text") {
      text += `"${token.value.replace(/"/g, '""')}"`;
    } else {
      text += token.value;
    }
  }
  return text;
}

export function isArrayMarker(token: FormulaToken): boolean {
  return token.type === "function" && ARRAY_MARKERS.has(functionName(token.value));
}
