import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlan, PlanError } from "../../src/formula/compile-plan";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { buildSalesWorkbook, SALES, type SaleRow } from "./fixtures/sales-ledger";
import { numbers, serial } from "./support/expectations";
import {
  checkPlan,
  expectGraded,
  expectSame,
  LEGACY,
  loadFixture,
  MODERN,
  type Fixture,
} from "./support/plan-check";

let sales: Fixture;
beforeAll(async () => {
  sales = await loadFixture(buildSalesWorkbook(), "Sales", "H");
});
afterAll(() => sales.grader.destroy());

/** Rows with a Revenue, largest first (stable for ties, as SORTBY is). */
const byRevenue = (): SaleRow[] =>
  SALES.filter((row) => row.revenue !== null).sort((a, b) => (b.revenue ?? 0) - (a.revenue ?? 0));

/** Distinct values ignoring case, the first spelling kept, as UNIQUE does. */
function distinct(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  return [...seen.values()];
}

describe("top-N plans", () => {
  it("lists the n largest values with LARGE and SEQUENCE", async () => {
    const checks = await checkPlan(
      sales,
      { kind: "top_n", valueColumn: "Revenue", n: 3, order: "largest" },
      MODERN,
    );
    expect(checks[0]?.formula).toBe("=LARGE(Sales!$E$2:$E$21,SEQUENCE(3))");
    const top = numbers(SALES.map((row) => row.revenue)).sort((a, b) => b - a);
    // HyperFormula computes LARGE(r,SEQUENCE(3)) as one value, so only our evaluator grades the list.
    expectGraded(checks, [top.slice(0, 3).map((value) => [value])], {
      hyperformula: false,
      ours: "verified",
    });
    const smallest = await checkPlan(
      sales,
      { kind: "top_n", valueColumn: "Revenue", n: 2, order: "smallest" },
      MODERN,
    );
    expectSame(smallest[0]?.ours, [[top[top.length - 1] ?? 0], [top[top.length - 2] ?? 0]]);
  });

  it("lists the products of the top rows with SORTBY, filtering out rows without a number first", async () => {
    const [check] = await checkPlan(
      sales,
      { kind: "top_n", valueColumn: "Revenue", n: 3, order: "largest", returnColumn: "Product" },
      MODERN,
    );
    expect(check?.formula).toBe(
      "=INDEX(SORTBY(FILTER(Sales!$B$2:$B$21,ISNUMBER(Sales!$E$2:$E$21)),FILTER(Sales!$E$2:$E$21," +
        "ISNUMBER(Sales!$E$2:$E$21)),-1),SEQUENCE(3))",
    );
    // HyperFormula has no SORTBY; ours runs INDEX once per number of SEQUENCE(3), as Excel does.
    expect(check?.hyperformula).toBeUndefined();
    const top = byRevenue()
      .slice(0, 3)
      .map((row) => [row.product]);
    expect(top).toEqual([["Widget Pro"], ["Widget Pro"], ["Gadget"]]);
    expect(check?.result).toEqual({ status: "ok", value: top });
  });

  it("falls back to INDEX/MATCH of MAX for a top 1 without dynamic arrays, and refuses a longer list", async () => {
    const plan: FormulaPlan = {
      kind: "top_n",
      valueColumn: "Revenue",
      n: 1,
      order: "largest",
      returnColumn: "Product",
    };
    const checks = await checkPlan(sales, plan, LEGACY);
    expect(checks[0]?.formula).toBe(
      "=INDEX(Sales!$B$2:$B$21,MATCH(MAX(Sales!$E$2:$E$21),Sales!$E$2:$E$21,0))",
    );
    expectGraded(checks, [byRevenue()[0]?.product ?? null], { hyperformula: true, ours: "verified" });
    expect(() => compilePlan({ ...plan, n: 3 }, sales.context, LEGACY)).toThrow(/dynamic arrays/);
  });

  it("caps n at the rows that have a number, with a warning", () => {
    const compiled = compilePlan(
      { kind: "top_n", valueColumn: "Revenue", n: 50, order: "largest" },
      sales.context,
      MODERN,
    );
    expect(compiled.formula).toBe("=LARGE(Sales!$E$2:$E$21,SEQUENCE(19))");
    expect(compiled.warnings.join(" ")).toMatch(/Only 19 rows have a number/);
  });
});

