import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Formula view on the built pane: the Ollama protocol server answers as the model would (a
 * plan, or a free-form formula), the real pipeline compiles and checks it on the fake workbook's
 * values, and every write goes through the preview.
 */
const SALES: WorkbookSpec = {
  sheets: {
    Sales: [
      ["Region", "Product", "Revenue"],
      ["East", "Widget", 120],
      ["West", "Gadget", 300],
      ["West", "Widget", 80],
    ],
  },
  selection: "Sales!E1",
  // What Excel computes for the verified formula (the fake does not calculate).
  formulaResults: { '=SUMIFS(Sales!$C$2:$C$4,Sales!$A$2:$A$4,"West")': 380 },
};

const westTotal = {
  kind: "aggregate",
  function: "sum",
  valueColumn: "Revenue",
  criteria: [{ column: "Region", operator: "equals", value: "West" }],
};

/**
 * Array arithmetic the headless engine cannot vouch for: offered, but "not verified". (It now
 * verifies plain SUMPRODUCT((range="West")*range); an operator beside a range intersection it
 * still leaves alone.)
 */
const arrayArithmetic = {
  kind: "free_form",
  formula: '=SUM((Sales!A2:A4="West")*(Sales!C2:C4 Sales!C2:C4))',
};

describe("Formula view in Chromium", () => {
  let harness: PaneHarness;
  beforeAll(async () => {
    harness = await startPaneHarness({ models: ["qwen2.5:3b"] });
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function ask(page: Page, request: string): Promise<void> {
    await page.getByRole("textbox", { name: "What should the formula compute?" }).fill(request);
    await page.getByTestId("formula-generate").click();
    await page.getByTestId("formula-answer").waitFor({ timeout: 20_000 });
  }

  it("inserts a verified formula into the active cell after the preview", async () => {
    harness.ollama.reset();
    harness.ollama.enqueue({ content: JSON.stringify(westTotal) });
    const page = await harness.openPane({ width: 320, theme: "light", view: "formula", workbook: SALES });
    await ask(page, "total revenue for West");

    await expect.poll(() => page.getByTestId("formula-badge").innerText()).toBe("Verified");
    const formula = await page.getByTestId("formula-text").innerText();
    expect(formula).toMatch(/^=SUMIFS\(.*\$C\$2:\$C\$4.*"West"\)$/);
    expect(await page.getByTestId("formula-value").innerText()).toBe("380");
    expect(await page.getByTestId("formula-plan").innerText()).toMatch(/Revenue/);
    expect(await page.getByTestId("formula-model").innerText()).toMatch(/qwen2\.5:3b/);
    await harness.screenshot(page, "formula-verified-light-320");

    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: harness.url });
    await page.getByTestId("formula-copy").click();
    await expect.poll(() => page.getByTestId("formula-copy").innerText()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(formula);

    await page.getByTestId("formula-insert").click();
    await page.getByTestId("write-preview").waitFor();
    expect(await page.getByTestId("write-preview-summary").innerText()).toBe("Writes 1 cell to Sales!E1.");
    // Excel computed it once in a hidden scratch cell, which is gone again.
    expect(await page.getByTestId("formula-excel-check").innerText()).toBe(
      "Checked in Excel (a hidden scratch cell): it gives 380.",
    );
    expect(await page.evaluate(() => window.__excel.sheetNames())).toEqual(["Sales"]);
    expect(await harness.userWrites(page)).toEqual([]);
    await page.getByTestId("write-preview-confirm").click();

    await expect.poll(() => harness.readFormulas(page, "Sales!E1")).toEqual([[formula]]);
    await page.getByTestId("formula-written").waitFor();
    expect(await page.getByTestId("recent-write").first().innerText()).toMatch(/Insert formula/);
    await page.context().close();
  });

  it("asks a second time before inserting an unverified formula, and writes nothing before", async () => {
    harness.ollama.reset();
    harness.ollama.enqueue({ content: JSON.stringify(arrayArithmetic) });
    const page = await harness.openPane({ width: 450, theme: "dark", view: "formula", workbook: SALES });
    await ask(page, "total revenue for West");

    await expect.poll(() => page.getByTestId("formula-badge").innerText()).toBe("Not verified");
    expect(await page.getByTestId("formula-reason").innerText()).toMatch(/every cell/);

    await page.getByTestId("formula-insert").click();
    const confirmation = page.getByTestId("formula-unverified-confirm");
    await confirmation.waitFor();
    expect(await confirmation.innerText()).toMatch(/This formula was not verified/);
    expect(await page.getByTestId("write-preview").count()).toBe(0);
    expect(await harness.userWrites(page)).toEqual([]);
    await harness.screenshot(page, "formula-unverified-dark-450");

    // Cancelling the second confirmation writes nothing; asking again needs it again.
    await confirmation.getByRole("button", { name: "Cancel" }).click();
    await page.getByTestId("formula-insert").click();
    await page.getByTestId("formula-unverified-accept").click();
    await page.getByTestId("write-preview").waitFor();
    expect(await harness.userWrites(page)).toEqual([]);
    await page.getByTestId("write-preview-confirm").click();

    await expect.poll(() => harness.readFormulas(page, "Sales!E1")).toEqual([[arrayArithmetic.formula]]);
    await page.context().close();
  });

  it("says what to do when there is no verified formula, the model is missing, or work is cancelled", async () => {
    harness.ollama.reset();
    const broken = { content: JSON.stringify({ kind: "free_form", formula: "=Sales!Z99" }) };
    harness.ollama.enqueue(broken, broken, broken);
    const page = await harness.openPane({ width: 320, view: "formula", workbook: SALES });
    await ask(page, "something impossible");
    await expect.poll(() => page.getByTestId("formula-badge").innerText()).toBe("No verified formula");
    expect(await page.getByTestId("formula-insert").isDisabled()).toBe(true);

    // A slow model: Cancel stops the request and says nothing was written.
    harness.ollama.setLatency({ perRequestMs: 10_000 });
    await page.getByRole("textbox", { name: "What should the formula compute?" }).fill("total revenue");
    await page.getByTestId("formula-generate").click();
    await page.getByTestId("formula-cancel").click();
    await expect.poll(() => page.getByTestId("formula-error").innerText()).toMatch(/Cancelled/);
    harness.ollama.setLatency({ perRequestMs: 0 });
    expect(await harness.userWrites(page)).toEqual([]);

    // A model that is not installed: the error points to Settings.
    await page.evaluate(() =>
      localStorage.setItem("excel-slm.settings.v1", JSON.stringify({ model: "absent:1b" })),
    );
    await page.reload();
    await page.locator('main[aria-busy="false"] [data-testid="view-formula"]').waitFor({ timeout: 20_000 });
    await page.getByRole("textbox", { name: "What should the formula compute?" }).fill("total revenue");
    await page.getByTestId("formula-generate").click();
    await expect.poll(() => page.getByTestId("formula-error").innerText()).toMatch(/Model not installed/);
    await page.getByTestId("formula-error").getByRole("button", { name: "Open Settings" }).click();
    await page.getByTestId("view-settings").waitFor();
    await page.context().close();
  });

  it("does not insert a formula Excel computes an error for without another confirmation", async () => {
    harness.ollama.reset();
    harness.ollama.enqueue({ content: JSON.stringify(westTotal) });
    const page = await harness.openPane({
      width: 320,
      view: "formula",
      workbook: { ...SALES, formulaResults: { '=SUMIFS(Sales!$C$2:$C$4,Sales!$A$2:$A$4,"West")': "#NAME?" } },
    });
    await ask(page, "total revenue for West");
    await expect.poll(() => page.getByTestId("formula-badge").innerText()).toBe("Verified");
    await page.getByTestId("formula-insert").click();
    const excelError = page.getByTestId("formula-excel-error");
    await excelError.waitFor();
    expect(await excelError.innerText()).toMatch(/Excel computes #NAME\? for this formula/);
    expect(await page.getByTestId("write-preview").count()).toBe(0);
    expect(await harness.userWrites(page)).toEqual([]);
    expect(await page.evaluate(() => window.__excel.sheetNames())).toEqual(["Sales"]);

    await excelError.getByRole("button", { name: "Insert anyway" }).click();
    await page.getByTestId("write-preview").waitFor();
    await page.getByTestId("write-preview-confirm").click();
    await expect
      .poll(() => harness.readFormulas(page, "Sales!E1"))
      .toEqual([['=SUMIFS(Sales!$C$2:$C$4,Sales!$A$2:$A$4,"West")']]);
    await page.context().close();
  });
});
