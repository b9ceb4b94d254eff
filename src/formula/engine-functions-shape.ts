import type { EngineArgument, EngineFunction } from "fast-formula-parser";
import type { Grid } from "./engine-broadcast";
import { argGrid, argNumber, CALC_ERROR, FormulaError, isEngineError, isOmitted } from "./engine-values";

/**
 * Dynamic-array functions that cut or pick from an array (DROP, CHOOSECOLS, CHOOSEROWS), as Excel
 * documents them: a negative count or position counts from the end, nothing left is #CALC!, a position
 * outside the array is #VALUE!.
 */

function drop(args: EngineArgument[]): Grid {
  const [arrayArg, rowsArg, colsArg] = args;
  const grid = argGrid(arrayArg);
  const keep = (arg: EngineArgument | undefined, total: number): [number, number] => {
    if (isOmitted(arg)) return [0, total];
    const n = Math.trunc(argNumber(arg));
    return n >= 0 ? [Math.min(n, total), total] : [0, Math.max(0, total + n)];
  };
  const [r0, r1] = keep(rowsArg, grid.length);
  const [c0, c1] = keep(colsArg, grid[0]?.length ?? 0);
  if (r0 >= r1 || c0 >= c1) throw CALC_ERROR;
  return grid.slice(r0, r1).map((row) => row.slice(c0, c1));
}

/** The 0-based positions asked for, each a number or a list of numbers. */
function positions(args: readonly EngineArgument[], total: number): number[] {
  if (args.length === 0) throw FormulaError.VALUE;
  return args.flatMap((arg) => {
    if (isOmitted(arg)) throw FormulaError.VALUE;
    return argGrid(arg)
      .flat()
      .map((value) => {
        if (isEngineError(value)) throw value;
        const n = Math.trunc(argNumber({ value, isArray: false }));
        if (n === 0 || Math.abs(n) > total) throw FormulaError.VALUE;
        return n > 0 ? n - 1 : total + n;
      });
  });
}

function chooseCols(args: EngineArgument[]): Grid {
  const [arrayArg, ...picks] = args;
  const grid = argGrid(arrayArg);
  const cols = positions(picks, grid[0]?.length ?? 0);
  return grid.map((row) => cols.map((col) => row[col] ?? null));
}

function chooseRows(args: EngineArgument[]): Grid {
  const [arrayArg, ...picks] = args;
  const grid = argGrid(arrayArg);
  return positions(picks, grid.length).map((row) => grid[row] ?? []);
}

export const SHAPE_FUNCTIONS: Record<string, EngineFunction> = {
  DROP: (...args) => drop(args),
  CHOOSECOLS: (...args) => chooseCols(args),
  CHOOSEROWS: (...args) => chooseRows(args),
};
