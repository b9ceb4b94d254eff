import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlan, PlanError } from "../../src/formula/compile-plan";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { buildSalesWorkbook, PRICES, SALES } from "./fixtures/sales-ledger";
import {
  checkPlan,
  dataRows,
  expectGraded,
  expectSame,
  LEGACY,
  loadFixture,
  MODERN,
  type Fixture,
} from "./support/plan-check";

let prices: Fixture;
let sales: Fixture;
beforeAll(async () => {
  const workbook = buildSalesWorkbook();
  // An input cell where a user types the product to look up.
  const sheet = workbook.getWorksheet("Prices");
  if (sheet) sheet.getCell("E1").value = "Gadget";
  prices = await loadFixture(workbook, "Prices", "G");
  sales = await loadFixture(workbook, "Sales", "H");
});
afterAll(() => {
  prices.grader.destroy();
  sales.grader.destroy();
});

const priceOf = (product: string): number | undefined =>
  PRICES.find((row) => row.product === product)?.unitPrice;

describe("lookup plans", () => {
  it("uses XLOOKUP when Excel has it", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupValue: "Widget Pro",
      matchColumn: "Product",
      returnColumn: "Unit Price",
    };
    const checks = await checkPlan(prices, plan, MODERN);
    expect(checks[0]?.formula).toBe('=XLOOKUP("Widget Pro",Prices!$A$2:$A$6,Prices!$B$2:$B$6)');
    expectGraded(checks, [priceOf("Widget Pro") ?? null], { hyperformula: true, ours: "verified" });
  });

  it("uses INDEX/MATCH without XLOOKUP, escaping wildcards MATCH would read in the key", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupValue: "Gizmo*",
      matchColumn: "Product",
      returnColumn: "Unit Price",
    };
    const legacy = await checkPlan(prices, plan, LEGACY);
    expect(legacy[0]?.formula).toBe('=INDEX(Prices!$B$2:$B$6,MATCH("Gizmo~*",Prices!$A$2:$A$6,0))');
    // Unescaped, "Gizmo*" would match "Gizmo Deluxe" (80) first. HyperFormula does not read Excel's ~
    // escape in MATCH (it finds nothing), so only our evaluator can grade this one.
    expect(legacy[0]?.hyperformula).toEqual({ error: "#N/A" });
    expect(legacy[0]?.ours).toBe(priceOf("Gizmo*"));
    const modern = await checkPlan(prices, plan, MODERN);
    expectGraded(modern, [priceOf("Gizmo*") ?? null], { hyperformula: true, ours: "verified" });
  });

  it("shows the plan's fallback when nothing matches, in both forms", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupValue: "Doohickey",
      matchColumn: "Product",
      returnColumn: "Unit Price",
      ifNotFound: "Not found",
    };
    const modern = await checkPlan(prices, plan, MODERN);
    expect(modern[0]?.formula).toBe('=XLOOKUP("Doohickey",Prices!$A$2:$A$6,Prices!$B$2:$B$6,"Not found")');
    expectGraded(modern, ["Not found"], { hyperformula: true, ours: "verified" });
    const legacy = await checkPlan(prices, plan, LEGACY);
    expect(legacy[0]?.formula).toBe(
      '=IFNA(INDEX(Prices!$B$2:$B$6,MATCH("Doohickey",Prices!$A$2:$A$6,0)),"Not found")',
    );
    expectGraded(legacy, ["Not found"], { hyperformula: true, ours: "verified" });
  });

  it("reports #N/A when nothing matches and no fallback was given", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupValue: "Doohickey",
      matchColumn: "Product",
      returnColumn: "Unit Price",
    };
    expectGraded(await checkPlan(prices, plan, MODERN), [{ error: "#N/A" }], {
      hyperformula: true,
      ours: "verified",
    });
  });

  it("looks up each row's product in another table, filled down", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupColumn: "Product",
      matchColumn: "Product",
      returnColumn: "Unit Price",
    };
    const expected = SALES.map((row) => priceOf(row.product) ?? null);
    const modern = await checkPlan(sales, plan, { ...MODERN, lookupTable: prices.context }, dataRows(sales));
    expectGraded(modern, expected, { hyperformula: true, ours: "verified" });

    // "Gizmo*" in a key cell is a wildcard to MATCH, so the legacy form escapes the key cell.
    const legacy = await checkPlan(sales, plan, { ...LEGACY, lookupTable: prices.context }, dataRows(sales));
    expect(legacy[0]?.formula).toBe(
      '=INDEX(Prices!$B$2:$B$6,MATCH(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($B2,"~","~~"),"*","~*"),"?","~?"),Prices!$A$2:$A$6,0))',
    );
    legacy.forEach((check, i) => {
      expectSame(check.ours, expected[i] ?? null, check.formula);
      // HyperFormula reads neither wildcards nor ~ escapes in MATCH, so it cannot grade the escaped keys.
      if (!SALES[i]?.product.includes("*"))
        expectSame(check.hyperformula, expected[i] ?? null, check.formula);
    });
    const compiled = compilePlan(plan, sales.context, {
      ...MODERN,
      lookupTable: prices.context,
      targetRow: 5,
    });
    expect(compiled.formula).toBe("=XLOOKUP($B5,Prices!$A$2:$A$6,Prices!$B$2:$B$6)");
    expect(compiled.fillDown).toBe(true);
    expect(compiled.explanation).toBe(
      "Finds this row's Product in Product and returns the matching Unit Price.",
    );
  });

  it("reads the key from an input cell, made absolute", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupCell: "E1",
      matchColumn: "Product",
      returnColumn: "Unit Price",
    };
    const checks = await checkPlan(prices, plan, MODERN);
    expect(checks[0]?.formula).toBe("=XLOOKUP($E$1,Prices!$A$2:$A$6,Prices!$B$2:$B$6)");
    expectGraded(checks, [priceOf("Gadget") ?? null], { hyperformula: true, ours: "verified" });
  });

  it("writes a date key as DATE(y,m,d) when the match column holds dates", async () => {
    const plan: FormulaPlan = {
      kind: "lookup",
      lookupValue: "2024-03-18",
      matchColumn: "Date",
      returnColumn: "Product",
    };
    const checks = await checkPlan(sales, plan, MODERN);
    expect(checks[0]?.formula).toBe("=XLOOKUP(DATE(2024,3,18),Sales!$C$2:$C$21,Sales!$B$2:$B$21)");
    expectGraded(checks, ["Widget Pro"], { hyperformula: true, ours: "verified" });
  });

  it("refuses a plan with no key or two keys, and unknown columns", () => {
    const base = { kind: "lookup", matchColumn: "Product", returnColumn: "Unit Price" } as const;
    expect(() => compilePlan({ ...base }, prices.context, MODERN)).toThrow(/exactly one of lookupValue/);
    expect(() =>
      compilePlan({ ...base, lookupValue: "x", lookupCell: "E1" }, prices.context, MODERN),
    ).toThrow(PlanError);
    expect(() =>
      compilePlan({ ...base, lookupValue: "x", returnColumn: "Price" }, prices.context, MODERN),
    ).toThrow(/Unknown returnColumn "Price".*"Product", "Unit Price"/);
    expect(() => compilePlan({ ...base, lookupCell: "E1:E2" }, prices.context, MODERN)).toThrow(
      /single cell/,
    );
  });
});
