import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlan } from "../../src/formula/compile-plan";
import { evaluateFormula } from "../../src/formula/evaluate-formula";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import type { TableContext } from "../../src/formula/table-context";
import { buildSalesWorkbook } from "./fixtures/sales-ledger";
import { canGrade } from "./support/hyperformula-grader";
import { expectSame, loadFixture, MODERN, oursOf, type Fixture } from "./support/plan-check";

/**
 * When the data is an Excel table, plans compile to structured references. HyperFormula has none, so
 * each table formula is checked by our evaluator (given the table's context) against the same plan
 * compiled to A1 ranges, which HyperFormula grades.
 */

let sales: Fixture;
let table: TableContext;
beforeAll(async () => {
  sales = await loadFixture(buildSalesWorkbook(), "Sales", "H");
  table = { ...sales.context, tableName: "SalesTable" };
});
afterAll(() => sales.grader.destroy());

const ROW = 6;

async function sameAsA1(plan: FormulaPlan): Promise<string> {
  const structured = compilePlan(plan, table, { ...MODERN, targetRow: ROW }).formula;
  const a1 = compilePlan(plan, sales.context, { ...MODERN, targetRow: ROW }).formula;
  const at = `H${ROW}`;
  const ours = await evaluateFormula(sales.host, "Sales", structured, at, {
    tables: [table],
    allowEmpty: true,
  });
  const reference = await evaluateFormula(sales.host, "Sales", a1, at, { allowEmpty: true });
  expect(ours.status, structured).toBe(reference.status);
  if (reference.status !== "not-verified") expectSame(oursOf(ours), oursOf(reference), structured);
  if (canGrade(a1) && reference.status === "ok")
    expectSame(oursOf(reference), sales.grader.evaluate("Sales", a1), a1);
  return structured;
}

describe("plans over an Excel table use structured references", () => {
  it("aggregates over table columns", async () => {
    expect(
      await sameAsA1({
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "Region", operator: "equals", value: "East" }],
      }),
    ).toBe('=SUMIFS(SalesTable[Revenue],SalesTable[Region],"East")');
  });

  it("refers to this row with Table[@Column] in fill-down formulas", async () => {
    expect(await sameAsA1({ kind: "arithmetic", left: "Revenue", operator: "divide", right: "Units" })).toBe(
      '=IF(SalesTable[@Units]=0,"",SalesTable[@Revenue]/SalesTable[@Units])',
    );
    expect(await sameAsA1({ kind: "percent_of_total", valueColumn: "Revenue" })).toBe(
      "=SalesTable[@Revenue]/SUM(SalesTable[Revenue])",
    );
    expect(await sameAsA1({ kind: "rank", valueColumn: "Revenue", order: "largest" })).toBe(
      "=RANK.EQ(SalesTable[@Revenue],SalesTable[Revenue],0)",
    );
  });

  it("writes a running total as INDEX(Table[Col],1):Table[@Col]", async () => {
    expect(await sameAsA1({ kind: "running_total", valueColumn: "Revenue" })).toBe(
      "=SUM(INDEX(SalesTable[Revenue],1):SalesTable[@Revenue])",
    );
  });

  it("looks up and filters over table columns", async () => {
    expect(
      await sameAsA1({
        kind: "lookup",
        lookupValue: "2024-03-18",
        matchColumn: "Date",
        returnColumn: "Product",
      }),
    ).toBe("=XLOOKUP(DATE(2024,3,18),SalesTable[Date],SalesTable[Product])");
    expect(
      await sameAsA1({
        kind: "filter",
        returnColumns: [],
        criteria: [{ column: "Units", operator: "greater_than", value: 9 }],
      }),
    ).toBe('=FILTER(SalesTable[#Data],SalesTable[Units]>9,"")');
    expect(
      await sameAsA1({
        kind: "filter",
        returnColumns: ["Product", "Date"],
        criteria: [{ column: "Units", operator: "greater_than", value: 9 }],
      }),
    ).toBe('=FILTER(SalesTable[[Product]:[Date]],SalesTable[Units]>9,"")');
  });

  it("brackets and escapes headers with special characters", () => {
    const odd: TableContext = {
      ...table,
      columns: table.columns.map((column) =>
        column.header === "Revenue" ? { ...column, header: "Net [EUR] #" } : column,
      ),
    };
    const compiled = compilePlan({ kind: "running_total", valueColumn: "Net [EUR] #" }, odd, MODERN);
    expect(compiled.formula).toBe(
      "=SUM(INDEX(SalesTable[[Net '[EUR'] '#]],1):SalesTable[@[Net '[EUR'] '#]])",
    );
  });

  it("is not verified when the evaluator is not told where the table is", async () => {
    const formula = compilePlan({ kind: "running_total", valueColumn: "Revenue" }, table, {
      ...MODERN,
      targetRow: ROW,
    }).formula;
    const result = await evaluateFormula(sales.host, "Sales", formula, `H${ROW}`);
    expect(result).toMatchObject({
      status: "not-verified",
      reason: expect.stringMatching(/SalesTable\[Revenue\].*not known/),
    });
  });
});

describe("bare table names", () => {
  it("are the table's data to the safety check and the evaluator when the table is known", async () => {
    const result = await evaluateFormula(sales.host, "Sales", "=ROWS(SalesTable)", "H2", { tables: [table] });
    expect(result).toEqual({ status: "ok", value: 20 });
    const unknown = await evaluateFormula(sales.host, "Sales", "=ROWS(SalesTable)", "H2");
    expect(unknown).toMatchObject({ status: "error", error: "refused" });
  });
});
