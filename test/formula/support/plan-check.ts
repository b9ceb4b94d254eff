import type ExcelJS from "exceljs";
import { expect } from "vitest";
import { compilePlan, type CompileOptions } from "../../../src/formula/compile-plan";
import {
  evaluateFormula,
  type EvaluateOptions,
  type EvaluationResult,
} from "../../../src/formula/evaluate-formula";
import type { FormulaPlan } from "../../../src/formula/plan-schema";
import { describeTable, type TableContext } from "../../../src/formula/table-context";
import { XlsxWorkbook } from "../../../src/host/xlsx/xlsx-workbook";
import { canGrade, Grader, type Graded } from "./hyperformula-grader";

/**
 * Compile a plan, then run the formula through both engines: HyperFormula (the grader) and
 * evaluateFormula (the product's own check). Tests compare both with values they compute themselves.
 */

export interface Fixture {
  workbook: ExcelJS.Workbook;
  host: XlsxWorkbook;
  grader: Grader;
  context: TableContext;
  /** A free column beside the table, where fill-down formulas would go. */
  spareColumn: string;
}

export async function loadFixture(
  workbook: ExcelJS.Workbook,
  sheet: string,
  spareColumn: string,
): Promise<Fixture> {
  const host = XlsxWorkbook.fromWorkbook(workbook);
  return {
    workbook,
    host,
    grader: new Grader(workbook),
    context: await describeTable(host, sheet),
    spareColumn,
  };
}

/** Our evaluator's answer in the grader's shape, or "not-verified". */
export type Ours = Graded | "not-verified";

export interface RowCheck {
  row: number;
  formula: string;
  /** undefined when HyperFormula lacks a function the formula uses. */
  hyperformula: Graded | undefined;
  ours: Ours;
  result: EvaluationResult;
}

export const MODERN: CompileOptions = { xlookup: true };
export const LEGACY: CompileOptions = { xlookup: false };

export async function checkPlan(
  fixture: Fixture,
  plan: FormulaPlan,
  options: CompileOptions,
  rows: readonly number[] = [fixture.context.firstDataRow],
  evaluate: EvaluateOptions = { allowEmpty: true },
): Promise<RowCheck[]> {
  const checks: RowCheck[] = [];
  for (const row of rows) {
    const { formula } = compilePlan(plan, fixture.context, { ...options, targetRow: row });
    const at = `${fixture.spareColumn}${row}`;
    const result = await evaluateFormula(fixture.host, fixture.context.sheet, formula, at, evaluate);
    checks.push({
      row,
      formula,
      hyperformula: canGrade(formula) ? fixture.grader.evaluate(fixture.context.sheet, formula) : undefined,
      ours: oursOf(result),
      result,
    });
  }
  return checks;
}

export function oursOf(result: EvaluationResult): Ours {
  if (result.status === "ok") return result.value;
  if (result.status === "error") return { error: result.error };
  return "not-verified";
}

/** Data rows of the fixture's table, for fill-down plans checked on every row. */
export function dataRows(fixture: Fixture): number[] {
  const { firstDataRow, lastDataRow } = fixture.context;
  return Array.from({ length: lastDataRow - firstDataRow + 1 }, (_, i) => firstDataRow + i);
}

/** Equal, with numbers compared to 9 decimal places (float sums differ in the last bits between engines). */
export function expectSame(actual: Graded | Ours | undefined, expected: Graded, label = ""): void {
  if (typeof expected === "number" && typeof actual === "number") {
    expect(actual, label).toBeCloseTo(expected, 9);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    expect(actual.length, `${label} rows`).toBe(expected.length);
    expected.forEach((row, r) => {
      const actualRow = actual[r];
      expect(Array.isArray(actualRow), label).toBe(true);
      if (Array.isArray(row) && Array.isArray(actualRow)) {
        row.forEach((cell, c) => expectSame(actualRow[c], cell, `${label}[${r}][${c}]`));
      }
    });
    return;
  }
  expect(actual, label).toEqual(expected);
}

/** Both engines agree with the expected values, row by row; `ours` may instead be not-verified. */
export function expectGraded(
  checks: readonly RowCheck[],
  expected: readonly Graded[],
  how: { hyperformula: boolean; ours: "verified" | "not-verified" },
): void {
  expect(checks.length).toBe(expected.length);
  checks.forEach((check, i) => {
    const want = expected[i] ?? null;
    const label = `row ${check.row}: ${check.formula}`;
    if (how.hyperformula) {
      expect(check.hyperformula, `${label} should be gradable`).not.toBeUndefined();
      expectSame(check.hyperformula, want, `HyperFormula ${label}`);
    } else {
      expect(check.hyperformula, label).toBeUndefined();
    }
    if (how.ours === "verified") expectSame(check.ours, want, `evaluateFormula ${label}`);
    else expect(check.result.status, label).toBe("not-verified");
  });
}
