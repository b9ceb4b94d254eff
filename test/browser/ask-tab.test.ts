import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { ChatMessage } from "../support/ollama-protocol-server";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Ask tab in the built pane, against the Ollama protocol server and the fake Excel object
 * model. The Data sheet's revenue: East 1,200 + 1,320 = 2,520; West 1,850 + 1,990 + 2,105 = 5,945;
 * North 640. The model only chooses the plan and words the answer; the numbers are computed.
 */
const SALES: WorkbookSpec = {
  sheets: {
    Data: [
      ["Region", "Quarter", "Revenue"],
      ["East", "Q1", 1200],
      ["West", "Q1", 1850],
      ["East", "Q2", 1320],
      ["West", "Q2", 1990],
      ["North", "Q1", 640],
      ["West", "Q3", 2105],
    ],
  },
  selection: "Data!B3",
};

const byRegion = {
  kind: "aggregate",
  function: "sum",
  column: "Revenue",
  filters: [],
  groupBy: ["Region"],
  sort: "largest",
};
const onlyWest = {
  kind: "aggregate",
  function: "sum",
  column: "Revenue",
  filters: [{ column: "Region", operator: "equals", value: "West" }],
  groupBy: [],
};
const plan = (value: object) => ({ content: JSON.stringify(value) });

function userText(body: unknown): string {
  return (body as { messages: ChatMessage[] }).messages
    .filter((message) => message.role === "user")
    .map((message) => message.content)
    .join("\n");
}

