import { describe, expect, it } from "vitest";
import { tableFromRange } from "../../src/analysis/table";
import type { ComputablePlan } from "../../src/ask-data/analysis-plan";
import { executePlan } from "../../src/ask-data/execute-plan";
import { AnalysisPlanError } from "../../src/ask-data/plan-error";
import { planInWords } from "../../src/ask-data/plan-words";
import type { CellGrid } from "../../src/sheet/cells";

/**
 * Plans executed on every row of a table with the slips real sheets have: a blank region, a
 * lower-case "east", a number typed as text, an error cell, a blank revenue, dates across two years.
 */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const GRID: CellGrid = [
  ["Date", "Region", "Product", "Units", "Revenue"],
  [day("2023-11-03"), "East", "Widget", 2, 100],
  [day("2024-01-15"), "West", "Gadget", 1, 250.5],
  [day("2024-02-01"), "east", "Widget", "3", 150],
  [day("2024-04-10"), null, "Gizmo", 4, 80],
  [day("2024-05-20"), "West", "Widget", 5, "#N/A"],
  [day("2024-07-07"), "North", "Gadget", 2, null],
  [day("2024-08-30"), "East ", "Gizmo", 1, "40"],
];
const TABLE = tableFromRange("Data!A1:E8", GRID);
const run = (plan: ComputablePlan) => executePlan(plan, TABLE);

describe("executePlan on edge data", () => {
  it("sums by region on every row: case and spaces join one group, blanks show as (blank), text numbers count, errors do not", () => {
    const result = run({
      kind: "aggregate",
      function: "sum",
      column: "Revenue",
      filters: [],
      groupBy: ["Region"],
      sort: "largest",
    });
    expect(result.columns).toEqual(["Region", "Sum of Revenue"]);
    expect(result.rows).toEqual([
      ["East", 290],
      ["West", 250.5],
      ["(blank)", 80],
      ["North", 0],
    ]);
    expect(result.rowsIncluded).toBe(7);
    expect(result.notes.join(" ")).toMatch(/1 "Revenue" value\(s\) stored as text were counted/);
    expect(result.notes.join(" ")).toMatch(/1 blank "Revenue" cell/);
    expect(result.notes.join(" ")).toMatch(/1 "Revenue" cell\(s\) holding an error/);
    expect(result.numbers).toEqual(expect.arrayContaining([290, 250.5, 80]));
  });

  it("filters on a date column by year and month, and compares two years with the % change", () => {
    const in2024 = run({
      kind: "aggregate",
      function: "count",
      filters: [{ column: "Date", operator: "in_year", value: 2024 }],
      groupBy: [],
    });
    expect(in2024.rows).toEqual([[6]]);
    const compare = run({
      kind: "compare",
      function: "sum",
      column: "Units",
      filters: [],
      compareColumn: "Date",
      first: "2023",
      second: "2024",
    });
    expect(compare.rows).toEqual([
      ["2023", 2],
      ["2024", 16],
      ["Difference", 14],
      ["% change", 7],
    ]);
  });

  it("groups dates by quarter, averages and takes the median over numbers only", () => {
    const byQuarter = run({
      kind: "aggregate",
      function: "sum",
      column: "Units",
      filters: [],
      groupBy: ["Date"],
      period: "quarter",
      sort: "table",
    });
    expect(byQuarter.rows).toEqual([
      ["2023-Q4", 2],
      ["2024-Q1", 4],
      ["2024-Q2", 9],
      ["2024-Q3", 3],
    ]);
    expect(
      run({ kind: "aggregate", function: "average", column: "Revenue", filters: [], groupBy: [] }).rows,
    ).toEqual([[124.1]]);
    expect(
      run({ kind: "aggregate", function: "median", column: "Revenue", filters: [], groupBy: [] }).rows,
    ).toEqual([[100]]);
    expect(
      run({ kind: "aggregate", function: "distinct_count", column: "Region", filters: [], groupBy: [] }).rows,
    ).toEqual([[3]]);
  });

  it("gives each group's share of the total, lists the top rows and describes a column", () => {
    const shares = run({
      kind: "aggregate",
      function: "share_of_total",
      column: "Units",
      filters: [],
      groupBy: ["Product"],
      sort: "largest",
      limit: 1,
    });
    expect(shares.rows).toEqual([["Widget", 10 / 18]]);
    const top = run({
      kind: "list_rows",
      filters: [{ column: "Region", operator: "not_blank" }],
      columns: ["Region", "Revenue"],
      sortColumn: "Revenue",
      order: "largest",
      limit: 2,
    });
    expect(top.rows).toEqual([
      ["West", 250.5],
      ["east", 150],
    ]);
    expect(top.rowsIncluded).toBe(6);
    const profile = run({ kind: "describe", column: "Revenue", filters: [] });
    expect(profile.rows).toContainEqual(["Sum", 620.5]);
    expect(profile.rows).toContainEqual(["Blank", 1]);
  });

  it("keeps blanks for not_equals, as Excel's <> does, and matches text ignoring case", () => {
    const notEast = run({
      kind: "aggregate",
      function: "count",
      filters: [{ column: "Region", operator: "not_equals", value: "EAST" }],
      groupBy: [],
    });
    expect(notEast.rows).toEqual([[4]]);
  });

  it("refuses a plan that does not fit the table, naming the real headers", () => {
    expect(() =>
      run({ kind: "aggregate", function: "sum", column: "Revenu", filters: [], groupBy: [] }),
    ).toThrow(/Unknown column "Revenu".*"Date", "Region", "Product", "Units", "Revenue"/);
    expect(() =>
      run({ kind: "aggregate", function: "sum", column: "Region", filters: [], groupBy: [] }),
    ).toThrow(AnalysisPlanError);
    expect(() =>
      run({
        kind: "aggregate",
        function: "count",
        filters: [{ column: "Date", operator: "greater_than", value: "March" }],
        groupBy: [],
      }),
    ).toThrow(/holds dates.*YYYY-MM-DD/);
  });

  it("says the plan in words", () => {
    expect(
      planInWords({
        kind: "aggregate",
        function: "sum",
        column: "Revenue",
        filters: [{ column: "Date", operator: "in_year", value: 2024 }],
        groupBy: ["Region"],
      }),
    ).toBe("Sum of Revenue by Region, rows where Date is in 2024");
  });
});
