import type { Expected, Scalar } from "../dataset/case";
import type { Graded, GradedScalar } from "./grader";

/**
 * Whether what the formula computed is what was expected: numbers within a relative 1e-9 (absolute
 * near zero; engines add floating-point sums in different orders), text and TRUE/FALSE exactly, a blank
 * cell and "" alike (a fill-down guard shows "" where Excel shows an empty-looking cell), lists cell by
 * cell with the same shape. Any error value is wrong.
 */

export type Computed = Graded | Graded[];

export function matches(actual: Computed, expected: Expected): boolean {
  switch (expected.kind) {
    case "value": {
      const grid = gridOf(actual);
      return grid
        ? sameGrid(grid, [[expected.value]])
        : isScalar(actual) && sameScalar(actual, expected.value);
    }
    case "list": {
      const grid = gridOf(actual) ?? (isScalar(actual) ? [[actual]] : null);
      return grid !== null && sameGrid(grid, expected.rows);
    }
    case "fill":
      return (
        Array.isArray(actual) &&
        actual.length === expected.values.length &&
        actual.every((got, i) => isScalar(got) && sameScalar(got, expected.values[i] ?? null))
      );
  }
}

function isScalar(value: unknown): value is GradedScalar {
  return !Array.isArray(value);
}

/** The value as rows of cells, when it is a list. */
function gridOf(value: Computed): GradedScalar[][] | null {
  if (!Array.isArray(value)) return null;
  const rows: GradedScalar[][] = [];
  for (const row of value) {
    if (!Array.isArray(row) || !row.every(isScalar)) return null;
    rows.push(row);
  }
  return rows;
}

function sameGrid(actual: readonly GradedScalar[][], expected: readonly Scalar[][]): boolean {
  return (
    actual.length === expected.length &&
    actual.every((row, r) => {
      const want = expected[r] ?? [];
      return row.length === want.length && row.every((cell, c) => sameScalar(cell, want[c] ?? null));
    })
  );
}

function sameScalar(actual: GradedScalar, expected: Scalar): boolean {
  if (actual !== null && typeof actual === "object") return false;
  if (typeof actual === "number" && typeof expected === "number") {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  const blank = (v: Scalar) => v === null || v === "";
  if (blank(actual) || blank(expected)) return blank(actual) && blank(expected);
  return actual === expected;
}

/** Short text of a value for reports. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
