import { build, type BuiltWorkbook, type Cell } from "./workbook";

/**
 * This year's budget against actual spend, 16 lines (sheet rows 2-17) and a "Total" row below them
 * (row 18) that formulas must not count twice. Two lines have no Actual yet, one Actual was pasted in
 * as text ("61250"), and one line was never budgeted (Budget 0).
 */

export interface BudgetLine {
  line: string;
  department: string;
  category: "Opex" | "Capex";
  owner: string;
  budget: number;
  actual: number | string | null;
}

export const BUDGET_SHEET = "Budget";
export const BUDGET_HEADERS = ["Line", "Department", "Category", "Owner", "Budget", "Actual"] as const;

// prettier-ignore
export const BUDGET: readonly BudgetLine[] = [
  { line: "Sales salaries",    department: "Sales",     category: "Opex",  owner: "Ana Lima",       budget: 420000, actual: 431500 },
  { line: "Travel",            department: "Sales",     category: "Opex",  owner: "Ana Lima",       budget: 38000,  actual: 41250.5 },
  { line: "Trade shows",       department: "Marketing", category: "Opex",  owner: "Chloe Martin",   budget: 55000,  actual: 49800 },
  { line: "Online ads",        department: "Marketing", category: "Opex",  owner: "Chloe Martin",   budget: 72000,  actual: 80310 },
  { line: "Brand refresh",     department: "Marketing", category: "Capex", owner: "Chloe Martin",   budget: 40000,  actual: null },
  { line: "Cloud hosting",     department: "IT",        category: "Opex",  owner: "Ravi Patel",     budget: 96000,  actual: 88740 },
  { line: "Laptops",           department: "IT",        category: "Capex", owner: "Ravi Patel",     budget: 60000,  actual: "61250" },
  { line: "Software licences", department: "IT",        category: "Opex",  owner: "Ravi Patel",     budget: 48000,  actual: 52100 },
  { line: "Security audit",    department: "IT",        category: "Opex",  owner: "Carlos Mendes",  budget: 25000,  actual: 18500 },
  { line: "Office rent",       department: "Ops",       category: "Opex",  owner: "Tom Reed",       budget: 180000, actual: 180000 },
  { line: "Warehouse racking", department: "Ops",       category: "Capex", owner: "Tom Reed",       budget: 0,      actual: 12400 },
  { line: "Fuel",              department: "Ops",       category: "Opex",  owner: "Tom Reed",       budget: 22000,  actual: 26890 },
  { line: "Audit fees",        department: "Finance",   category: "Opex",  owner: "Maria Gonzalez", budget: 30000,  actual: 30000 },
  { line: "Bank charges",      department: "Finance",   category: "Opex",  owner: "Maria Gonzalez", budget: 4000,   actual: 3720.4 },
  { line: "Training",          department: "Finance",   category: "Opex",  owner: "Julia Novak",    budget: 12000,  actual: null },
  { line: "Consulting",        department: "Finance",   category: "Opex",  owner: "Julia Novak",    budget: 20000,  actual: 27500 },
];

/** The Total row as the finance team typed it: the sums of the numbers above. */
function totalRow(): Cell[] {
  const sum = (values: readonly (number | string | null)[]) =>
    values.reduce<number>((total, value) => total + (typeof value === "number" ? value : 0), 0);
  return ["Total", null, null, null, sum(BUDGET.map((b) => b.budget)), sum(BUDGET.map((b) => b.actual))];
}

export function buildBudgetActual(): BuiltWorkbook {
  const rows: Cell[][] = [
    [...BUDGET_HEADERS],
    ...BUDGET.map((b) => [b.line, b.department, b.category, b.owner, b.budget, b.actual]),
    totalRow(),
  ];
  return build({ name: "budget-vs-actual", sheets: [{ name: BUDGET_SHEET, rows }] });
}
