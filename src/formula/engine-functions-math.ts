import type { EngineArgument, EngineFunction } from "fast-formula-parser";
import { argNumber, FormulaError } from "./engine-values";

/**
 * Rounding as Excel does it. The engine's ROUNDUP gives ROUNDUP(1,0) = 2 and ROUNDUP(0,0) = -1, and
 * plain float scaling turns ROUND(1.005,2) into 1; Excel rounds the value it shows (15 significant
 * digits), half away from zero.
 */

type Mode = "nearest" | "up" | "down";

function round(args: EngineArgument[], mode: Mode): number {
  const [numberArg, digitsArg] = args;
  const value = argNumber(numberArg);
  const digits = Math.trunc(argNumber(digitsArg));
  if (Math.abs(digits) > 300) throw FormulaError.NUM;
  const factor = 10 ** digits;
  // toPrecision(15) drops binary noise first, so 1.005*100 is 100.5 and not 100.49999999999999.
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const whole =
    mode === "nearest" ? Math.round(scaled) : mode === "up" ? Math.ceil(scaled) : Math.floor(scaled);
  const result = (Math.sign(value) * whole) / factor;
  return Object.is(result, -0) ? 0 : result;
}

export const MATH_FUNCTIONS: Record<string, EngineFunction> = {
  ROUND: (...args) => round(args, "nearest"),
  ROUNDUP: (...args) => round(args, "up"),
  ROUNDDOWN: (...args) => round(args, "down"),
};
