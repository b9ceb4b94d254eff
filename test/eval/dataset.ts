import { ARRAY_CASES } from "./dataset/array-cases";
import { BUDGET_CASES } from "./dataset/budget-cases";
import type { EvalCase } from "./dataset/case";
import { HR_CASES } from "./dataset/hr-cases";
import { INVENTORY_CASES } from "./dataset/inventory-cases";
import { SALES_CASES } from "./dataset/sales-cases";
import { SURVEY_CASES } from "./dataset/survey-cases";
import { buildBudgetActual } from "./workbooks/budget-actual";
import { buildHrRoster } from "./workbooks/hr-roster";
import { buildInventory } from "./workbooks/inventory";
import { buildSalesLedger } from "./workbooks/sales-ledger";
import { buildSurvey } from "./workbooks/survey";
import type { BuiltWorkbook } from "./workbooks/workbook";

export type { EvalCase, Expected, Scalar } from "./dataset/case";

/** The formula eval's requests, over five workbooks; see dataset/*-cases.ts. */
export const CASES: readonly EvalCase[] = [
  ...SALES_CASES,
  ...HR_CASES,
  ...INVENTORY_CASES,
  ...BUDGET_CASES,
  ...SURVEY_CASES,
  ...ARRAY_CASES,
];

/** Fresh workbooks (one exceljs workbook each, read through XlsxWorkbook). */
export function buildWorkbooks(): BuiltWorkbook[] {
  return [buildSalesLedger(), buildHrRoster(), buildInventory(), buildBudgetActual(), buildSurvey()];
}
