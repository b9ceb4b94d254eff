import { BUDGET, BUDGET_SHEET as sheet, type BudgetLine } from "../workbooks/budget-actual";
import { column, fill, list, value, type EvalCase } from "./case";
import { arithmetic, average, numbers, sortedBy, sum } from "./excel-semantics";

/** The Total row (18) is not data: every expected value here leaves it out. */
const workbook = "budget-vs-actual";
const FIRST = 2;
const CELL = "G2";
const where = (test: (b: BudgetLine) => boolean) => BUDGET.filter(test);
const budgets = (lines: readonly BudgetLine[]) => lines.map((b) => b.budget);
const actuals = (lines: readonly BudgetLine[]) => lines.map((b) => b.actual);
const totalBudget = sum(budgets(BUDGET));

export const BUDGET_CASES: EvalCase[] = [
  {
    id: "budget-01",
    workbook,
    sheet,
    ask: "Total budget for the year",
    goodPlan: { kind: "aggregate", function: "sum", valueColumn: "Budget", criteria: [] },
    expected: value(totalBudget),
  },
  {
    id: "budget-02",
    workbook,
    sheet,
    ask: "Actual spend in Marketing",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Actual",
      criteria: [{ column: "Department", operator: "equals", value: "Marketing" }],
    },
    expected: value(sum(actuals(where((b) => b.department === "Marketing")))),
  },
  {
    id: "budget-03",
    workbook,
    sheet,
    ask: "Variance for each line: actual minus budget",
    cell: CELL,
    goodPlan: { kind: "arithmetic", left: "Actual", operator: "subtract", right: "Budget" },
    // A blank Actual counts as 0; the Actual pasted as text ("61250") still subtracts.
    expected: fill(BUDGET, FIRST, [0, 4, 6, 10], (b) => arithmetic(b.actual) - b.budget),
  },
  {
    id: "budget-04",
    workbook,
    sheet,
    ask: "Percent change from budget to actual",
    cell: CELL,
    goodPlan: { kind: "percent_change", fromColumn: "Budget", toColumn: "Actual" },
    expected: fill(BUDGET, FIRST, [0, 1, 4, 10], (b) =>
      b.budget === 0 ? "" : (arithmetic(b.actual) - b.budget) / b.budget,
    ),
  },
  {
    id: "budget-05",
    workbook,
    sheet,
    ask: "Actual as a fraction of budget for each line",
    cell: CELL,
    goodPlan: { kind: "arithmetic", left: "Actual", operator: "divide", right: "Budget" },
    expected: fill(BUDGET, FIRST, [0, 6, 10], (b) => (b.budget === 0 ? "" : arithmetic(b.actual) / b.budget)),
  },
  {
    id: "budget-06",
    workbook,
    sheet,
    ask: "Mark lines with no actual yet as Pending, the others as Booked",
    cell: CELL,
    goodPlan: {
      kind: "condition",
      rules: [{ column: "Actual", operator: "is_blank", result: "Pending" }],
      otherwise: "Booked",
    },
    expected: fill(BUDGET, FIRST, [0, 4, 6, 14], (b) => (b.actual === null ? "Pending" : "Booked")),
  },
  {
    id: "budget-07",
    workbook,
    sheet,
    ask: "The 3 biggest budget lines",
    goodPlan: { kind: "top_n", valueColumn: "Budget", n: 3, order: "largest", returnColumn: "Line" },
    expected: column(
      sortedBy(BUDGET, (b) => b.budget, true)
        .slice(0, 3)
        .map((b) => b.line),
    ),
  },
  {
    id: "budget-08",
    workbook,
    sheet,
    ask: "Budget and actual of the Capex lines",
    goodPlan: {
      kind: "filter",
      returnColumns: ["Budget", "Actual"],
      criteria: [{ column: "Category", operator: "equals", value: "Capex" }],
    },
    // A spilled blank shows as 0; the text "61250" stays text.
    expected: list(where((b) => b.category === "Capex").map((b) => [b.budget, b.actual ?? 0])),
  },
  {
    id: "budget-09",
    workbook,
    sheet,
    ask: "How many lines have no actual yet?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Actual", operator: "is_blank" }],
    },
    expected: value(where((b) => b.actual === null).length),
  },
  {
    id: "budget-10",
    workbook,
    sheet,
    ask: "Who owns the Cloud hosting line?",
    goodPlan: { kind: "lookup", lookupValue: "Cloud hosting", matchColumn: "Line", returnColumn: "Owner" },
    expected: value(BUDGET.find((b) => b.line === "Cloud hosting")?.owner ?? null),
  },
  {
    id: "budget-11",
    workbook,
    sheet,
    ask: "Each line's share of the total budget",
    cell: CELL,
    goodPlan: { kind: "percent_of_total", valueColumn: "Budget" },
    expected: fill(BUDGET, FIRST, [0, 9, 10, 15], (b) => b.budget / totalBudget),
  },
  {
    id: "budget-12",
    workbook,
    sheet,
    ask: "Average budget of the Opex lines",
    goodPlan: {
      kind: "aggregate",
      function: "average",
      valueColumn: "Budget",
      criteria: [{ column: "Category", operator: "equals", value: "Opex" }],
    },
    expected: value(average(budgets(where((b) => b.category === "Opex")))),
  },
  {
    id: "budget-13",
    workbook,
    sheet,
    ask: "Largest actual spend in IT",
    goodPlan: {
      kind: "aggregate",
      function: "max",
      valueColumn: "Actual",
      criteria: [{ column: "Department", operator: "equals", value: "IT" }],
    },
    // MAXIFS skips the Laptops actual typed as text.
    expected: value(Math.max(...numbers(actuals(where((b) => b.department === "IT"))))),
  },
  {
    id: "budget-14",
    workbook,
    sheet,
    ask: "Running total of the budget",
    cell: CELL,
    goodPlan: { kind: "running_total", valueColumn: "Budget" },
    expected: fill(BUDGET, FIRST, [0, 1, 15], (b) => sum(budgets(BUDGET.slice(0, BUDGET.indexOf(b) + 1)))),
  },
];
