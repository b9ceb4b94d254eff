import FormulaParser, { type EngineArgument, type EngineScalar, type EngineValue } from "fast-formula-parser";
import { isExcelErrorText, type CellValue } from "../sheet/cells";

/**
 * Values as the headless engine (fast-formula-parser) computes with them: dates are serial numbers,
 * errors are FormulaError instances. The helpers here are shared by the functions this project adds
 * to the engine.
 */

export const { FormulaError } = FormulaParser;
export type EngineError = InstanceType<typeof FormulaParser.FormulaError>;
/** Excel's error for a calculation with no result, such as FILTER matching nothing; the engine predates it. */
export const CALC_ERROR: EngineError = new FormulaError("#CALC!");

/**
 * Thrown by an added function for an argument form it does not model (XLOOKUP's wildcard mode, say).
 * The evaluator reports "not verified" with the message rather than a value that might be wrong.
 */
export class EngineUnsupported extends Error {
  override readonly name = "EngineUnsupported";
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof FormulaError;
}

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system (serial 60 is the fictitious 1900-02-29, so count from 1899-12-30). */
const EPOCH_MS = Date.UTC(1899, 11, 30);

/** Dates carry the sheet's wall-clock time in UTC fields, as hosts deliver them. */
export function excelSerial(date: Date): number {
  return (date.getTime() - EPOCH_MS) / DAY_MS;
}

export function toEngineScalar(value: CellValue | undefined): EngineScalar {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return excelSerial(value);
  if (isExcelErrorText(value)) return new FormulaError(value);
  return value;
}

/** An argument as rows of values; a single value becomes a 1×1 grid. */
export function argGrid(arg: EngineArgument | undefined): EngineScalar[][] {
  if (arg === undefined) return [];
  const value: EngineValue = arg.value;
  return Array.isArray(value) ? value : [[value]];
}

/** An argument as one value; an array gives its first element, as Excel's implicit intersection would. */
export function argScalar(arg: EngineArgument | undefined): EngineScalar {
  if (arg === undefined || arg.omitted) return null;
  const value = arg.value;
  return Array.isArray(value) ? (value[0]?.[0] ?? null) : value;
}

export function isOmitted(arg: EngineArgument | undefined): boolean {
  return arg === undefined || arg.omitted === true;
}

/** A number argument as Excel coerces one: text that reads as a number counts, other text is #VALUE!. */
export function argNumber(arg: EngineArgument | undefined, fallback?: number): number {
  if (isOmitted(arg)) {
    if (fallback === undefined) throw FormulaError.VALUE;
    return fallback;
  }
  const value = argScalar(arg);
  if (isEngineError(value)) throw value;
  if (value === null) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const trimmed = value.trim();
  if (trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  throw FormulaError.VALUE;
}

export function argBoolean(arg: EngineArgument | undefined, fallback: boolean): boolean {
  if (isOmitted(arg)) return fallback;
  const value = argScalar(arg);
  if (isEngineError(value)) throw value;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (value === null) return false;
  if (/^(true|false)$/i.test(value)) return /^true$/i.test(value);
  throw FormulaError.VALUE;
}

/** A value as text the way Excel shows it in General format. */
export function toText(value: EngineScalar): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(Number(value.toPrecision(15)));
  if (isEngineError(value)) throw value;
  return value;
}

export function argText(arg: EngineArgument | undefined, fallback?: string): string {
  if (isOmitted(arg)) {
    if (fallback === undefined) throw FormulaError.VALUE;
    return fallback;
  }
  return toText(argScalar(arg));
}

/** Throws the first error found, as most Excel functions return the first error among their inputs. */
export function firstError(values: readonly EngineScalar[]): EngineError | undefined {
  return values.find((value): value is EngineError => isEngineError(value));
}
