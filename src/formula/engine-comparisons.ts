import type { EngineScalar } from "fast-formula-parser";
import { isEngineError } from "./engine-values";

/**
 * Comparisons the way Excel makes them. The engine compares text case-sensitively ("east"="East" is
 * FALSE; Excel says TRUE) and reads a blank cell as 0 even against "" (A1="" is FALSE for a blank A1;
 * Excel says TRUE). The operator rewrite (engine-operators.ts) sends every comparison here, one pair
 * of cells at a time.
 */

export const COMPARISONS: ReadonlySet<string> = new Set(["=", "<>", "<", ">", "<=", ">="]);

type Kind = "number" | "text" | "boolean";
/** Excel orders different kinds as numbers < text < TRUE/FALSE. */
const KIND_ORDER: Record<Kind, number> = { number: 0, text: 1, boolean: 2 };

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

/** One comparison of two values; an error on either side is the result. */
export function compareScalars(left: EngineScalar, op: string, right: EngineScalar): EngineScalar {
  if (isEngineError(left)) return left;
  if (isEngineError(right)) return right;
  const result = order(left, right);
  switch (op) {
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
}
