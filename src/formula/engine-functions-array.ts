import type { EngineArgument, EngineFunction, EngineScalar, EngineValue } from "fast-formula-parser";
import {
  argBoolean,
  argGrid,
  argNumber,
  CALC_ERROR,
  EngineUnsupported,
  FormulaError,
  isEngineError,
  isOmitted,
} from "./engine-values";
import { isMultiCell } from "./engine-broadcast";

/**
 * The dynamic-array functions plans compile to (SORT, SORTBY, UNIQUE, SEQUENCE, TAKE, FILTER); DROP,
 * CHOOSECOLS and CHOOSEROWS are in engine-functions-shape.ts. Sorting
 * follows Excel's order of kinds (numbers, then text ignoring case, then TRUE/FALSE); blanks and errors
 * in a sort key are reported as unsupported because their placement is not modelled.
 */

type Grid = EngineScalar[][];

function kindRank(value: EngineScalar, what: string): number {
  if (typeof value === "number") return 0;
  if (typeof value === "string") return 1;
  if (typeof value === "boolean") return 2;
  throw new EngineUnsupported(`${what} with ${value === null ? "blank cells" : "errors"} in the sort key`);
}

function compareValues(a: EngineScalar, b: EngineScalar, what: string): number {
  const kinds = kindRank(a, what) - kindRank(b, what);
  if (kinds !== 0) return kinds;
  if (typeof a === "string" && typeof b === "string")
    return a.localeCompare(b, "en", { sensitivity: "base" });
  return Number(a) - Number(b);
}

function sortRows(rows: Grid, keys: { values: EngineScalar[]; order: number }[], what: string): Grid {
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    for (const key of keys) {
      const result = compareValues(key.values[i] ?? null, key.values[j] ?? null, what) * key.order;
      if (result !== 0) return result;
    }
    return i - j;
  });
  return order.map((i) => rows[i] ?? []);
}

function direction(arg: EngineArgument | undefined): number {
  const value = argNumber(arg, 1);
  if (value !== 1 && value !== -1) throw FormulaError.VALUE;
  return value;
}

function sort(args: EngineArgument[]): Grid {
  const [arrayArg, indexArg, orderArg, byColArg] = args;
  if (argBoolean(byColArg, false)) throw new EngineUnsupported("SORT by columns");
  if (isMultiCell(indexArg?.value) || isMultiCell(orderArg?.value))
    throw new EngineUnsupported("SORT by several keys given as lists");
  const rows = argGrid(arrayArg);
  const index = Math.trunc(argNumber(indexArg, 1));
  if (index < 1 || index > (rows[0]?.length ?? 0)) throw FormulaError.VALUE;
  return sortRows(
    rows,
    [{ values: rows.map((row) => row[index - 1] ?? null), order: direction(orderArg) }],
    "SORT",
  );
}

function sortBy(args: EngineArgument[]): Grid {
  const [arrayArg, ...rest] = args;
  const rows = argGrid(arrayArg);
  const keys: { values: EngineScalar[]; order: number }[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const by = argGrid(rest[i]);
    if (by.length !== rows.length || (by[0]?.length ?? 0) !== 1) {
      if (by.length === 1 && rows.length === 1) throw new EngineUnsupported("SORTBY across columns");
      throw FormulaError.VALUE;
    }
    keys.push({ values: by.map((row) => row[0] ?? null), order: direction(rest[i + 1]) });
  }
  if (keys.length === 0) throw FormulaError.VALUE;
  return sortRows(rows, keys, "SORTBY");
}

function unique(args: EngineArgument[]): Grid {
  const [arrayArg, byColArg, onceArg] = args;
  if (argBoolean(byColArg, false)) throw new EngineUnsupported("UNIQUE by columns");
  const exactlyOnce = argBoolean(onceArg, false);
  // Excel shows a blank as 0 in UNIQUE's result, and compares text ignoring case.
  const rows = argGrid(arrayArg).map((row) => row.map((value) => value ?? 0));
  const keyOf = (row: EngineScalar[]): string =>
    JSON.stringify(
      row.map((value) =>
        isEngineError(value) ? value.error : typeof value === "string" ? `s:${value.toLowerCase()}` : value,
      ),
    );
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
  const seen = new Set<string>();
  const result = rows.filter((row) => {
    const key = keyOf(row);
    if (seen.has(key) || (exactlyOnce && counts.get(key) !== 1)) return false;
    seen.add(key);
    return true;
  });
  if (result.length === 0) throw CALC_ERROR;
  return result;
}

function sequence(args: EngineArgument[]): EngineValue {
  const [rowsArg, colsArg, startArg, stepArg] = args;
  const rows = Math.trunc(argNumber(rowsArg));
  const cols = Math.trunc(argNumber(colsArg, 1));
  const start = argNumber(startArg, 1);
  const step = argNumber(stepArg, 1);
  if (rows < 1 || cols < 1) throw CALC_ERROR;
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => start + (r * cols + c) * step),
  );
}

function take(args: EngineArgument[]): Grid {
  const [arrayArg, rowsArg, colsArg] = args;
  const grid = argGrid(arrayArg);
  const count = (arg: EngineArgument | undefined, total: number): [number, number] => {
    if (isOmitted(arg)) return [0, total];
    const n = Math.trunc(argNumber(arg));
    if (n === 0) throw CALC_ERROR;
    return n > 0 ? [0, Math.min(n, total)] : [Math.max(0, total + n), total];
  };
  const [r0, r1] = count(rowsArg, grid.length);
  const [c0, c1] = count(colsArg, grid[0]?.length ?? 0);
  return grid.slice(r0, r1).map((row) => row.slice(c0, c1));
}

function filter(args: EngineArgument[]): EngineValue {
  const [arrayArg, includeArg, emptyArg] = args;
  const rows = argGrid(arrayArg);
  const include = argGrid(includeArg);
  // The engine computes comparisons over a range as one value; a single value here means that happened.
  if (include.length !== rows.length || (include[0]?.length ?? 0) !== 1) {
    throw new EngineUnsupported("FILTER whose include argument is not a column of TRUE/FALSE per row");
  }
  const kept = rows.filter((_, i) => {
    const flag = include[i]?.[0] ?? null;
    if (isEngineError(flag)) throw flag;
    if (typeof flag === "string") throw FormulaError.VALUE;
    return Boolean(flag);
  });
  if (kept.length > 0) return kept;
  return isOmitted(emptyArg) ? CALC_ERROR : (emptyArg?.value ?? CALC_ERROR);
}

export const ARRAY_FUNCTIONS: Record<string, EngineFunction> = {
  SORT: (...args) => sort(args),
  SORTBY: (...args) => sortBy(args),
  UNIQUE: (...args) => unique(args),
  SEQUENCE: (...args) => sequence(args),
  TAKE: (...args) => take(args),
  FILTER: (...args) => filter(args),
};
