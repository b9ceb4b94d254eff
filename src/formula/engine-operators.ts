import type { EngineArgument, EngineFunction, EngineScalar } from "fast-formula-parser";
import { broadcast } from "./engine-broadcast";
import { compareScalars, COMPARISONS } from "./engine-comparisons";
import { EngineUnsupported, FormulaError, isEngineError, toText } from "./engine-values";

/**
 * Excel's operators as functions the engine runs (the rewrite in engine-operator-rewrite.ts turns
 * "L op R" into SLMOP(L,"op",R)), so that each applies cell by cell over ranges and arrays as in
 * Excel 365: Sales!C2:C101="West" is a column of TRUE/FALSE, not the first cell's answer.
 */

/** Internal to the engine: never in the allow-list, so a formula that names them is refused by safety. */
export const OPERATOR_FUNCTION = "SLMOP";
export const NEGATE_FUNCTION = "SLMNEG";
export const PERCENT_FUNCTION = "SLMPERCENT";

const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/;
/** Text Excel reads as a number only by locale or format: dates, times, amounts with symbols or groups. */
const FORMATTED_NUMBER = /^[-+($€£]*[\d.,:/ -]*\d[\d.,:/ -]*(am|pm)?[)%]?$/i;

/** A value as Excel's arithmetic reads it: blank is 0, TRUE is 1, text that reads as a number counts. */
export function numberOf(value: EngineScalar): number | InstanceType<typeof FormulaError> {
  if (value === null) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (isEngineError(value)) return value;
  const text = value.trim();
  if (PLAIN_NUMBER.test(text)) {
    const number = Number(text.replace(/%$/, ""));
    return text.endsWith("%") ? number / 100 : number;
  }
  if (FORMATTED_NUMBER.test(text)) {
    throw new EngineUnsupported(
      `arithmetic on the text "${value}", which Excel may read as a date or amount`,
    );
  }
  return FormulaError.VALUE;
}

function finite(result: number): EngineScalar {
  if (Number.isNaN(result) || !Number.isFinite(result)) return FormulaError.NUM;
  return Object.is(result, -0) ? 0 : result;
}

function arithmetic(left: EngineScalar, op: string, right: EngineScalar): EngineScalar {
  const a = numberOf(left);
  if (isEngineError(a)) return a;
  const b = numberOf(right);
  if (isEngineError(b)) return b;
  switch (op) {
    case "+":
      return finite(a + b);
    case "-":
      return finite(a - b);
    case "*":
      return finite(a * b);
    case "/":
      return b === 0 ? FormulaError.DIV0 : finite(a / b);
    default:
      return a === 0 && b <= 0 ? (b === 0 ? FormulaError.NUM : FormulaError.DIV0) : finite(a ** b);
  }
}

function concatenate(left: EngineScalar, right: EngineScalar): EngineScalar {
  if (isEngineError(left)) return left;
  if (isEngineError(right)) return right;
  const joined = toText(left) + toText(right);
  return joined.length > 32_767 ? FormulaError.VALUE : joined;
}

function apply(left: EngineScalar, op: string, right: EngineScalar): EngineScalar {
  if (COMPARISONS.has(op)) return compareScalars(left, op, right);
  if (op === "&") return concatenate(left, right);
  if (["+", "-", "*", "/", "^"].includes(op)) return arithmetic(left, op, right);
  throw new EngineUnsupported(`the operator ${op}`);
}

const operator: EngineFunction = (leftArg, opArg, rightArg) => {
  const op = String(opArg?.value ?? "");
  return broadcast([leftArg?.value ?? null, rightArg?.value ?? null], ([left = null, right = null]) =>
    apply(left, op, right),
  );
};

function unary(arg: EngineArgument | undefined, each: (value: number) => number): ReturnType<EngineFunction> {
  return broadcast([arg?.value ?? null], ([value = null]) => {
    const number = numberOf(value);
    return isEngineError(number) ? number : finite(each(number));
  });
}

export const OPERATOR_FUNCTIONS: Record<string, EngineFunction> = {
  [OPERATOR_FUNCTION]: operator,
  [NEGATE_FUNCTION]: (arg) => unary(arg, (value) => -value),
  [PERCENT_FUNCTION]: (arg) => unary(arg, (value) => value / 100),
};
