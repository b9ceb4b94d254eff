import { beforeEach, describe, expect, it } from "vitest";
import { classify } from "../../functions/functions";
import { OllamaClient } from "../../src/llm/ollama-client";
import { configureAddinRuntime, getAddinRuntime } from "../../src/addin/addin-runtime";
import { BulkEngine, DEFAULT_MAX_ITEMS_PER_REQUEST } from "../../src/bulk/bulk-engine";
import { LruResultCache } from "../../src/bulk/result-cache";
import { MemoryStore } from "../../src/settings/key-value-store";
import { cellTask } from "../../src/tasks/cell-tasks";
import {
  runSelection,
  summariseSelection,
  windowSize,
  type SelectionProgress,
} from "../../src/tasks/selection-run";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";
import { keyedReply, keywordLabeller, packedItems } from "../support/scripted-models";

const MODEL = "qwen2.5:3b";
const LABELS = ["billing", "bug", "praise"];
const ABSTAIN = { confidenceThreshold: 0.5, abstainLabel: "REVIEW" };
const labeller = keywordLabeller({ refund: "billing", crash: "bug", love: "praise" }, "praise");
const chats = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");

describe("runSelection over the bulk engine", () => {
  const startedServer = useOllamaProtocolServer();
  let server: OllamaProtocolServer;
  let llm: OllamaClient;
  let engine: BulkEngine;

  beforeEach(() => {
    server = startedServer();
    server.onChat(labeller);
    llm = new OllamaClient({ baseUrl: server.url, retries: 0 });
    engine = new BulkEngine({ cache: new LruResultCache(async () => undefined, 1_000_000) });
  });

  it("labels each cell, asks once per distinct text, skips blanks and passes error cells", async () => {
    const values = [
      "I want a refund",
      "",
      "It crashes",
      "  I want  a refund ",
      "#N/A",
      "love it",
      "Who knows ??",
    ];
    const updates: SelectionProgress[] = [];
    const task = cellTask(llm, MODEL, { kind: "classify", labels: LABELS }, ABSTAIN);
    const run = await runSelection(engine, task, values, { onProgress: (p) => updates.push(p) });

    expect(run.outcomes).toEqual([
      { kind: "result", value: "billing", abstained: false },
      { kind: "blank" },
      { kind: "result", value: "bug", abstained: false },
      { kind: "result", value: "billing", abstained: false },
      { kind: "passed-error", code: "#N/A" },
      { kind: "result", value: "praise", abstained: false },
      // The scripted model gives "??" items confidence 0.2: below the threshold, so REVIEW.
      { kind: "result", value: "REVIEW", abstained: true },
    ]);
    expect(run.cancelled).toBe(false);
    expect(run.progress).toEqual({ done: 5, total: 5, errors: 0 });
    const sent = chats(server).flatMap((request) => packedItems(request.body as never));
    expect(sent).toHaveLength(4); // the repeated refund text was sent once
    expect(updates[0]).toEqual({ done: 0, total: 5, errors: 0 });
    expect(updates.map((u) => u.done)).toEqual([...updates.map((u) => u.done)].sort((a, b) => a - b));

    const summary = summariseSelection(run.outcomes);
    expect(summary.counts).toEqual([
      { value: "billing", count: 2 },
      { value: "bug", count: 1 },
      { value: "praise", count: 1 },
      { value: "REVIEW", count: 1 },
    ]);
    expect(summary.abstained).toEqual([6]);
    expect(summary.skipped).toBe(2);
  });

  it("moves the progress bar in steps for a small selection", async () => {
    const values = Array.from({ length: 30 }, (_, i) => `refund request ${i}`);
    const updates: number[] = [];
    const task = cellTask(llm, MODEL, { kind: "classify", labels: LABELS }, ABSTAIN);
    const run = await runSelection(engine, task, values, { onProgress: (p) => updates.push(p.done) });
    expect(run.progress.done).toBe(30);
    expect(windowSize(30)).toBe(4);
    expect(windowSize(1000)).toBe(2 * DEFAULT_MAX_ITEMS_PER_REQUEST);
    expect(new Set(updates).size).toBeGreaterThanOrEqual(8);
    expect(chats(server).length).toBeGreaterThanOrEqual(8);
  });

  it("keeps a second full pack waiting in Ollama's queue on a large selection", async () => {
    const timed = await OllamaProtocolServer.start({ latency: { perRequestMs: 30 } });
    timed.onChat(labeller);
    try {
      // Enough distinct texts for full packs (a tenth of the selection reaches the pack size).
      const values = Array.from({ length: 10 * DEFAULT_MAX_ITEMS_PER_REQUEST }, (_, i) => `love item ${i}`);
      const timedLlm = new OllamaClient({ baseUrl: timed.url, retries: 0 });
      const task = cellTask(timedLlm, MODEL, { kind: "classify", labels: LABELS }, ABSTAIN);
      const run = await runSelection(engine, task, values);
      expect(run.progress).toEqual({ done: values.length, total: values.length, errors: 0 });
      const requests = chats(timed);
      expect(
        requests.every((r) => packedItems(r.body as never).length <= DEFAULT_MAX_ITEMS_PER_REQUEST),
      ).toBe(true);
      // While one request decodes, the next has already arrived and waits for the model.
      const waiting = requests.filter((r, i) => i > 0 && r.startedAt < requests[i - 1]!.finishedAt!);
      expect(waiting.length).toBeGreaterThanOrEqual(requests.length / 2);
    } finally {
      await timed.close();
    }
  });

  it("stops sending on cancel, keeps the answers so far and reports the rest as cancelled", async () => {
    const slow = await OllamaProtocolServer.start({ latency: { perRequestMs: 150 } });
    slow.onChat(labeller);
    try {
      const slowLlm = new OllamaClient({ baseUrl: slow.url, retries: 0 });
      const values = Array.from({ length: 40 }, (_, i) => `crash report ${i}`);
      const controller = new AbortController();
      const task = cellTask(slowLlm, MODEL, { kind: "classify", labels: LABELS }, ABSTAIN);
      const run = await runSelection(engine, task, values, {
        signal: controller.signal,
        window: 5,
        onProgress: (p) => {
          if (p.done >= 10) controller.abort();
        },
      });
      expect(run.cancelled).toBe(true);
      expect(run.progress.done).toBe(10);
      expect(run.outcomes.filter((o) => o.kind === "result")).toHaveLength(10);
      expect(run.outcomes.filter((o) => o.kind === "cancelled")).toHaveLength(30);
      expect(summariseSelection(run.outcomes).cancelled).toBe(30);
      const requestsAtCancel = chats(slow).length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(chats(slow).length).toBe(requestsAtCancel);
      expect(requestsAtCancel).toBeLessThanOrEqual(3);
    } finally {
      await slow.close();
    }
  });

  it("reports failed cells with the service's message and counts them as errors", async () => {
    server.onChat((request) => {
      const items = packedItems(request);
      if (items.some((item) => item.includes("poison"))) return { status: 400, error: "invalid input" };
      return keyedReply(items.map(() => "extracted"));
    });
    const task = cellTask(llm, MODEL, { kind: "extract", what: "order number" }, ABSTAIN);
    const run = await runSelection(engine, task, ["a", "poison", "c", "d", "e", "f"], { window: 1 });
    expect(run.progress).toEqual({ done: 6, total: 6, errors: 1 });
    const failed = run.outcomes[1]!;
    expect(failed.kind).toBe("failed");
    expect(failed.kind === "failed" && failed.message).toMatch(/invalid input/);
    const summary = summariseSelection(run.outcomes);
    expect(summary.errors).toBe(1);
    expect(summary.firstError).toMatch(/invalid input/);
    expect(summary.counts).toEqual([{ value: "extracted", count: 5 }]);
  });

  it("validates to TRUE/FALSE", async () => {
    server.onChat((request) =>
      keyedReply(packedItems(request).map((item) => ({ valid: item.includes("@"), reason: "checked" }))),
    );
    const task = cellTask(llm, MODEL, { kind: "validate", rule: "is an email address" }, ABSTAIN);
    const run = await runSelection(engine, task, ["a@b.c", "nope"]);
    expect(run.outcomes).toEqual([
      { kind: "result", value: true, abstained: false },
      { kind: "result", value: false, abstained: false },
    ]);
    expect(summariseSelection(run.outcomes).counts).toEqual([
      { value: "FALSE", count: 1 },
      { value: "TRUE", count: 1 },
    ]);
  });
});

describe("the pane and =SLM.CLASSIFY share one cache", () => {
  it("a formula over the same cells after a pane run makes no model request and gives the same labels", async () => {
    const server = await OllamaProtocolServer.start();
    server.onChat(labeller);
    try {
      configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url });
      const runtime = await getAddinRuntime();
      const values = ["refund please", "crash on save", "love the app", "maybe ??"];
      const task = cellTask(
        runtime.llm,
        runtime.settings.model,
        { kind: "classify", labels: LABELS },
        runtime.settings,
      );
      const run = await runSelection(runtime.engine, task, values);
      const before = chats(server).length;
      const formula = await classify(
        values.map((value) => [value]),
        [["billing, bug, praise"]],
        undefined,
        false,
        { functionName: "CLASSIFY" } as CustomFunctions.CancelableInvocation,
      );
      expect(chats(server).length).toBe(before);
      expect(formula).toEqual(run.outcomes.map((o) => [o.kind === "result" ? o.value : null]));
    } finally {
      await server.close();
    }
  });
});
