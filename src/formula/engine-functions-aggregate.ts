import type { EngineArgument, EngineFunction, EngineScalar, EngineValue } from "fast-formula-parser";
import {
  argGrid,
  argNumber,
  argScalar,
  EngineUnsupported,
  firstError,
  FormulaError,
  isEngineError,
  isOmitted,
} from "./engine-values";
import { parseCriteria } from "./excel-criteria";

/**
 * Aggregates the engine lacks (MAX, MIN, COUNTA, LARGE, SMALL, RANK.EQ) or lacks in its *IFS form.
 * Numbers in ranges count; text, booleans and blanks in ranges are skipped, as in Excel; values typed
 * straight into the call are coerced.
 */

/** The numbers an aggregate sees: from ranges only real numbers, from typed values anything numeric. */
function numbersOf(args: readonly EngineArgument[]): number[] {
  const numbers: number[] = [];
  for (const arg of args) {
    if (isOmitted(arg)) continue;
    if (arg.isRangeRef || arg.isCellRef || arg.isArray || Array.isArray(arg.value)) {
      for (const value of argGrid(arg).flat()) {
        if (isEngineError(value)) throw value;
        if (typeof value === "number") numbers.push(value);
      }
    } else {
      numbers.push(argNumber(arg));
    }
  }
  return numbers;
}

/** The rows of every *IFS criteria pair that meet all criteria, as flat indexes into the ranges. */
function matchingCells(pairs: readonly EngineArgument[], size: { rows: number; cols: number }): number[] {
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw FormulaError.VALUE;
  const tests: { cells: EngineScalar[]; test: (cell: EngineScalar) => boolean }[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const range = argGrid(pairs[i]);
    const criteria = pairs[i + 1];
    if (criteria?.isArray || Array.isArray(criteria?.value)) {
      throw new EngineUnsupported("criteria given as a list of values (Excel returns one result per value)");
    }
    if (range.length !== size.rows || (range[0]?.length ?? 0) !== size.cols) throw FormulaError.VALUE;
    tests.push({ cells: range.flat(), test: parseCriteria(argScalar(criteria)) });
  }
  const matches: number[] = [];
  for (let i = 0; i < size.rows * size.cols; i++) {
    if (tests.every(({ cells, test }) => test(cells[i] ?? null))) matches.push(i);
  }
  return matches;
}

function shapeOf(arg: EngineArgument | undefined): { rows: number; cols: number } {
  const grid = argGrid(arg);
  return { rows: grid.length, cols: grid[0]?.length ?? 0 };
}

/** SUMIFS-style: the values of the first range in the matching rows; numbers only, errors propagate. */
function matchedNumbers(valueRange: EngineArgument | undefined, pairs: readonly EngineArgument[]): number[] {
  const values = argGrid(valueRange).flat();
  const picked = matchingCells(pairs, shapeOf(valueRange)).map((index) => values[index] ?? null);
  const error = firstError(picked);
  if (error) throw error;
  return picked.filter((value): value is number => typeof value === "number");
}

function extreme(numbers: number[], pick: (a: number, b: number) => number): number {
  // Not reduce(pick): reduce passes the index and array too, and Math.max would read them as numbers.
  return numbers.length === 0 ? 0 : numbers.reduce((a, b) => pick(a, b));
}

/** LARGE/SMALL with k a single number or a list of them (LARGE(r,SEQUENCE(3))). */
function kth(args: EngineArgument[], largest: boolean): EngineValue {
  const [range, k] = args;
  const sorted = numbersOf(range ? [range] : []).sort((a, b) => (largest ? b - a : a - b));
  const pick = (value: EngineScalar): EngineScalar => {
    if (isEngineError(value)) return value;
    const n = typeof value === "number" ? Math.ceil(value) : Number.NaN;
    const found = sorted[n - 1];
    return Number.isFinite(n) && n >= 1 && found !== undefined ? found : FormulaError.NUM;
  };
  if (k && (k.isArray || k.isRangeRef || Array.isArray(k.value)))
    return argGrid(k).map((row) => row.map(pick));
  return pick(argNumber(k));
}

function rank(args: EngineArgument[]): EngineScalar {
  const [number, ref, order] = args;
  // A blank cell given as the number is 0, as everywhere Excel wants a number.
  const value = argScalar(number) ?? 0;
  if (isEngineError(value)) return value;
  if (typeof value !== "number") return FormulaError.VALUE;
  const numbers = numbersOf(ref ? [ref] : []);
  if (!numbers.includes(value)) return FormulaError.NA;
  const ascending = argNumber(order, 0) !== 0;
  return 1 + numbers.filter((other) => (ascending ? other < value : other > value)).length;
}

export const AGGREGATE_FUNCTIONS: Record<string, EngineFunction> = {
  MAX: (...args) => extreme(numbersOf(args), Math.max),
  MIN: (...args) => extreme(numbersOf(args), Math.min),
  COUNTA: (...args) =>
    args.reduce((count, arg) => {
      if (isOmitted(arg)) return count;
      return (
        count +
        argGrid(arg)
          .flat()
          .filter((value) => value !== null).length
      );
    }, 0),
  SUMIFS: (range, ...pairs) => matchedNumbers(range, pairs).reduce((sum, value) => sum + value, 0),
  COUNTIFS: (...pairs) => matchingCells(pairs, shapeOf(pairs[0])).length,
  AVERAGEIFS: (range, ...pairs) => {
    const numbers = matchedNumbers(range, pairs);
    if (numbers.length === 0) return FormulaError.DIV0;
    return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
  },
  MAXIFS: (range, ...pairs) => extreme(matchedNumbers(range, pairs), Math.max),
  MINIFS: (range, ...pairs) => extreme(matchedNumbers(range, pairs), Math.min),
  LARGE: (...args) => kth(args, true),
  SMALL: (...args) => kth(args, false),
  "RANK.EQ": (...args) => rank(args),
  RANK: (...args) => rank(args),
};
