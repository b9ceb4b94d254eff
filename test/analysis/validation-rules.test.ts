import { beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../src/analysis/table";
import { suggestValidationRules, type ValidationSuggestion } from "../../src/analysis/validation-rules";
import { cleanOrders, plantedOrders, TODAY } from "./fixtures/order-tables";
import { reopen } from "./fixtures/workbook-tools";

function byHeader(suggestions: ValidationSuggestion[], header: string): ValidationSuggestion {
  const found = suggestions.find((s) => s.header === header);
  if (!found) throw new Error(`no suggestion for ${header}`);
  return found;
}

describe("validation rules suggested for a clean table", () => {
  let suggestions: ValidationSuggestion[];

  beforeAll(async () => {
    const workbook = await reopen(cleanOrders());
    suggestions = suggestValidationRules(await readTable(workbook, "Sales!B2:L42"), { today: TODAY });
  });

  it("offers a drop-down of the categories", () => {
    expect(byHeader(suggestions, "Region")).toMatchObject({
      address: "Sales!F3:F42",
      type: "list",
      rule: { list: { inCellDropDown: true, source: "Central,East,North,South,West" } },
    });
    expect(byHeader(suggestions, "Status").rule).toEqual({
      list: { inCellDropDown: true, source: "Paid,Pending,Refunded" },
    });
  });

  it("bounds whole numbers, decimals and dates with round limits", () => {
    expect(byHeader(suggestions, "Qty").rule).toEqual({
      wholeNumber: { formula1: 0, formula2: 20, operator: "Between" },
    });
    expect(byHeader(suggestions, "Unit Price").rule).toEqual({
      decimal: { formula1: 0, formula2: 500, operator: "Between" },
    });
    expect(byHeader(suggestions, "Order Date").rule).toEqual({
      date: { formula1: "2024-01-01", formula2: "2026-12-31", operator: "Between" },
    });
  });

  it("fixes the length of codes that share one layout", () => {
    expect(byHeader(suggestions, "Order ID")).toMatchObject({
      type: "textLength",
      rule: { textLength: { formula1: 8, operator: "EqualTo" } },
    });
  });

  it("gives every rule an error alert within Excel's limits", () => {
    for (const suggestion of suggestions) {
      expect(suggestion.errorAlert.title.length).toBeLessThanOrEqual(32);
      expect(suggestion.errorAlert.message.length).toBeLessThanOrEqual(255);
      expect(suggestion.reason).toBeTruthy();
    }
  });

  it("produces shapes Office.js accepts as range.dataValidation.rule and errorAlert", () => {
    // Compile-time check: each suggestion must be assignable to the Office.js types.
    const asOffice = suggestions.map(
      (s): { rule: Excel.DataValidationRule; errorAlert: Excel.DataValidationErrorAlert } => ({
        rule: s.rule,
        errorAlert: s.errorAlert,
      }),
    );
    for (const { rule } of asOffice) expect(Object.keys(rule)).toHaveLength(1);
  });
});

describe("validation rules suggested for a table with problems", () => {
  let suggestions: ValidationSuggestion[];

  beforeAll(async () => {
    const workbook = await reopen(plantedOrders().workbook);
    suggestions = suggestValidationRules(await readTable(workbook, "Orders!A1:H21"), { today: TODAY });
  });

  it("leaves misspelt categories out of the drop-down and says so", () => {
    const region = byHeader(suggestions, "Region");
    expect(region.rule).toEqual({ list: { inCellDropDown: true, source: "East,North,South,West" } });
    expect(region.reason).toContain('"Nort"');
    expect(byHeader(suggestions, "State").rule).toEqual({
      list: { inCellDropDown: true, source: "California,Nevada,Oregon" },
    });
  });

  it("keeps a likely slip from stretching numeric bounds", () => {
    const amount = byHeader(suggestions, "Amount");
    expect(amount.rule).toEqual({ decimal: { formula1: 0, formula2: 500, operator: "Between" } });
    expect(amount.reason).toContain("Orders!G16");
  });

  it("keeps implausible dates from stretching the date window", () => {
    expect(byHeader(suggestions, "Order Date").rule).toEqual({
      date: { formula1: "2024-01-01", formula2: "2026-12-31", operator: "Between" },
    });
  });

  it("suggests nothing for a column without a clear rule", () => {
    const table = {
      origin: { row: 0, col: 0 },
      grid: [["Misc"], [1], ["a"], [2], ["b"], [true]],
      hasHeader: true,
    };
    expect(suggestValidationRules(table)).toEqual([]);
  });
});
