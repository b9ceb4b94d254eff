import type { Token } from "excel-formula-tokenizer";
import { functionName, closingToken } from "./formula-tokens";

/**
 * LET for the headless engine, which has none: LET(name1,value1,…,calculation) is the calculation
 * with each name replaced by its value in brackets. Excel's functions (but RAND and friends, which
 * verification never vouches for) give the same result whether a value is named or written out, so
 * the substitution is exact; it only costs repeated work. Innermost LETs go first, so a name a nested
 * LET redefines is its own.
 */

/** Past this, a chain of names used many times would grow the formula without bound. */
const MAX_TOKENS = 20_000;

export type LetInlining = { tokens: Token[] } | { unsupported: string };

export function inlineLet(tokens: readonly Token[]): LetInlining {
  let current = [...tokens];
  for (;;) {
    const start = lastLetStart(current);
    if (start === -1) return { tokens: current };
    const end = closingToken(current, start);
    const args = splitArguments(current.slice(start + 1, end));
    if (args.length < 3 || args.length % 2 === 0)
      return { unsupported: "a LET without a name, value and calculation" };
    let rest = args;
    while (rest.length > 1) {
      const [nameTokens = [], value = [], ...after] = rest;
      const name = nameTokens.length === 1 ? nameOf(nameTokens[0]) : null;
      if (name === null) return { unsupported: "a LET whose name is not a plain name" };
      rest = after.map((arg) => substitute(arg, name, value));
    }
    const body = rest[0] ?? [];
    current = [
      ...current.slice(0, start),
      { type: "subexpression", subtype: "start", value: "(" },
      ...body,
      { type: "subexpression", subtype: "stop", value: ")" },
      ...current.slice(end + 1),
    ];
    if (current.length > MAX_TOKENS)
      return { unsupported: "a LET that grows too large once its names are written out" };
  }
}

function lastLetStart(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token?.type === "function" && token.subtype === "start" && functionName(token.value) === "LET")
      return i;
  }
  return -1;
}

/** A LET name as written (files store it as _xlpm.name), upper case; null for anything else. */
function nameOf(token: Token | undefined): string | null {
  if (token?.type !== "operand" || token.subtype !== "range") return null;
  const name = token.value.replace(/^_xlpm\./i, "");
  return /^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name) ? name.toUpperCase() : null;
}

function substitute(tokens: readonly Token[], name: string, value: readonly Token[]): Token[] {
  return tokens.flatMap((token) =>
    nameOf(token) === name
      ? [
          { type: "subexpression", subtype: "start", value: "(" } as Token,
          ...value,
          { type: "subexpression", subtype: "stop", value: ")" } as Token,
        ]
      : [token],
  );
}

function splitArguments(inner: readonly Token[]): Token[][] {
  const args: Token[][] = [];
  let depth = 0;
  let from = 0;
  inner.forEach((token, index) => {
    if (token.type === "function" || token.type === "subexpression")
      depth += token.subtype === "start" ? 1 : -1;
    if (depth === 0 && token.type === "argument") {
      args.push(inner.slice(from, index).filter((part) => part.type !== "white-space"));
      from = index + 1;
    }
  });
  args.push(inner.slice(from).filter((part) => part.type !== "white-space"));
  return args;
}
