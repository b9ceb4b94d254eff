import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudRelay, type CloudRelayFixture } from "../support/cloud-relay-fixture";
import type { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { keywordLabeller } from "../support/scripted-models";
import { startPaneHarness, type PaneHarness, type WorkbookSpec } from "./pane-harness";

/**
 * Cells the local model was unsure of (REVIEW) can go to the cloud model for review, when the
 * user allows it: under "auto" with cloud review on, the REVIEW cells get the cloud's labels; the
 * texts leave the machine redacted.
 */
const KEY = "sk-cloud-review-browser-77e1";
const workbook: WorkbookSpec = {
  sheets: {
    Sheet1: [
      ["Feedback"],
      ["refund for my order"],
      ["crash when saving"],
      ["?? write to ann.lee@example.com about it"],
      ["love the new look"],
    ],
  },
  selection: "Sheet1!A1:A5",
};

describe("Cells view: cloud review of REVIEW cells", () => {
  let harness: PaneHarness;
  let cloud: OpenAiProtocolServer;
  let relay: CloudRelayFixture;

  beforeAll(async () => {
    relay = await startCloudRelay(KEY, { mode: "auto", cloudReviewOfAbstains: true });
    cloud = relay.cloud;
    harness = await startPaneHarness({ cloud: relay.service });
    harness.ollama.onChat(keywordLabeller({ refund: "billing", crash: "bug", love: "praise" }, "praise"));
  });
  afterAll(async () => {
    await harness?.close();
    await relay?.close();
  });

  it("labels the REVIEW cells with the cloud model's answers", async () => {
    const page = await harness.openPane({ view: "cells", workbook });
    await expect.poll(() => page.getByTestId("cells-selection").innerText()).toContain("Sheet1!A1:A5");
    await page.getByRole("textbox", { name: "Labels" }).fill("billing, bug, praise");
    await page.getByTestId("cells-run").click();
    await page.getByTestId("cells-review").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("cells-review").innerText()).toMatch(/1 cell to review/);

    cloud.enqueue({ value: { labels: ["billing"] } });
    await page.getByTestId("cells-cloud-review").click();
    await expect
      .poll(() => page.getByTestId("cells-notice").innerText())
      .toMatch(/labelled by the cloud model gpt-4o-mini/);
    await expect.poll(() => page.getByTestId("cells-review").count()).toBe(0);
    const sent = cloud.requests.map((request) => request.rawBody).join("");
    expect(sent).not.toContain("ann.lee@example.com");
    expect(sent).toContain("[EMAIL_1]");
    await page.context().close();
  });
});
