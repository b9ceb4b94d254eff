import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { buildSalesWorkbook, SALES, type SaleRow } from "./fixtures/sales-ledger";
import { day, numbers, sum } from "./support/expectations";
import { checkPlan, expectGraded, LEGACY, loadFixture, MODERN, type Fixture } from "./support/plan-check";

let sales: Fixture;
beforeAll(async () => {
  sales = await loadFixture(buildSalesWorkbook(), "Sales", "H");
});
afterAll(() => sales.grader.destroy());

const where = (test: (row: SaleRow) => boolean): SaleRow[] => SALES.filter(test);
const region = (row: SaleRow): string => (row.region ?? "").toLowerCase();
const inQ1 = (row: SaleRow): boolean => row.date >= day("2024-01-01") && row.date <= day("2024-03-31");

async function graded(plan: FormulaPlan, expected: number, hyperformula = true): Promise<string> {
  const checks = await checkPlan(sales, plan, MODERN);
  expectGraded(checks, [expected], { hyperformula, ours: "verified" });
  return checks[0]?.formula ?? "";
}

describe("aggregate plans compile to exact SUMIFS-family formulas that both engines agree on", () => {
  it("sums Revenue for East in Q1 with a date range as DATE(y,m,d)", async () => {
    const formula = await graded(
      {
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [
          { column: "Region", operator: "equals", value: "East" },
          { column: "Date", operator: "between", value: "2024-01-01", valueTo: "2024-03-31" },
        ],
      },
      sum(where((row) => region(row) === "east" && inQ1(row)).map((row) => row.revenue)),
    );
    expect(formula).toBe(
      '=SUMIFS(Sales!$E$2:$E$21,Sales!$A$2:$A$21,"East",Sales!$C$2:$C$21,">="&DATE(2024,1,1),' +
        'Sales!$C$2:$C$21,"<="&DATE(2024,3,31))',
    );
  });

  it("matches text ignoring case, as Excel does (East and east)", async () => {
    await graded(
      {
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "region", operator: "equals", value: "EAST" }],
      },
      sum(where((row) => region(row) === "east").map((row) => row.revenue)),
    );
  });

  it("sums a whole column without criteria as SUM", async () => {
    const formula = await graded(
      { kind: "aggregate", function: "sum", valueColumn: "Revenue", criteria: [] },
      sum(SALES.map((row) => row.revenue)),
    );
    expect(formula).toBe("=SUM(Sales!$E$2:$E$21)");
  });

  it("counts rows in a month without off-by-one month ends", async () => {
    const formula = await graded(
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Date", operator: "in_month", value: "2024-03" }],
      },
      where((row) => row.date.getUTCMonth() === 2).length,
    );
    expect(formula).toBe(
      '=COUNTIFS(Sales!$C$2:$C$21,">="&DATE(2024,3,1),Sales!$C$2:$C$21,"<"&DATE(2024,4,1))',
    );
  });

  it("counts rows in a year", async () => {
    await graded(
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Date", operator: "in_year", value: 2024 }],
      },
      SALES.length,
    );
  });

  it('averages with a text-contains criterion written as "*"&"x"&"*" (HyperFormula has no AVERAGEIFS)', async () => {
    const matching = numbers(
      where((row) => row.product.toLowerCase().includes("widget")).map((row) => row.revenue),
    );
    const formula = await graded(
      {
        kind: "aggregate",
        function: "average",
        valueColumn: "Revenue",
        criteria: [{ column: "Product", operator: "contains", value: "widget" }],
      },
      sum(matching) / matching.length,
      false,
    );
    expect(formula).toBe('=AVERAGEIFS(Sales!$E$2:$E$21,Sales!$B$2:$B$21,"*"&"widget"&"*")');
  });

  it("takes the largest Units of rows with a Region, skipping the number stored as text", async () => {
    const units = where((row) => row.region !== null).map((row) => row.units);
    await graded(
      {
        kind: "aggregate",
        function: "max",
        valueColumn: "Units",
        criteria: [{ column: "Region", operator: "not_blank" }],
      },
      Math.max(...numbers(units)),
    );
  });

  it("takes the smallest Revenue of products starting with Widget", async () => {
    await graded(
      {
        kind: "aggregate",
        function: "min",
        valueColumn: "Revenue",
        criteria: [{ column: "Product", operator: "starts_with", value: "Widget" }],
      },
      Math.min(...numbers(where((row) => row.product.startsWith("Widget")).map((row) => row.revenue))),
    );
  });

  it("treats * in a product name as a character, not a wildcard", async () => {
    const formula = await graded(
      {
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "Product", operator: "equals", value: "Gizmo*" }],
      },
      sum(where((row) => row.product === "Gizmo*").map((row) => row.revenue)),
    );
    expect(formula).toContain('"="&"Gizmo~*"');
  });

  it("doubles quotes inside text values (which HyperFormula cannot read)", async () => {
    const formula = await graded(
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Region", operator: "equals", value: 'Say "hi"' }],
      },
      0,
      false,
    );
    expect(formula).toBe('=COUNTIFS(Sales!$A$2:$A$21,"Say ""hi""")');
  });

  it("counts with comparisons, not-equals, ends-with, not-contains and blanks", async () => {
    const cases: [FormulaPlan, number][] = [
      [
        {
          kind: "aggregate",
          function: "count",
          criteria: [{ column: "Units", operator: "greater_than", value: 5 }],
        },
        where((row) => typeof row.units === "number" && row.units > 5).length,
      ],
      [
        {
          kind: "aggregate",
          function: "count",
          criteria: [{ column: "Region", operator: "not_equals", value: "East" }],
        },
        where((row) => region(row) !== "east").length,
      ],
      [
        {
          kind: "aggregate",
          function: "count",
          criteria: [{ column: "Product", operator: "ends_with", value: "pro" }],
        },
        where((row) => row.product.toLowerCase().endsWith("pro")).length,
      ],
      [
        {
          kind: "aggregate",
          function: "count",
          criteria: [{ column: "Product", operator: "not_contains", value: "Widget" }],
        },
        where((row) => !row.product.includes("Widget")).length,
      ],
      [
        { kind: "aggregate", function: "count", criteria: [{ column: "Revenue", operator: "is_blank" }] },
        where((row) => row.revenue === null).length,
      ],
      [
        {
          kind: "aggregate",
          function: "count",
          criteria: [
            { column: "Date", operator: "at_least", value: "2024-04-01" },
            { column: "Revenue", operator: "less_than", value: 1000 },
          ],
        },
        where((row) => row.date >= day("2024-04-01") && row.revenue !== null && row.revenue < 1000).length,
      ],
    ];
    for (const [plan, expected] of cases) await graded(plan, expected);
  });

  it("counts rows that have a value in valueColumn, with and without criteria", async () => {
    await graded(
      {
        kind: "aggregate",
        function: "count",
        valueColumn: "Revenue",
        criteria: [{ column: "Region", operator: "equals", value: "South" }],
      },
      where((row) => row.region === "South" && row.revenue !== null).length,
    );
    await graded(
      { kind: "aggregate", function: "count", valueColumn: "Cost", criteria: [] },
      where((row) => row.cost !== null).length,
    );
    await graded({ kind: "aggregate", function: "count", criteria: [] }, SALES.length);
  });

  it("compiles the same way when the Excel has no XLOOKUP (the *IFS functions are older)", async () => {
    const plan: FormulaPlan = { kind: "aggregate", function: "sum", valueColumn: "Revenue", criteria: [] };
    const [modern] = await checkPlan(sales, plan, MODERN);
    const [legacy] = await checkPlan(sales, plan, LEGACY);
    expect(legacy?.formula).toBe(modern?.formula);
  });

  it("warns about numbers stored as text, which SUMIFS skips", async () => {
    const { compilePlan } = await import("../../src/formula/compile-plan");
    const compiled = compilePlan(
      { kind: "aggregate", function: "sum", valueColumn: "Units", criteria: [] },
      sales.context,
      MODERN,
    );
    expect(compiled.warnings.join(" ")).toMatch(/"Units", 1 cell holds a number stored as text/);
    expect(compiled.explanation).toBe("Adds up Units over all rows.");
  });
});
