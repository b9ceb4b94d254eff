import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Report view suggests data-validation rules from the table's columns (code, no model), puts
 * the chosen ones on the workbook, asks before replacing a rule the user had, and removes them.
 */
const REGIONS = ["North", "South", "East", "West"];
const ORDERS: WorkbookSpec = {
  sheets: {
    Orders: [
      ["Region", "Units", "Note"],
      ...Array.from({ length: 40 }, (_, i) => [REGIONS[i % 4]!, (i % 9) + 1, `order ${i + 1}`]),
    ],
  },
  selection: "Orders!A2",
};

describe("Report view: data-validation rules", () => {
  let harness: PaneHarness;
  beforeAll(async () => {
    harness = await startPaneHarness();
  });
  afterAll(() => harness?.close());

  it("suggests rules, applies the chosen ones with a confirmation before replacing, and removes them", async () => {
    const page = await harness.openPane({ view: "report", workbook: ORDERS });
    await page.getByTestId("validation-suggest").click();
    const suggestions = page.getByTestId("validation-suggestion");
    await expect.poll(() => suggestions.count()).toBeGreaterThanOrEqual(2);
    const region = suggestions.filter({ hasText: "Region (Orders!A2:A41): a drop-down list" });
    expect(await region.count()).toBe(1);

    // Keep only the Region rule, and give the column a rule of the user's first.
    for (const text of await suggestions.allInnerTexts()) {
      if (!text.startsWith("Region")) {
        await suggestions
          .filter({ hasText: text.split("\n")[0]! })
          .getByRole("checkbox")
          .click();
      }
    }
    await page.evaluate(() =>
      window.__excel.setValidation("Orders!A2:A41", {
        rule: { custom: { formula: "=LEN(A2)<20" } },
        errorAlert: null,
      }),
    );
    await page.getByTestId("validation-apply").click();
    const replace = page.getByTestId("validation-replace");
    await replace.waitFor();
    expect(await replace.innerText()).toMatch(/1 column has a rule already[\s\S]*Orders!A2:A41/);
    expect((await page.evaluate(() => window.__excel.validations()))["Orders!A2:A41"]!.rule).toEqual({
      custom: { formula: "=LEN(A2)<20" },
    });
    await page.getByRole("button", { name: "Replace" }).click();
    await page.getByTestId("validation-applied").waitFor();
    const rules = await page.evaluate(() => window.__excel.validations());
    expect(Object.keys(rules)).toEqual(["Orders!A2:A41"]);
    expect(rules["Orders!A2:A41"]!.rule).toEqual({
      list: { inCellDropDown: true, source: "East,North,South,West" },
    });
    expect(rules["Orders!A2:A41"]!.errorAlert).toMatchObject({ style: "Warning", showAlert: true });
    expect(await harness.userWrites(page)).toEqual([]);
    await harness.screenshot(page, "report-validation-light-320");

    await page.getByRole("button", { name: "Remove them" }).click();
    await expect.poll(() => page.evaluate(() => Object.keys(window.__excel.validations()).length)).toBe(0);
    await page.context().close();
  });
});