describe("unique plans", () => {
  it("lists distinct values in first-appearance order", async () => {
    const checks = await checkPlan(sales, { kind: "unique", column: "Product", sorted: false }, MODERN);
    expect(checks[0]?.formula).toBe("=UNIQUE(Sales!$B$2:$B$21)");
    const expected = distinct(SALES.map((row) => row.product)).map((value) => [value]);
    expectGraded(checks, [expected], { hyperformula: true, ours: "verified" });
  });

  it("leaves blanks out and sorts when asked (the comparison runs cell by cell)", async () => {
    const checks = await checkPlan(sales, { kind: "unique", column: "Region", sorted: true }, MODERN);
    expect(checks[0]?.formula).toBe('=SORT(UNIQUE(FILTER(Sales!$A$2:$A$21,Sales!$A$2:$A$21<>"")))');
    const regions = distinct(SALES.flatMap((row) => (row.region ? [row.region] : []))).sort((a, b) =>
      a.localeCompare(b),
    );
    expectGraded(checks, [regions.map((value) => [value])], { hyperformula: true, ours: "verified" });
  });

  it("needs dynamic arrays", () => {
    expect(() =>
      compilePlan({ kind: "unique", column: "Region", sorted: true }, sales.context, LEGACY),
    ).toThrow(PlanError);
  });
});

describe("filter plans", () => {
  it("returns one column of the rows meeting all criteria", async () => {
    const checks = await checkPlan(
      sales,
      {
        kind: "filter",
        returnColumns: ["Revenue"],
        criteria: [
          { column: "Region", operator: "equals", value: "West" },
          { column: "Revenue", operator: "at_least", value: 1000 },
        ],
      },
      MODERN,
    );
    expect(checks[0]?.formula).toBe(
      '=FILTER(Sales!$E$2:$E$21,(Sales!$A$2:$A$21="West")*(Sales!$E$2:$E$21>=1000),"")',
    );
    const rows = SALES.filter((row) => row.region === "West" && (row.revenue ?? 0) >= 1000).map((row) => [
      row.revenue,
    ]);
    expectGraded(checks, [rows], { hyperformula: true, ours: "verified" });
  });

  it("returns side-by-side columns as one block (HyperFormula's FILTER takes one column only)", async () => {
    const [check] = await checkPlan(
      sales,
      {
        kind: "filter",
        returnColumns: ["Date", "Units", "Revenue"],
        criteria: [{ column: "Date", operator: "between", value: "2024-02-01", valueTo: "2024-02-29" }],
      },
      MODERN,
    );
    expect(check?.formula).toBe(
      '=FILTER(Sales!$C$2:$E$21,(Sales!$C$2:$C$21>=DATE(2024,2,1))*(Sales!$C$2:$C$21<=DATE(2024,2,29)),"")',
    );
    const february = SALES.filter((row) => row.date.getUTCMonth() === 1).map((row) => [
      serial(row.date),
      row.units,
      row.revenue ?? 0,
    ]);
    expect(february).toHaveLength(3);
    expect(check?.result).toEqual({ status: "ok", value: february });
  });

  it("picks columns that are not side by side with CHOOSECOLS, and warns that it needs Microsoft 365", () => {
    const compiled = compilePlan(
      {
        kind: "filter",
        returnColumns: ["Product", "Revenue"],
        criteria: [{ column: "Date", operator: "in_month", value: "2024-05" }],
      },
      sales.context,
      MODERN,
    );
    expect(compiled.formula).toBe(
      '=CHOOSECOLS(FILTER(Sales!$B$2:$E$21,(Sales!$C$2:$C$21>=DATE(2024,5,1))*(Sales!$C$2:$C$21<DATE(2024,6,1)),""),1,4)',
    );
    expect(compiled.warnings.join(" ")).toMatch(/CHOOSECOLS/);
  });

  it("shows every column when returnColumns is empty", () => {
    const compiled = compilePlan(
      {
        kind: "filter",
        returnColumns: [],
        criteria: [{ column: "Product", operator: "contains", value: "pro" }],
      },
      sales.context,
      MODERN,
    );
    expect(compiled.formula).toBe('=FILTER(Sales!$A$2:$F$21,ISNUMBER(SEARCH("pro",Sales!$B$2:$B$21)),"")');
  });
});