describe("Ask tab in Chromium", () => {
  let harness: PaneHarness;

  beforeAll(async () => {
    harness = await startPaneHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => harness.ollama.reset());

  async function open(options: { width?: 320 | 450; theme?: "light" | "dark" } = {}): Promise<Page> {
    const page = await harness.openPane({ ...options, view: "ask", workbook: SALES });
    await expect.poll(() => page.getByTestId("ask-source").innerText()).toBe("Reads Data!A1:C7, 6 rows.");
    return page;
  }

  async function ask(page: Page, question: string) {
    const box = page.getByTestId("ask-question");
    await box.fill(question);
    await box.press("Enter");
  }

  const chats = () => harness.ollama.requests.filter((request) => request.path === "/api/chat");

  it("is the first tab, reads the table the active cell is in and follows the selection", async () => {
    const page = await open();
    const tabs = await page.getByRole("tab").allInnerTexts();
    expect(tabs[0]).toMatch(/Ask/);
    expect(await page.getByTestId("ask-suggestions").innerText()).toContain("Total Revenue by Region");
    await harness.select(page, "Data!A1:C4");
    await expect.poll(() => page.getByTestId("ask-source").innerText()).toBe("Reads Data!A1:C4, 3 rows.");
    expect(harness.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("answers a question with computed numbers, and a follow-up that carries the first question", async () => {
    harness.ollama.enqueue(
      plan(byRegion),
      { content: "West leads with 5,945, then East with 2,520." },
      plan(onlyWest),
      { content: "West's revenue is 5,945." },
    );
    const page = await open();
    await ask(page, "total revenue by region");
    const answer = page.getByTestId("ask-answer");
    await answer.first().waitFor();
    expect(await page.getByTestId("ask-answer-text").first().innerText()).toBe(
      "West leads with 5,945, then East with 2,520.",
    );
    expect(await page.getByTestId("ask-plan").first().innerText()).toBe(
      "How: Sum of Revenue by Region, largest first",
    );
    expect(await page.getByTestId("ask-source").first().innerText()).toContain("Reads Data!A1:C7");
    const table = await page.getByTestId("ask-result-table").first().innerText();
    expect(table).toMatch(/West\s+5,945/);
    expect(table).toMatch(/North\s+640/);
    // Focus lands on the answer and the live region says it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("ask-answer");
    expect(await page.getByTestId("ask-live").innerText()).toContain("West leads with 5,945");
    await harness.screenshot(page, "ask-answer-light-320");

    await ask(page, "only West");
    await expect.poll(() => answer.count()).toBe(2);
    expect(await page.getByTestId("ask-answer-text").nth(1).innerText()).toBe("West's revenue is 5,945.");
    expect(await page.getByTestId("ask-formula").innerText()).toBe(
      '=SUMIFS(Data!$C$2:$C$7,Data!$A$2:$A$7,"West")',
    );
    const sent = chats();
    expect(sent).toHaveLength(4);
    const followUp = userText(sent[2]?.body);
    expect(followUp).toContain("Question: total revenue by region");
    expect(followUp).toMatch(/Question: only West$/);

    // Clear forgets: the next question's plan request carries no earlier question.
    await page.getByTestId("ask-clear").click();
    expect(await answer.count()).toBe(0);
    harness.ollama.enqueue(plan(onlyWest), { content: "5,945." });
    await ask(page, "west total");
    await answer.first().waitFor();
    expect(userText(chats()[4]?.body)).not.toContain("total revenue by region");
    expect(harness.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("says when an answer was rewritten from the computed numbers", async () => {
    harness.ollama.enqueue(plan(onlyWest), { content: "West made about 6,100 in total." });
    const page = await open({ width: 450, theme: "dark" });
    await ask(page, "west total?");
    await page.getByTestId("ask-rewritten").waitFor();
    expect(await page.getByTestId("ask-rewritten").innerText()).toMatch(
      /Rewritten from the computed numbers: the model wrote numbers that were not computed \(6,100\)/,
    );
    expect(await page.getByTestId("ask-answer-text").innerText()).not.toContain("6,100");
    await harness.screenshot(page, "ask-rewritten-dark-450");
    await page.context().close();
  });

  it("Stop ends a question that is still being answered; nothing is shown as an answer", async () => {
    harness.ollama.enqueue({ hang: true });
    const page = await open();
    await ask(page, "total revenue by region");
    await page.getByTestId("ask-stop").click();
    await expect.poll(() => page.getByTestId("ask-notice").innerText()).toContain("Stopped");
    expect(await page.getByTestId("ask-answer").count()).toBe(0);
    await expect.poll(() => harness.ollama.requests.some((request) => request.clientAborted)).toBe(true);
    await page.context().close();
  });

  it("inserts the verified formula below the table after a preview, and the sheet computes it", async () => {
    harness.ollama.enqueue(plan(onlyWest), { content: "West's revenue is 5,945." });
    const page = await open();
    await ask(page, "west total");
    await page.getByTestId("ask-insert-formula").click();
    await page.getByTestId("write-preview").waitFor();
    expect(await page.getByTestId("write-preview-summary").innerText()).toBe("Writes 1 cell to Data!A9.");
    expect(await harness.userWrites(page)).toEqual([]);
    await page.getByTestId("write-preview-confirm").click();
    await page.getByTestId("ask-written").waitFor();
    expect(await harness.readFormulas(page, "Data!A9")).toEqual([
      ['=SUMIFS(Data!$C$2:$C$7,Data!$A$2:$A$7,"West")'],
    ]);
    await page.context().close();
  });

  it("Ollama not running: the connection help and the doctor command, in plain words", async () => {
    const page = await open();
    await page.route("**/ollama/**", (route) => route.abort("connectionrefused"));
    await ask(page, "total revenue by region");
    await page.getByTestId("ask-doctor").waitFor();
    expect(await page.getByTestId("ask-doctor").innerText()).toContain("npx excel-slm doctor");
    await expect.poll(() => page.getByTestId("connection-help").innerText()).toContain("Cannot reach Ollama");
    const text = await page.getByTestId("view-ask").innerText();
    expect(text).not.toMatch(/ECONNREFUSED|HTTP \d|`|fetch failed/);
    await harness.screenshot(page, "ask-ollama-down-light-320");
    await page.context().close();
  });

  it("fits 320 px and a dark theme without horizontal scrolling", async () => {
    harness.ollama.enqueue(plan(byRegion), { content: "West leads with 5,945." });
    for (const [width, theme] of [
      [320, "dark"],
      [450, "light"],
    ] as const) {
      const page = await open({ width, theme });
      if (width === 320) {
        await ask(page, "total revenue by region");
        await page.getByTestId("ask-answer").waitFor();
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await harness.screenshot(page, `ask-${theme}-${width}`);
      await page.context().close();
    }
  });
});
