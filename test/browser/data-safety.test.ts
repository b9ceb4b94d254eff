import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * Data safety on the built pane: a fill-down over cells that hold something shows how many,
 * changes nothing until that count is confirmed, and Restore puts the old contents back.
 */
const ORDERS: WorkbookSpec = {
  sheets: {
    Orders: [
      ["Region", "Product", "Units", "Price", "Total"],
      ["East", "Widget", 2, 10, null],
      ["West", "Gadget", 3, 20, 55],
      ["West", "Widget", 1, 30, "check"],
    ],
  },
  selection: "Orders!E2",
  // What Excel computes for the first row's formula in the scratch cell (the fake does not calculate).
  formulaResults: { "=Orders!$C2*Orders!$D2": 20 },
};

const unitsTimesPrice = { kind: "arithmetic", left: "Units", operator: "multiply", right: "Price" };

describe("data safety in Chromium", () => {
  let harness: PaneHarness;
  beforeAll(async () => {
    harness = await startPaneHarness({ models: ["qwen2.5:3b"] });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("never overwrites non-empty cells without a confirmation naming how many, and Restore brings them back", async () => {
    harness.ollama.reset();
    harness.ollama.enqueue({ content: JSON.stringify(unitsTimesPrice) });
    const page = await harness.openPane({ width: 320, theme: "light", view: "formula", workbook: ORDERS });
    await page.getByRole("textbox", { name: "What should the formula compute?" }).fill("units times price");
    await page.getByTestId("formula-generate").click();
    await expect
      .poll(() => page.getByTestId("formula-badge").innerText(), { timeout: 20_000 })
      .toBe("Verified");
    const formula = await page.getByTestId("formula-text").innerText();
    expect(formula).toMatch(/^=.*C2.*D2/);

    await page.getByTestId("formula-fill-down").click();
    const preview = page.getByTestId("write-preview");
    await preview.waitFor();
    expect(await page.getByTestId("write-preview-summary").innerText()).toBe(
      "Writes 3 cells to Orders!E2:E4.",
    );
    expect(await page.getByTestId("formula-excel-check").innerText()).toBe(
      "Checked in Excel (a hidden scratch cell): it gives 20.",
    );
    expect(await page.getByTestId("write-preview-overwrite-warning").innerText()).toMatch(
      /2 cells in E2:E4 are not empty and will be overwritten\. Their old contents can be restored from Activity\./,
    );
    expect(await page.getByTestId("write-preview-confirm").innerText()).toBe("Overwrite 2 cells");
    await page.getByTestId("write-preview").scrollIntoViewIfNeeded();
    await harness.screenshot(page, "data-safety-overwrite-light-320");

    // Nothing changes while the preview shows, nor after Cancel.
    expect(await harness.userWrites(page)).toEqual([]);
    await page.getByTestId("write-preview-cancel").click();
    expect(await harness.readValues(page, "Orders!E2:E4")).toEqual([[""], [55], ["check"]]);
    expect(await harness.userWrites(page)).toEqual([]);

    await page.getByTestId("formula-fill-down").click();
    await page.getByTestId("write-preview-confirm").click();
    await page.getByTestId("formula-written").waitFor();
    const written = await harness.readFormulas(page, "Orders!E2:E4");
    expect(written[0]).toEqual([formula]);
    expect(written[2]?.[0]).toMatch(/C4.*D4/);

    const entry = page.getByTestId("recent-write").first();
    expect(await entry.innerText()).toMatch(
      /Fill down formula[\s\S]*Orders!E2:E4 · 3 cells \(2 overwritten\)/,
    );
    await entry.getByTestId("restore-button").click();
    await entry.getByTestId("restore-confirm").click();
    await entry.getByTestId("restore-done").waitFor();
    expect(await harness.readFormulas(page, "Orders!E2:E4")).toEqual([[""], [55], ["check"]]);
    expect(await entry.getByTestId("recent-write-restored").innerText()).toBe("Restored");
    await page.context().close();
  });

  it("asks again before restoring cells that were edited after the write", async () => {
    harness.ollama.reset();
    harness.ollama.enqueue({ content: JSON.stringify(unitsTimesPrice) });
    const page = await harness.openPane({ width: 320, view: "formula", workbook: ORDERS });
    await page.getByRole("textbox", { name: "What should the formula compute?" }).fill("units times price");
    await page.getByTestId("formula-generate").click();
    await page.getByTestId("formula-insert").click();
    await page.getByTestId("write-preview-confirm").click();
    await page.getByTestId("formula-written").waitFor();

    await harness.type(page, "Orders!E2", [["typed by hand"]]);
    const entry = page.getByTestId("recent-write").first();
    await entry.getByTestId("restore-button").click();
    await entry.getByTestId("restore-confirm").click();
    expect(await entry.getByTestId("restore-edited-warning").innerText()).toMatch(
      /1 cell changed after this write/,
    );
    expect(await harness.readValues(page, "Orders!E2")).toEqual([["typed by hand"]]);
    await entry.getByTestId("restore-anyway").click();
    await entry.getByTestId("restore-done").waitFor();
    expect(await harness.readValues(page, "Orders!E2")).toEqual([[""]]);
    await page.context().close();
  });

  it("freezes the selection's =SLM.* results into values and restores the formulas", async () => {
    const page = await harness.openPane({
      width: 320,
      view: "formula",
      workbook: {
        sheets: {
          Tickets: [
            ["Text", "Label"],
            ["refund please", "billing"],
            ["app crashes", "bug"],
          ],
        },
        formulas: {
          Tickets: { B2: '=SLM.CLASSIFY(A2,"billing,bug")', B3: '=SLM.CLASSIFY(A3,"billing,bug")' },
        },
        selection: "Tickets!B2:B3",
      },
    });
    await page.getByTestId("freeze-results").click();
    await page.getByTestId("write-preview").waitFor();
    expect(await page.getByTestId("write-preview-overwrite-warning").innerText()).toMatch(
      /2 cells in B2:B3 are not empty/,
    );
    expect(await harness.userWrites(page)).toEqual([]);
    await page.getByTestId("write-preview-confirm").click();
    await page.getByTestId("selection-actions-message").waitFor();
    expect(await harness.readFormulas(page, "Tickets!B2:B3")).toEqual([["billing"], ["bug"]]);

    const entry = page.getByTestId("recent-write").first();
    await entry.getByTestId("restore-button").click();
    await entry.getByTestId("restore-confirm").click();
    await entry.getByTestId("restore-done").waitFor();
    expect(await harness.readFormulas(page, "Tickets!B2:B3")).toEqual([
      ['=SLM.CLASSIFY(A2,"billing,bug")'],
      ['=SLM.CLASSIFY(A3,"billing,bug")'],
    ]);

    await page.getByTestId("refresh-selection").click();
    await expect
      .poll(() => page.getByTestId("selection-actions-message").innerText())
      .toMatch(/Recalculating 2 =SLM\.\* cells in Tickets!B2:B3 without cached answers/);
    expect(await page.evaluate(() => window.__excel.calculations())).toEqual([
      { scope: "range", address: "Tickets!B2:B3" },
    ]);
    await page.context().close();
  });
});
