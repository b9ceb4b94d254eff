import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { keywordLabeller } from "../support/scripted-models";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Cells view in Chromium on the built pane: classify a selected column of feedback with the
 * scripted model behind the relay, watch the progress bar, cancel, write after the preview and
 * select the REVIEW rows in the (fake) workbook.
 */
const ROWS = 30;
const KINDS = ["refund", "crash", "love"] as const;
const EXPECTED: Record<(typeof KINDS)[number], string> = { refund: "billing", crash: "bug", love: "praise" };

/** Row i (0-based data row): its keyword by i % 3; every 7th is vague ("??"), which the model is unsure of. */
function feedback(i: number): string {
  return `${KINDS[i % 3]} feedback number ${i + 1}${i % 7 === 3 ? " ??" : ""}`;
}
function expectedLabel(i: number): string {
  return i % 7 === 3 ? "REVIEW" : EXPECTED[KINDS[i % 3]!];
}

const workbook: WorkbookSpec = {
  sheets: {
    Sheet1: [["Id", "Feedback"], ...Array.from({ length: ROWS }, (_, i) => [i + 1, feedback(i)])],
    Lists: [["billing"], ["bug"], ["praise"]],
  },
  selection: "Sheet1!B1:B31",
};

const chats = (harness: PaneHarness) => harness.ollama.requests.filter((r) => r.path === "/api/chat");

async function progressDone(page: Page): Promise<number> {
  const text = await page
    .getByTestId("cells-progress-text")
    .innerText({ timeout: 500 })
    .catch(() => "");
  return Number(/^(\d+) of/.exec(text)?.[1] ?? -1);
}

async function startClassify(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId("cells-selection").innerText())
    .toContain("Sheet1!B1:B31 (30 cells, header row left out)");
  await expect.poll(() => page.getByTestId("cells-target").inputValue()).toBe("C");
  if (!(await page.getByRole("textbox", { name: "Labels" }).inputValue())) {
    await page.getByRole("textbox", { name: "Labels" }).fill("billing, bug, praise");
  }
  await page.getByTestId("cells-run").click();
}

describe("Cells view: classify the selection", () => {
  let harness: PaneHarness;

  beforeAll(async () => {
    // Each request holds the model 250 ms, so a 30-row run takes seconds and its progress can be watched.
    harness = await startPaneHarness({ ollama: { latency: { perRequestMs: 250 } } });
  });
  afterAll(() => harness?.close());
  beforeEach(() => {
    harness.ollama.reset();
    harness.ollama.onChat(keywordLabeller({ refund: "billing", crash: "bug", love: "praise" }, "praise"));
  });

  it("shows progress with counts, and Cancel stops the requests and keeps the partial counts", async () => {
    const page = await harness.openPane({ width: 320, theme: "light", view: "cells", workbook });
    await startClassify(page);

    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const done = await progressDone(page);
          if (done >= 0 && seen.at(-1) !== done) seen.push(done);
          return done;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(8);
    const bar = page.getByRole("progressbar");
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    await harness.screenshot(page, "cells-progress-light-320");
    await page.getByTestId("cells-cancel").click();

    await expect
      .poll(() => page.getByTestId("cells-summary-title").innerText(), { timeout: 10_000 })
      .toMatch(/^Cancelled: \d+ of 30 cells done\. Nothing was written\.$/);
    const title = await page.getByTestId("cells-summary-title").innerText();
    const done = Number(/Cancelled: (\d+) of/.exec(title)![1]);
    expect(done).toBeGreaterThanOrEqual(8);
    expect(done).toBeLessThan(ROWS);
    // The bar moved through several counts on the way.
    expect(seen.filter((n) => n > 0 && n < ROWS).length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    // No further requests once cancelled.
    const requestsAtCancel = chats(harness).length;
    await page.waitForTimeout(1_200);
    expect(chats(harness).length).toBe(requestsAtCancel);
    expect(requestsAtCancel).toBeLessThan(ROWS / 4);

    // The summary counts add up to the cells answered, and nothing was written.
    const counts = await page.getByTestId("cells-count-row").allInnerTexts();
    const total = counts.map((row) => Number(/(\d+)\s*$/.exec(row)![1])).reduce((a, b) => a + b, 0);
    expect(total).toBe(done);
    expect(await harness.writes(page)).toEqual([]);
    await expect
      .poll(() => page.getByTestId("cells-write").innerText())
      .toBe(`Write the partial results (${done})…`);
    await page.context().close();
  });

  it("writes the labels into the first empty column after the preview and selects the REVIEW rows", async () => {
    const page = await harness.openPane({ width: 450, theme: "dark", view: "cells", workbook });
    await expect.poll(() => page.getByTestId("cells-selection").innerText()).toContain("Sheet1!B1:B31");
    // Labels picked from a range: the run still reads the feedback cells, not the labels now selected.
    await harness.select(page, "Lists!A1:A3");
    await page.getByTestId("cells-pick-labels").click();
    await expect
      .poll(() => page.getByRole("textbox", { name: "Labels" }).inputValue())
      .toBe("billing, bug, praise");
    await harness.select(page, "Lists!A1");
    await startClassify(page);

    await expect
      .poll(() => page.getByTestId("cells-summary-title").innerText(), { timeout: 20_000 })
      .toBe("Classified 30 cells.");
    const review = Array.from({ length: ROWS }, (_, i) => i).filter((i) => expectedLabel(i) === "REVIEW");
    const countText = await page.getByTestId("cells-counts").innerText();
    expect(countText).toMatch(new RegExp(`REVIEW\\s+${review.length}`));
    await expect(page.getByTestId("cells-review").innerText()).resolves.toContain(
      `${review.length} cells to review`,
    );

    // The preview comes first; nothing is written until it is confirmed.
    await page.getByTestId("write-preview").waitFor();
    expect(await page.getByTestId("write-preview-summary").innerText()).toContain("C2:C31");
    expect(await harness.writes(page)).toEqual([]);
    await harness.screenshot(page, "cells-summary-dark-450");
    await page.getByTestId("write-preview-confirm").click();

    await expect
      .poll(() => harness.readValues(page, "Sheet1!C2:C31"), { timeout: 10_000 })
      .toEqual(Array.from({ length: ROWS }, (_, i) => [expectedLabel(i)]));
    await expect
      .poll(() => page.getByTestId("cells-notice").innerText())
      .toMatch(/Wrote 30 cells to Sheet1!C2:C31/);

    await page.getByTestId("cells-select-review").click();
    const expectedSelection = review.map((i) => `Sheet1!B${i + 2}:C${i + 2}`).join(",");
    await expect.poll(() => page.evaluate(() => window.__excel.selection())).toBe(expectedSelection);
    await page.context().close();
  });
});
