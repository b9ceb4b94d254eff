import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startCloudRelay, type CloudRelayFixture } from "../support/cloud-relay-fixture";
import type { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * The Explain view in the built pane: a complex formula under policy "ask" shows the consent
 * dialog with exactly the redacted payload, and nothing reaches the cloud server until the user
 * sends it; a simple one is explained locally. The cloud key never reaches the page.
 */
const KEY = "sk-browser-test-5d1c8e7a9b3f2a4c6e0d";
const COMPLEX =
  '=LET(rows, FILTER(Data!A2:D500, (Data!B2:B500="North")*(Data!C2:C500>0)), ' +
  "IFERROR(INDEX(rows, MATCH(MAX(INDEX(rows,,3)), INDEX(rows,,3), 0), 4), " +
  'SUMPRODUCT((Data!B2:B500="jane.doe@example.com")*Data!C2:C500)/COUNTIFS(Data!B2:B500,"<>")))';

function workbook(selection: string): WorkbookSpec {
  return {
    sheets: {
      Model: [
        ["Total", 120, "Best"],
        [1, 2, 3],
      ],
      Data: [["Id", "Region", "Amount", "Rep"]],
    },
    formulas: { Model: { B1: "=SUM(A2:C2)", C1: COMPLEX } },
    selection,
  };
}

describe("Explain view in Chromium", () => {
  let harness: PaneHarness;
  let cloud: OpenAiProtocolServer;
  let relay: CloudRelayFixture;
  const responses: string[] = [];

  beforeAll(async () => {
    relay = await startCloudRelay(KEY, { mode: "ask" });
    cloud = relay.cloud;
    harness = await startPaneHarness({ cloud: relay.service });
  });
  afterAll(async () => {
    await harness?.close();
    await relay?.close();
  });
  beforeEach(() => {
    cloud.reset();
    harness.ollama.reset();
  });

  async function open(selection: string, options: { width?: 320 | 450; theme?: "light" | "dark" } = {}) {
    const page = await harness.openPane({ ...options, view: "explain", workbook: workbook(selection) });
    page.on("response", (response) => {
      void response.text().then(
        (text) => responses.push(text),
        () => undefined,
      );
    });
    return page;
  }

  async function explainButton(page: Page) {
    await page.getByRole("button", { name: "Explain the active cell" }).click();
  }

  it("asks before sending a complex formula, shows the redacted payload, and answers from the cloud once sent", async () => {
    const page = await open("Model!C1");
    await explainButton(page);
    const dialog = page.getByTestId("consent-dialog");
    await dialog.waitFor();
    const payload = await page.getByTestId("consent-payload").innerText();
    expect(payload).toContain("[EMAIL_1]");
    expect(payload).not.toContain("jane.doe@example.com");
    expect(await dialog.innerText()).toMatch(/gpt-4o-mini/);
    expect(await page.getByTestId("consent-cost").innerText()).toMatch(/tokens in/);
    await harness.screenshot(page, "explain-consent-light-320");
    expect(cloud.requests).toHaveLength(0);

    cloud.enqueue({
      value: { summary: "Finds the best northern row for [EMAIL_1].", steps: ["Filter", "Pick"] },
    });
    await page.getByRole("button", { name: "Send to gpt-4o-mini" }).click();
    await page.getByTestId("explanation").waitFor();
    expect(await page.getByTestId("explain-source").innerText()).toBe("Cloud: gpt-4o-mini");
    expect(await page.getByTestId("explanation").innerText()).toContain("jane.doe@example.com");
    expect(await page.getByTestId("explain-reasons").innerText()).toMatch(/approved/);
    expect(cloud.requests).toHaveLength(1);
    expect(cloud.requests[0]!.rawBody).not.toContain("jane.doe@example.com");

    // The referenced ranges can be shown in the sheet: selecting is how the pane highlights them.
    await page.getByRole("button", { name: "Show Data!A2:D500 in the sheet" }).click();
    await expect.poll(() => page.evaluate(() => window.__excel.selection())).toMatch(/Data!A2:D500/);

    await page.context().close();
  });

  it("keeps it local when the user declines", async () => {
    const page = await open("Model!C1", { width: 450, theme: "dark" });
    await explainButton(page);
    await page.getByTestId("consent-dialog").waitFor();
    harness.ollama.enqueue({ content: JSON.stringify({ summary: "Picks a row.", steps: [] }) });
    await page.getByRole("button", { name: "Keep local" }).click();
    await page.getByTestId("explanation").waitFor();
    expect(await page.getByTestId("explain-source").innerText()).toMatch(/^Local: /);
    expect(await page.getByTestId("explain-reasons").innerText()).toMatch(/declined/);
    await harness.screenshot(page, "explain-local-dark-450");
    expect(cloud.requests).toHaveLength(0);
    await page.context().close();
  });

  it("explains a simple formula locally without asking, and says when the active cell has no formula", async () => {
    const page = await open("Model!B1");
    harness.ollama.enqueue({
      content: JSON.stringify({ summary: "Adds three cells.", steps: ["Sum A2:C2"] }),
    });
    await explainButton(page);
    await page.getByTestId("explanation").waitFor();
    expect(await page.getByTestId("explain-source").innerText()).toMatch(/^Local: /);
    expect(cloud.requests).toHaveLength(0);
    await page.context().close();

    const empty = await open("Model!A1");
    await explainButton(empty);
    expect(await empty.getByTestId("explain-error").innerText()).toMatch(/Model!A1 holds no formula/);
    await empty.context().close();
  });

  it("never lets the cloud key reach the page", () => {
    expect(responses.length).toBeGreaterThan(5);
    for (const text of responses) expect(text).not.toContain(KEY);
  });
});
