import type { ModelAnswer } from "../../../src/tasks/formula";
import type { WorkbookName } from "../workbooks/workbook";

/**
 * One eval case: a request a user would type, the plan a good model would answer with, and the value(s)
 * the formula must produce, computed in plain TypeScript from the workbook's rows (never from the
 * compiler or its formulas).
 */

export type Scalar = number | string | boolean | null;

export type Expected =
  /** One value in the formula's cell. */
  | { kind: "value"; value: Scalar }
  /** A list spilling from the formula's cell, row by row. */
  | { kind: "list"; rows: Scalar[][] }
  /** A formula filled down a column: its values in these sheet rows (same column as the case's cell). */
  | { kind: "fill"; rows: number[]; values: Scalar[] };

export interface EvalCase {
  id: string;
  workbook: WorkbookName;
  sheet: string;
  /** Unique across the dataset: the scripted models find the case by it. */
  ask: string;
  cell?: string;
  range?: string;
  tableName?: string;
  /** false: an Excel without XLOOKUP and dynamic arrays. Default true. */
  xlookup?: boolean;
  /** A plan, or { kind: "free_form", formula } for requests no plan kind fits. */
  goodPlan: ModelAnswer;
  expected: Expected;
}

export function value(value: Scalar): Expected {
  return { kind: "value", value };
}

export function list(rows: Scalar[][]): Expected {
  return { kind: "list", rows };
}

/** A one-column list. */
export function column(values: readonly Scalar[]): Expected {
  return { kind: "list", rows: values.map((v) => [v]) };
}

/** Fill-down expectations for the data rows at `indexes` (0 = the first data row, in `firstRow`). */
export function fill<T>(
  data: readonly T[],
  firstRow: number,
  indexes: readonly number[],
  compute: (row: T) => Scalar,
): Expected {
  return {
    kind: "fill",
    rows: indexes.map((index) => firstRow + index),
    values: indexes.map((index) => {
      const row = data[index];
      if (row === undefined) throw new Error(`no data row ${index}`);
      return compute(row);
    }),
  };
}
