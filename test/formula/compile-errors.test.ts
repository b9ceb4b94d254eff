import { beforeAll, describe, expect, it } from "vitest";
import { compilePlan, PlanError } from "../../src/formula/compile-plan";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { describeTable, type TableContext } from "../../src/formula/table-context";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { buildSalesWorkbook } from "./fixtures/sales-ledger";

/** PlanError messages go back to the model, so they must say what was wrong and what is available. */

let context: TableContext;
beforeAll(async () => {
  context = await describeTable(XlsxWorkbook.fromWorkbook(buildSalesWorkbook()), "Sales");
});

function planError(plan: FormulaPlan, options = { xlookup: true }): PlanError {
  try {
    compilePlan(plan, context, options);
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error(`compiled: ${JSON.stringify(plan)}`);
}

describe("PlanError", () => {
  it("names an unknown column and lists the known headers, never guessing", () => {
    const error = planError({ kind: "aggregate", function: "sum", valueColumn: "Revenues", criteria: [] });
    expect(error.message).toBe(
      'Unknown valueColumn "Revenues": the table on sheet "Sales" has no such header. Its columns are: ' +
        '"Region", "Product", "Date", "Units", "Revenue", "Cost". Use one of these exactly.',
    );
    expect(error.column).toBe("Revenues");
    expect(error.knownHeaders).toEqual(["Region", "Product", "Date", "Units", "Revenue", "Cost"]);
    expect(error.name).toBe("PlanError");
  });

  it("accepts a header in another case or with extra spaces (the same name, not a near miss)", () => {
    const plan: FormulaPlan = { kind: "aggregate", function: "sum", valueColumn: "  revenue ", criteria: [] };
    expect(compilePlan(plan, context, { xlookup: true }).formula).toBe("=SUM(Sales!$E$2:$E$21)");
  });

  it.each([
    [
      {
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "Date", operator: "equals", value: "March" }],
      },
      /"Date" holds dates; write the value as YYYY-MM-DD/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Units", operator: "greater_than", value: "lots" }],
      },
      /"Units" holds numbers; "lots" is not a number/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Region", operator: "greater_than", value: 3 }],
      },
      /greater_than compares numbers or dates, but "Region" holds text/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Revenue", operator: "contains", value: "1" }],
      },
      /contains works on text, but "Revenue" holds numbers/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Date", operator: "between", value: "2024-01-01" }],
      },
      /between on "Date" needs valueTo/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Region", operator: "in_month", value: "2024-03" }],
      },
      /in_month needs a date column/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Date", operator: "in_month", value: "March" }],
      },
      /YYYY-MM/,
    ],
    [
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Region", operator: "equals", value: "" }],
      },
      /use is_blank/,
    ],
    [{ kind: "aggregate", function: "sum", criteria: [] }, /sum needs valueColumn/],
    [
      { kind: "aggregate", function: "sum", valueColumn: "Product", criteria: [] },
      /sum needs a column of numbers, but "Product" holds text/,
    ],
    [{ kind: "arithmetic", left: "Revenue", operator: "divide", right: 0 }, /Dividing by 0/],
    [{ kind: "arithmetic", left: "Revenue", operator: "add", right: "Tax" }, /Unknown right "Tax"/],
    [{ kind: "text", operation: "join", columns: ["Region"] }, /join needs two or more columns/],
    [{ kind: "text", operation: "before", columns: ["Region"] }, /before needs delimiter/],
    [
      { kind: "condition", rules: [{ column: "Regoin", operator: "is_blank", result: 1 }], otherwise: 0 },
      /Unknown rule column "Regoin"/,
    ],
  ] as [FormulaPlan, RegExp][])("%#: %j", (plan, message) => {
    expect(planError(plan).message).toMatch(message);
  });

  it("refuses text longer than Excel allows in a formula", () => {
    const long = "x".repeat(300);
    expect(
      planError({
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Region", operator: "equals", value: long }],
      }).message,
    ).toMatch(/at most 255/);
  });

  it("refuses a plan that does not match the schema, saying where", () => {
    const bad = { kind: "rank", valueColumn: "Revenue", order: "biggest" } as unknown as FormulaPlan;
    expect(planError(bad).message).toMatch(/does not match the schema: order:/);
  });

  it("refuses a target row that is not a data row", () => {
    expect(() =>
      compilePlan({ kind: "running_total", valueColumn: "Revenue" }, context, {
        xlookup: true,
        targetRow: 1,
      }),
    ).toThrow(/targetRow 1 is not a data row/);
  });

  it("says when the table has no data rows", () => {
    const empty = { ...context, lastDataRow: context.headerRow };
    expect(() =>
      compilePlan({ kind: "aggregate", function: "count", criteria: [] }, empty, { xlookup: true }),
    ).toThrow(/headers but no data rows/);
  });
});
