import type { Token } from "excel-formula-tokenizer";
import { IF_FUNCTION } from "./engine-lifting";
import { NEGATE_FUNCTION, OPERATOR_FUNCTION, PERCENT_FUNCTION } from "./engine-operators";
import { functionName, closingToken } from "./formula-tokens";

/**
 * Rewrites every operator of a formula into a call of the engine's element-wise operator functions
 * (engine-operators.ts), honouring Excel's precedence: negation, %, ^, * and /, + and -, &, then
 * comparisons, all left to right (so -2^2 is 4 and 2^3^2 is 64, as in Excel). -A1*B2:B9 becomes
 * SLMOP(SLMNEG(A1),"*",B2:B9). IF calls become SLMIF, which applies to each cell of an array test.
 *
 * A level the rewrite cannot read (reference operators such as the union (A1,B1), the intersection
 * "A1:B2 B1:C3", or the range built by INDEX(…):INDEX(…)) is left to the engine's own operators, and
 * reported, because those use only the first cell of a range.
 */

export interface OperatorRewrite {
  tokens: Token[];
  /** True when some level was left to the engine's own (first-cell) operators. */
  leftAlone: boolean;
}

const INFIX_PRECEDENCE: Record<string, number> = {
  "=": 1,
  "<>": 1,
  "<": 1,
  ">": 1,
  "<=": 1,
  ">=": 1,
  "&": 2,
  "+": 3,
  "-": 3,
  "*": 4,
  "/": 4,
  "^": 5,
};

type Node =
  | { kind: "tokens"; tokens: Token[] }
  | { kind: "prefix"; op: string; operand: Node }
  | { kind: "percent"; operand: Node }
  | { kind: "infix"; op: string; left: Node; right: Node };

class Unreadable extends Error {}

export function rewriteOperators(tokens: readonly Token[]): OperatorRewrite {
  const state = { leftAlone: false };
  const out = level(
    tokens.filter((token) => token.type !== "white-space"),
    state,
  );
  return { tokens: out, leftAlone: state.leftAlone };
}

/** One expression (an argument, a bracket's inside, or the whole formula), rewritten. */
function level(tokens: readonly Token[], state: { leftAlone: boolean }): Token[] {
  const parser = new Parser(tokens, state);
  try {
    const node = parser.expression(0);
    if (!parser.done()) throw new Unreadable();
    return emit(node);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    if (tokens.some((token) => token.type.startsWith("operator"))) state.leftAlone = true;
    return insideRewritten(tokens, state);
  }
}

/** The tokens as they are, with only the arguments of calls and the insides of brackets rewritten. */
function insideRewritten(tokens: readonly Token[], state: { leftAlone: boolean }): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (opens(token) && !isArrayConstant(token)) {
      const end = closingToken(tokens, i);
      out.push(renamed(token));
      for (const part of splitArguments(tokens.slice(i + 1, end), state)) out.push(part);
      const close = tokens[end];
      if (close) out.push(close);
      i = end;
    } else out.push(token);
  }
  return out;
}

function splitArguments(inner: readonly Token[], state: { leftAlone: boolean }): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let from = 0;
  inner.forEach((token, index) => {
    if (token.type === "function" || token.type === "subexpression")
      depth += token.subtype === "start" ? 1 : -1;
    if (depth === 0 && token.type === "argument") {
      for (const part of level(inner.slice(from, index), state)) out.push(part);
      out.push(token);
      from = index + 1;
    }
  });
  for (const part of level(inner.slice(from), state)) out.push(part);
  return out;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly state: { leftAlone: boolean },
  ) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  expression(minimum: number): Node {
    let left = this.unary();
    for (;;) {
      const token = this.tokens[this.at];
      if (!token) return left;
      if (token.type === "operator-postfix" && token.value === "%") {
        this.at++;
        left = { kind: "percent", operand: left };
        continue;
      }
      const precedence = token.type === "operator-infix" ? INFIX_PRECEDENCE[token.value] : undefined;
      if (precedence === undefined) {
        if (token.type === "operator-infix") throw new Unreadable();
        return left;
      }
      if (precedence < minimum) return left;
      this.at++;
      left = { kind: "infix", op: token.value, left, right: this.expression(precedence + 1) };
    }
  }

  private unary(): Node {
    const token = this.tokens[this.at];
    if (token?.type === "operator-prefix") {
      this.at++;
      const operand = this.unary();
      return token.value === "-" ? { kind: "prefix", op: "-", operand } : operand;
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.tokens[this.at];
    if (!token) throw new Unreadable();
    if (token.type === "operand") {
      this.at++;
      return { kind: "tokens", tokens: [token] };
    }
    if (!opens(token)) throw new Unreadable();
    // A call written straight after a range operator (INDEX(…):INDEX(…)) arrives as ":INDEX".
    if (token.type === "function" && token.value.startsWith(":")) throw new Unreadable();
    const end = closingToken(this.tokens, this.at);
    const close = this.tokens[end];
    const inner = this.tokens.slice(this.at + 1, end);
    this.at = end + 1;
    if (!close) throw new Unreadable();
    const body = isArrayConstant(token) ? inner : splitArguments(inner, this.state);
    return { kind: "tokens", tokens: [renamed(token), ...body, close] };
  }
}

const call = (name: string): Token => ({ type: "function", subtype: "start", value: name });
const stop: Token = { type: "function", subtype: "stop", value: "" };
const comma: Token = { type: "argument", subtype: "", value: "," };
const text = (value: string): Token => ({ type: "operand", subtype: "text", value });

function emit(node: Node): Token[] {
  switch (node.kind) {
    case "tokens":
      return node.tokens;
    case "prefix":
      return [call(NEGATE_FUNCTION), ...emit(node.operand), stop];
    case "percent":
      return [call(PERCENT_FUNCTION), ...emit(node.operand), stop];
    case "infix":
      return [
        call(OPERATOR_FUNCTION),
        ...emit(node.left),
        comma,
        text(node.op),
        comma,
        ...emit(node.right),
        stop,
      ];
  }
}

function renamed(token: Token): Token {
  const isIf = token.type === "function" && functionName(token.value) === "IF";
  return isIf ? { ...token, value: IF_FUNCTION } : token;
}

function opens(token: Token): boolean {
  return (token.type === "function" || token.type === "subexpression") && token.subtype === "start";
}

function isArrayConstant(token: Token): boolean {
  return token.type === "function" && token.value === "ARRAY";
}
