import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RouteTrigger } from "../../src/routing/route-decision";
import { anthropicHarness } from "../cloud/support/anthropic-harness";
import { openAiHarness } from "../cloud/support/openai-harness";
import type { HarnessServer } from "../cloud/support/provider-harness";
import { makeRouter, policy, requestFor, runLikeATask, TODAY, type Consent } from "./support/router-fixture";

/**
 * Every trigger under every policy, through the real SDKs to the protocol servers: the cloud
 * server is called exactly when the policy allows it, and there is an audit entry for every
 * call and none otherwise.
 */

type PolicyCase = "never" | "ask (approved)" | "ask (declined)" | "auto within budget" | "auto over budget";
const POLICIES: PolicyCase[] = [
  "never",
  "ask (approved)",
  "ask (declined)",
  "auto within budget",
  "auto over budget",
];
const TRIGGERS: Array<RouteTrigger | "abstain-review-off"> = [
  "user-request",
  "complex-formula",
  "no-verified-formula",
  "low-confidence",
  "context-overflow",
  "none",
  "abstain-review-off",
];

function expectedCall(trigger: RouteTrigger | "abstain-review-off", policyCase: PolicyCase): boolean {
  const fires = trigger !== "none" && trigger !== "abstain-review-off";
  return fires && (policyCase === "ask (approved)" || policyCase === "auto within budget");
}

describe.each([openAiHarness, anthropicHarness])("policy matrix ($name)", (harness) => {
  let server: HarnessServer;

  beforeAll(async () => {
    server = await harness.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const cases = TRIGGERS.flatMap((trigger) => POLICIES.map((policyCase) => [trigger, policyCase] as const));

  it.each(cases)("%s under %s", async (trigger, policyCase) => {
    const mode = policyCase.startsWith("ask") ? "ask" : policyCase.startsWith("auto") ? "auto" : "never";
    const cloudPolicy = policy(mode, {
      maxRequestsPerDay: 5,
      cloudReviewOfAbstains: trigger !== "abstain-review-off",
    });
    const { router, audit, usage } = makeRouter(harness.provider(server), cloudPolicy);
    if (policyCase === "auto over budget") await usage.add(TODAY, { cloud: { requests: 5 } });
    server.enqueue({ value: { answer: "from the cloud" } });

    const consent: Consent = policyCase === "ask (declined)" ? "decline" : "approve";
    const { decision, answer } = await runLikeATask(router, requestFor(trigger), consent);

    const called = expectedCall(trigger, policyCase);
    expect(server.calls()).toHaveLength(called ? 1 : 0);
    const entries = await audit.entries();
    expect(entries).toHaveLength(called ? 1 : 0);
    expect(decision.route).toBe(called ? "cloud" : "local");
    expect(answer).toBe(called ? "from the cloud" : null);
    expect(decision.reasons.length).toBeGreaterThan(0);
    if (trigger !== "abstain-review-off") expect(decision.trigger).toBe(trigger);
    if (called) {
      const [entry] = entries;
      expect(entry).toMatchObject({
        provider: harness.name,
        trigger,
        approval: mode === "ask" ? "user" : "auto",
        result: { outcome: "ok" },
      });
      expect(entry?.result?.inputTokens).toBeGreaterThan(0);
      expect((await usage.get(TODAY)).cloud.requests).toBe(1);
    }
    if (policyCase === "never" && trigger !== "none" && trigger !== "abstain-review-off") {
      expect(decision.reasons.join(" ")).toMatch(/policy "never"/);
    }
    if (policyCase === "auto over budget" && expectedCall(trigger, "auto within budget")) {
      expect(decision.reasons.join(" ")).toMatch(/budget is used up \(5 of 5 requests\)/);
    }
  });
});
