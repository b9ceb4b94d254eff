import type { Token } from "excel-formula-tokenizer";
import type { EngineArgument, EngineFunction, EngineScalar } from "fast-formula-parser";
import { EngineUnsupported, isEngineError } from "./engine-values";

/**
 * Comparisons the way Excel makes them. The engine compares text case-sensitively ("east"="East" is
 * FALSE; Excel says TRUE) and reads a blank cell as 0 even against "" (A1="" is FALSE for a blank A1;
 * Excel says TRUE). So before evaluation each comparison "L op R" becomes SLMCOMPARE(L,"op",R), a
 * function the engine runs with Excel's rules. Comparison binds loosest of all Excel operators, so L
 * and R are simply everything between the operator and the enclosing argument's edges.
 */

/** Internal to the engine: never in the allow-list, so a formula that names it is refused by safety. */
export const COMPARE_FUNCTION = "SLMCOMPARE";

const COMPARISONS = new Set(["=", "<>", "<", ">", "<=", ">="]);

export function rewriteComparisons(tokens: readonly Token[]): Token[] {
  return expression(tokens);
}

/** One expression: nested calls and groups first, then at most one comparison at this level. */
function expression(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const opens = (token.type === "function" || token.type === "subexpression") && token.subtype === "start";
    if (!opens) {
      out.push(token);
      continue;
    }
    const end = matching(tokens, i);
    out.push(token);
    for (const part of argumentsOf(tokens.slice(i + 1, end))) out.push(part);
    const close = tokens[end];
    if (close) out.push(close);
    i = end;
  }
  const operators = out.flatMap((token, index) => (isComparison(token) ? [index] : []));
  const [at] = operators;
  // a=b=c compares a boolean with c; left alone, the engine's own order of evaluation applies.
  if (operators.length !== 1 || at === undefined) return out;
  const op = out[at];
  if (!op) return out;
  return [
    { type: "function", subtype: "start", value: COMPARE_FUNCTION },
    ...out.slice(0, at),
    { type: "argument", subtype: "", value: "," },
    { type: "operand", subtype: "text", value: op.value },
    { type: "argument", subtype: "", value: "," },
    ...out.slice(at + 1),
    { type: "function", subtype: "stop", value: "" },
  ];
}

/** The inside of a call or group, split at its own argument separators, each part rewritten. */
function argumentsOf(inner: readonly Token[]): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let from = 0;
  inner.forEach((token, index) => {
    if (token.type === "function" || token.type === "subexpression")
      depth += token.subtype === "start" ? 1 : -1;
    if (depth === 0 && token.type === "argument") {
      for (const part of expression(inner.slice(from, index))) out.push(part);
      out.push(token);
      from = index + 1;
    }
  });
  for (const part of expression(inner.slice(from))) out.push(part);
  return out;
}

function matching(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.type !== "function" && token?.type !== "subexpression") continue;
    depth += token.subtype === "start" ? 1 : -1;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

function isComparison(token: Token): boolean {
  return token.type === "operator-infix" && token.subtype === "logical" && COMPARISONS.has(token.value);
}

type Kind = "number" | "text" | "boolean";
/** Excel orders different kinds as numbers < text < TRUE/FALSE. */
const KIND_ORDER: Record<Kind, number> = { number: 0, text: 1, boolean: 2 };

function operand(arg: EngineArgument | undefined): EngineScalar {
  const value = arg?.value ?? null;
  if (Array.isArray(value)) {
    if (value.length === 1 && value[0]?.length === 1) return value[0][0] ?? null;
    throw new EngineUnsupported("a comparison of a whole range (Excel compares each cell)");
  }
  return value;
}

function kindOf(value: Exclude<EngineScalar, null>): Kind {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "text";
}

/** A blank takes the other side's kind: "" against text, 0 against numbers, FALSE against booleans. */
function blankAs(other: EngineScalar): EngineScalar {
  if (typeof other === "string") return "";
  if (typeof other === "boolean") return false;
  return 0;
}

function order(a: EngineScalar, b: EngineScalar): number {
  const left = a ?? blankAs(b);
  const right = b ?? blankAs(a);
  if (left === null || right === null || isEngineError(left) || isEngineError(right)) return 0;
  const kinds = KIND_ORDER[kindOf(left)] - KIND_ORDER[kindOf(right)];
  if (kinds !== 0) return kinds;
  const x = typeof left === "string" ? left.toLowerCase() : Number(left);
  const y = typeof right === "string" ? right.toLowerCase() : Number(right);
  return x < y ? -1 : x > y ? 1 : 0;
}

const compare: EngineFunction = (leftArg, opArg, rightArg) => {
  const left = operand(leftArg);
  const right = operand(rightArg);
  if (isEngineError(left)) return left;
  if (isEngineError(right)) return right;
  const result = order(left, right);
  switch (opArg?.value) {
    case "=":
      return result === 0;
    case "<>":
      return result !== 0;
    case "<":
      return result < 0;
    case ">":
      return result > 0;
    case "<=":
      return result <= 0;
    default:
      return result >= 0;
  }
};

export const COMPARISON_FUNCTIONS: Record<string, EngineFunction> = { [COMPARE_FUNCTION]: compare };
