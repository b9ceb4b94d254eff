import type { EngineArgument, EngineScalar, EngineValue } from "fast-formula-parser";
import { CALC_ERROR, FormulaError } from "./engine-values";

/**
 * Excel 365's array rule for operators and for functions given a range where they take one value:
 * the operation runs once per cell and the results spill. Operands of different sizes are stretched
 * the way Excel stretches them: a single value, row or column repeats across the other operand; where
 * neither reaches (a 2-row array against a 3-row one), the cell is #N/A.
 */

export type Grid = EngineScalar[][];

export function isMultiCell(value: EngineValue | undefined): value is Grid {
  return Array.isArray(value) && (value.length > 1 || (value[0]?.length ?? 0) > 1);
}

/** A 1×1 array is its one value. */
function scalarOf(value: EngineValue): EngineScalar {
  return Array.isArray(value) ? (value[0]?.[0] ?? null) : value;
}

function size(value: EngineValue): { rows: number; cols: number } {
  return Array.isArray(value) ? { rows: value.length, cols: value[0]?.length ?? 0 } : { rows: 1, cols: 1 };
}

/** The value at (r, c) once stretched, or #N/A where Excel finds no cell. */
function at(value: EngineValue, r: number, c: number): EngineScalar {
  if (!Array.isArray(value)) return value;
  const { rows, cols } = size(value);
  const row = rows === 1 ? 0 : r;
  const col = cols === 1 ? 0 : c;
  if (row >= rows || col >= cols) return FormulaError.NA;
  return value[row]?.[col] ?? null;
}

/**
 * Applies `each` to the values of `operands` cell by cell. Single values give a single value; any
 * array gives an array the size of the largest operands.
 */
export function broadcast(
  operands: readonly EngineValue[],
  each: (values: EngineScalar[]) => EngineScalar,
): EngineValue {
  if (!operands.some(isMultiCell)) return each(operands.map(scalarOf));
  const rows = operands.reduce<number>((most, operand) => Math.max(most, size(operand).rows), 1);
  const cols = operands.reduce<number>((most, operand) => Math.max(most, size(operand).cols), 1);
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => each(operands.map((operand) => at(operand, r, c)))),
  );
}

/** An argument standing for one of the values `broadcast` hands out: a single value, not a range. */
export function scalarArgument(template: EngineArgument, value: EngineScalar): EngineArgument {
  // A cell of a range is still a cell: a blank one is passed the way a blank cell reference is.
  const fromCells = template.isRangeRef === true || template.isCellRef === true;
  // The engine passes its information functions (ISBLANK…) the reference too; the cell stands alone.
  const { ref: _ref, ...rest } = template as EngineArgument & { ref?: unknown };
  return { ...rest, value, isArray: false, isRangeRef: false, isCellRef: fromCells };
}

/** A function's result as one cell: an error thrown becomes the cell's error; Excel cannot nest arrays. */
export function asCell(compute: () => EngineValue): EngineScalar {
  try {
    const value = compute();
    return isMultiCell(value) ? CALC_ERROR : scalarOf(value);
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
}
