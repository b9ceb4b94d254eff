import { describe, expect, it } from "vitest";
import type { ValidationSuggestion } from "../../src/analysis/validation-rules";
import {
  applyValidationRules,
  ExistingRulesNeedConfirmation,
  readExistingRules,
  removeValidationRules,
} from "../../src/host/excel/validation-rules-apply";
import { FakeWorkbook } from "../support/excel-object-model";

const regionRule: ValidationSuggestion = {
  header: "Region",
  address: "Sales!A2:A5",
  type: "list",
  rule: { list: { inCellDropDown: true, source: "East,North,West" } },
  errorAlert: { title: "Region", message: "Pick a region from the list.", style: "Warning", showAlert: true },
  reason: "3 regions.",
};
const unitsRule: ValidationSuggestion = {
  header: "Units",
  address: "Sales!B2:B5",
  type: "wholeNumber",
  rule: { wholeNumber: { formula1: 0, formula2: 100, operator: "Between" } },
  errorAlert: { title: "Units", message: "Units are 0 to 100.", style: "Warning", showAlert: true },
  reason: "Whole numbers from 1 to 60.",
};

function book(): FakeWorkbook {
  return new FakeWorkbook().addSheet("Sales", [
    ["Region", "Units"],
    ["East", 5],
    ["West", 60],
    ["North", 1],
    ["East", 12],
  ]);
}

describe("applying suggested data-validation rules through Office.js", () => {
  it("puts each rule and its warning alert on its column, values untouched, and removes them again", async () => {
    const workbook = book();
    expect(
      await applyValidationRules(workbook.run, [regionRule, unitsRule], { replaceExisting: false }),
    ).toEqual(["Sales!A2:A5", "Sales!B2:B5"]);
    expect(workbook.validations.get("Sales!A2:A5")).toEqual({
      rule: regionRule.rule,
      errorAlert: regionRule.errorAlert,
    });
    expect(workbook.validations.get("Sales!B2:B5")?.rule).toEqual(unitsRule.rule);
    expect(workbook.writes).toEqual([]);
    await removeValidationRules(workbook.run, ["Sales!A2:A5", "Sales!B2:B5"]);
    expect(workbook.validations.size).toBe(0);
  });

  it("does not replace a rule the user already has without confirmation", async () => {
    const workbook = book();
    const mine = { rule: { custom: { formula: "=LEN(A2)<10" } }, errorAlert: null };
    workbook.validations.set("Sales!A2:A5", mine);
    expect(await readExistingRules(workbook.run, [regionRule, unitsRule])).toEqual({
      withRule: ["Sales!A2:A5"],
    });
    const refused = await applyValidationRules(workbook.run, [regionRule, unitsRule], {
      replaceExisting: false,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ExistingRulesNeedConfirmation);
    expect((refused as ExistingRulesNeedConfirmation).addresses).toEqual(["Sales!A2:A5"]);
    expect(workbook.validations.get("Sales!A2:A5")).toBe(mine);
    expect(workbook.validations.has("Sales!B2:B5")).toBe(false);

    await applyValidationRules(workbook.run, [regionRule], { replaceExisting: true });
    expect(workbook.validations.get("Sales!A2:A5")?.rule).toEqual(regionRule.rule);
  });
});
