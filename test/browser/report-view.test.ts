import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Report view in the built pane: it names the table the report will cover, makes the report
 * sheet in the workbook through the engine the ribbon button uses (loaded lazily), shows what code
 * computed and what the model wrote, offers a facts-only report when the model fails, and says
 * how to fix an empty selection.
 */
const SALES: WorkbookSpec = {
  sheets: {
    Sales: [
      ["Region", "Revenue"],
      ["East", 1200],
      ["West", 1850],
      ["East", 1320],
      ["West", 1990],
    ],
  },
  selection: "Sales!A2",
};

const reportSheets = (page: Page) =>
  page.evaluate(() => window.__excel.sheetNames().filter((name) => name.startsWith("Report Sales ")));

describe("Report view in Chromium", () => {
  let harness: PaneHarness;

  beforeAll(async () => {
    harness = await startPaneHarness({ models: ["qwen2.5:3b"] });
  });
  afterAll(() => harness?.close());
  beforeEach(() => harness.ollama.reset());

  it("shows the table, makes the report sheet with the model's checked summary, and goes to it", async () => {
    harness.ollama.enqueue({
      content: JSON.stringify({
        summary: "Revenue ranges from 1,200 to 1,990 over 4 rows.",
        highlights: ["West has the larger revenue."],
      }),
    });
    const page = await harness.openPane({ width: 320, theme: "light", view: "report", workbook: SALES });
    await expect.poll(() => page.getByTestId("report-target-address").textContent()).toBe("Sales!A1:B5");
    expect(await page.getByTestId("report-target").textContent()).toContain(
      "4 rows under a header row, 2 columns",
    );
    await harness.screenshot(page, "report-ready-light-320");

    await page.getByTestId("report-generate").click();
    await page.getByTestId("report-result").waitFor({ timeout: 20_000 });
    const sheets = await reportSheets(page);
    expect(sheets).toHaveLength(1);
    const sheet = sheets[0]!;
    expect(await page.getByTestId("report-result-sheet").textContent()).toBe(sheet);
    // The report sheet holds the model's summary, and charts were added to it.
    const column = (await harness.readValues(page, `'${sheet}'!A1:A40`)).map((row) => row[0]);
    expect(column).toContain("Revenue ranges from 1,200 to 1,990 over 4 rows.");
    expect(await page.evaluate(() => window.__excel.charts().length)).toBeGreaterThan(0);
    // What code computed vs what the model wrote.
    expect(await page.getByTestId("report-computed").textContent()).toContain(
      "4 rows × 2 columns from Sales!A1:B5",
    );
    expect(await page.getByTestId("report-narrative-source").textContent()).toBe("Written by qwen2.5:3b");
    expect(await page.getByTestId("report-narrative").textContent()).toContain("matches a computed fact");
    // The source sheet is only read.
    expect(await harness.readValues(page, "Sales!A1:B5")).toEqual(SALES.sheets.Sales);
    await harness.screenshot(page, "report-done-light-320");

    await harness.select(page, "Sales!A1");
    await page.getByTestId("report-go-to-sheet").click();
    await expect.poll(() => page.evaluate(() => window.__excel.activeSheet())).toBe(sheet);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it("when the model fails, says so, and makes the report from the computed facts on request", async () => {
    harness.ollama.enqueue({ status: 500, error: "llama runner process has terminated" });
    const page = await harness.openPane({ width: 450, theme: "dark", view: "report", workbook: SALES });
    await page.getByTestId("report-target-address").waitFor();
    await page.getByTestId("report-generate").click();

    const error = page.getByTestId("report-error");
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain("The model could not write the summary");
    expect(await page.getByTestId("report-error-message").textContent()).toMatch(/llama runner process/);
    // The engine left a report sheet saying why.
    const [failed] = await reportSheets(page);
    expect(String((await harness.readValues(page, `'${failed}'!A2`))[0]?.[0])).toMatch(
      /^The report could not be made: /,
    );
    await harness.screenshot(page, "report-error-dark-450");

    const chatsBefore = harness.ollama.requests.filter((r) => r.path === "/api/chat").length;
    await page.getByTestId("report-retry-facts-only").click();
    await page.getByTestId("report-result").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("report-narrative-source").textContent()).toBe(
      "Written by code from the facts",
    );
    expect(harness.ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(chatsBefore);
    expect(await reportSheets(page)).toHaveLength(2);
    await harness.screenshot(page, "report-facts-only-dark-450");
  });

  it("cancels a report while the model writes, and says the report sheet is left saying so", async () => {
    harness.ollama.enqueue({ hang: true });
    const page = await harness.openPane({ width: 320, theme: "light", view: "report", workbook: SALES });
    await page.getByTestId("report-target-address").waitFor();
    await page.getByTestId("report-generate").click();
    const progress = page.getByTestId("report-progress");
    await expect
      .poll(() => progress.textContent(), { timeout: 20_000 })
      .toContain("Step 4 of 5: qwen2.5:3b is writing the summary");
    await harness.screenshot(page, "report-progress-light-320");
    await page.getByTestId("report-cancel").click();
    const error = page.getByTestId("report-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("Cancelled");
    const [sheet] = await reportSheets(page);
    expect(String((await harness.readValues(page, `'${sheet}'!A2`))[0]?.[0])).toMatch(/cancelled/);
  });

  it("says how to fix a selection with no table, and does not offer to generate", async () => {
    const page = await harness.openPane({
      width: 450,
      theme: "dark",
      view: "report",
      workbook: { sheets: { Sheet1: [] } },
    });
    const empty = page.getByTestId("report-target-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/Select a cell inside a table with a header row and data/);
    expect(await page.getByTestId("report-generate").isDisabled()).toBe(true);
    await harness.screenshot(page, "report-empty-dark-450");

    // The user fills the sheet and checks again.
    await harness.type(page, "Sheet1!A1:B3", [
      ["Item", "Qty"],
      ["Pens", 3],
      ["Ink", 5],
    ]);
    await harness.select(page, "Sheet1!A2");
    await page.getByTestId("report-recheck").click();
    await expect.poll(() => page.getByTestId("report-target-address").textContent()).toBe("Sheet1!A1:B3");
    expect(await page.getByTestId("report-generate").isDisabled()).toBe(false);
  });
});
