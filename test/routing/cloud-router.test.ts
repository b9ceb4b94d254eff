import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudError } from "../../src/cloud/cloud-errors";
import { JsonlFileAuditLog } from "../../src/host/node/audit-log-file";
import type { RouteDecision } from "../../src/routing/route-decision";
import { encodeTable } from "../../src/sheet/table-text";
import { openAiHarness } from "../cloud/support/openai-harness";
import { everythingVisible, TEST_KEY, type HarnessServer } from "../cloud/support/provider-harness";
import { Answer, makeRouter, NOW, policy, requestFor, TODAY } from "./support/router-fixture";

async function notAllowed(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  expect((error as CloudError).cloudKind).toBe("not-allowed");
  return error as CloudError;
}

describe("CloudRouter", () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await openAiHarness.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const provider = () => openAiHarness.provider(server, { maxRetries: 0 });

  it("stays local when nothing fires, and says why", async () => {
    const { router } = makeRouter(provider(), policy("auto"));
    const decision = await router.decide(requestFor("none"));
    expect(decision).toEqual({
      route: "local",
      trigger: "none",
      reasons: ["The formula is simple enough for the local model (score 0 < 40)."],
    });
  });

  it("records every trigger that fired, the first as the trigger", async () => {
    const { router } = makeRouter(provider(), policy("auto"));
    const decision = await router.decide({
      ...requestFor("complex-formula"),
      signals: {
        userAskedForCloud: true,
        formulaToExplain: requestFor("complex-formula").signals.formulaToExplain,
      },
    });
    expect(decision.trigger).toBe("user-request");
    expect(decision.reasons[0]).toBe("You asked for the cloud model.");
    expect(decision.reasons[1]).toMatch(/^The formula is complex \(score \d+ ≥ 40: /);
  });

  it("policy never: nothing leaves, even when asked, and no ticket is issued", async () => {
    const { router, audit } = makeRouter(provider(), policy("never"));
    const decision = await router.decide(requestFor("user-request"));
    expect(decision.route).toBe("local");
    expect(decision.ticket).toBeUndefined();
    await notAllowed(router.sendStructured({ ...decision, route: "cloud", ticket: "forged" }, Answer));
    expect(server.calls()).toHaveLength(0);
    expect(await audit.entries()).toEqual([]);
  });

  it("switching to never stops a request that was already decided", async () => {
    const { router, audit } = makeRouter(provider(), policy("auto"));
    const decision = await router.decide(requestFor("user-request"));
    expect(decision.route).toBe("cloud");
    router.configure({ policy: policy("never") });
    const error = await notAllowed(router.sendStructured(decision, Answer));
    expect(error.message).toMatch(/switched off/);
    expect(server.calls()).toHaveLength(0);
    expect(await audit.entries()).toEqual([]);
  });

  it("without a provider everything stays local", async () => {
    const { router } = makeRouter(null, policy("auto"));
    const decision = await router.decide(requestFor("user-request"));
    expect(decision.route).toBe("local");
    expect(decision.reasons.at(-1)).toMatch(/No cloud provider is set up/);
  });

  it("ask: the consent shows exactly the redacted payload that is then sent, the provider, model and cost", async () => {
    const { router } = makeRouter(provider(), policy("ask"));
    const grid = [
      ["Customer", "Email", "Amount"],
      ["Ann Lee", "ann.lee@example.com", 120],
      ["Bob Stone", "bob@example.org", 80],
    ];
    const table = encodeTable(grid, { firstRowIsHeader: true }).text;
    const decision = await router.decide({
      task: "ask",
      messages: [{ role: "user", content: `Who spent most? Call Ann Lee on +44 20 7946 0958.\n${table}` }],
      tables: [grid],
      signals: { userAskedForCloud: true },
    });
    expect(decision.route).toBe("needs-consent");
    const consent = decision.consent;
    if (!consent || !decision.ticket) throw new Error("no consent");
    expect(consent).toMatchObject({
      provider: "OpenAI",
      model: "gpt-4o-mini",
      redactions: { personName: 2, email: 2, phone: 1 },
    });
    expect(consent.estimatedCost.usd).toBeGreaterThan(0);
    expect(consent.estimatedCost.inputTokens).toBeGreaterThan(0);
    expect(consent.payload[0]?.content).toMatch(/^Who spent most\? Call \[NAME_1\] on \[PHONE_1\]\./);
    expect(consent.payload[0]?.content).not.toMatch(/Ann|Bob|example|7946/);
    expect(server.calls()).toHaveLength(0);

    await notAllowed(router.sendStructured({ ...decision, route: "cloud" }, Answer));
    server.enqueue({ value: { answer: "[NAME_1] spent most; call [PHONE_1]." } });
    const result = await router.sendStructured(router.approve(decision.ticket), Answer);
    expect(result.value.answer).toBe("Ann Lee spent most; call +44 20 7946 0958.");
    const sent = server.calls()[0]?.body as { messages: unknown };
    expect(sent.messages).toEqual(consent.payload);
  });

  it("tickets are single-use and expire; declining keeps the request local", async () => {
    let now = NOW.getTime();
    const { router } = makeRouter(provider(), policy("ask"), { now: () => new Date(now) });
    const first = await router.decide(requestFor("user-request"));
    const approved = router.approve(first.ticket ?? "");
    await router.sendStructured(approved, Answer);
    await notAllowed(router.sendStructured(approved, Answer));

    const second = await router.decide(requestFor("user-request"));
    now += 16 * 60_000;
    expect(() => router.approve(second.ticket ?? "")).toThrow(/expired/);

    const third = await router.decide(requestFor("user-request"));
    const declined = router.decline(third.ticket ?? "");
    expect(declined.route).toBe("local");
    expect(declined.reasons.at(-1)).toMatch(/You declined/);
    expect(() => router.approve(third.ticket ?? "")).toThrow(/unknown or was already used/);
    expect(server.calls()).toHaveLength(1);
  });

  it("a consent approved after the provider changed is refused, never sent to the new provider", async () => {
    const { router, audit } = makeRouter(provider(), policy("ask"));
    const asked = await router.decide(requestFor("user-request"));
    expect(asked.consent).toMatchObject({ provider: "OpenAI", model: "gpt-4o-mini" });
    router.configure({ provider: openAiHarness.provider(server, { model: "gpt-4o" }) });
    const error = await notAllowed(Promise.resolve().then(() => router.approve(asked.ticket ?? "")));
    expect(error.message).toMatch(
      /prepared for OpenAI \(gpt-4o-mini\), but the cloud provider is now OpenAI \(gpt-4o\); ask again/,
    );
    // The ticket is gone: switching back does not revive it.
    router.configure({ provider: provider() });
    expect(() => router.approve(asked.ticket ?? "")).toThrow(/unknown or was already used/);

    // Approved first, then the provider changed before the send: refused at send time too.
    const approvedFirst = router.approve((await router.decide(requestFor("user-request"))).ticket ?? "");
    router.configure({ provider: openAiHarness.provider(server, { model: "gpt-4o" }) });
    await notAllowed(router.sendStructured(approvedFirst, Answer));
    router.configure({ provider: null });
    const gone = await router.decide(requestFor("user-request"));
    expect(gone.route).toBe("local");
    expect(server.calls()).toHaveLength(0);
    expect(await audit.entries()).toEqual([]);
  });

  it("a new provider object for the same provider and model (e.g. a new key) keeps an approval valid", async () => {
    const { router } = makeRouter(provider(), policy("ask"));
    const asked = await router.decide(requestFor("user-request"));
    router.configure({ provider: provider() });
    server.enqueue({ value: { answer: "ok" } });
    const result = await router.sendStructured(router.approve(asked.ticket ?? ""), Answer);
    expect(result.value.answer).toBe("ok");
  });

  it("auto: a request that would pass the token budget stays local, with the numbers", async () => {
    const { router, usage } = makeRouter(provider(), policy("auto", { maxTokensPerDay: 10_000 }));
    await usage.add(TODAY, { cloud: { requests: 1, inputTokens: 9_000, outputTokens: 900 } });
    const decision = await router.decide(requestFor("user-request"));
    expect(decision.route).toBe("local");
    expect(decision.reasons.at(-1)).toMatch(
      /would exceed today's cloud token budget \(9,900 of 10,000 used\)/,
    );
    expect(decision.estimatedCost?.usd).toBeGreaterThan(0);
  });

  it("auto: parallel sends never get past the daily request budget", async () => {
    const { router, audit } = makeRouter(provider(), policy("auto", { maxRequestsPerDay: 2 }));
    const decisions: RouteDecision[] = [];
    for (let i = 0; i < 4; i++) decisions.push(await router.decide(requestFor("user-request")));
    expect(decisions.every((decision) => decision.route === "cloud")).toBe(true);
    const outcomes = await Promise.allSettled(
      decisions.map((decision) => router.sendStructured(decision, Answer)),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    expect(server.calls()).toHaveLength(2);
    expect(await audit.entries()).toHaveLength(2);
    expect((await router.decide(requestFor("user-request"))).route).toBe("local");
  });

  it("counts local work and what it would have cost in the cloud, next to cloud cost", async () => {
    const { router } = makeRouter(provider(), policy("auto"));
    await router.recordLocal({ task: "classify", inputTokens: 1_000_000, outputTokens: 0 });
    const decision = await router.decide(requestFor("user-request"));
    const result = await router.sendStructured(decision, Answer);
    const today = await router.today();
    expect(today.local).toEqual({ requests: 1, inputTokens: 1_000_000, outputTokens: 0 });
    expect(today.costAvoidedUsd).toBe(0.15); // gpt-4o-mini input price per million
    expect(today.cloud.requests).toBe(1);
    expect(today.cloud.costUsd).toBe(result.costUsd);
  });

  it("the API key appears neither in the audit file nor in anything returned, whatever happens", async () => {
    const dir = await mkdtemp(join(tmpdir(), "slm-router-"));
    try {
      const path = join(dir, "audit.jsonl");
      const { router } = makeRouter(provider(), policy("auto"), { audit: new JsonlFileAuditLog(path) });
      const seen: unknown[] = [];
      const decision = await router.decide(requestFor("user-request"));
      seen.push(decision, await router.sendStructured(decision, Answer));
      server.enqueue({ status: 401, message: `Incorrect API key provided: ${TEST_KEY}` });
      const failing = await router.decide(requestFor("complex-formula"));
      seen.push(failing, await router.sendStructured(failing, Answer).catch((error: unknown) => error));
      seen.push(await router.today(), router);
      const file = await readFile(path, "utf8");
      expect(file.trim().split("\n")).toHaveLength(4);
      expect(file).not.toContain(TEST_KEY);
      expect(file).toContain("[REDACTED KEY]");
      expect(everythingVisible(seen)).not.toContain(TEST_KEY);
      // The key did reach the provider, as a header, and only there.
      expect(server.calls()[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
      expect(server.calls()[0]?.rawBody).not.toContain(TEST_KEY);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
