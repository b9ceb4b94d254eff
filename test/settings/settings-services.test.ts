import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classify } from "../../functions/functions";
import type { PullProgress } from "../../src/llm/ollama-client";
import { configureAddinRuntime, getAddinRuntime, updateSettings } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { PullProgressTracker } from "../../taskpane/components/settings/pull-progress";
import {
  clearResultCache,
  contextLengths,
  pullModel,
  resultCacheStats,
} from "../../taskpane/services/settings";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { keywordLabeller } from "../support/scripted-models";

/**
 * The Settings view's services against the Ollama protocol server, through the same runtime the
 * pane uses: context lengths from /api/show, pulls with progress and cancel, the result cache,
 * and per-task models reaching the requests.
 */
describe("settings services", () => {
  let server: OllamaProtocolServer;

  beforeAll(async () => {
    server = await OllamaProtocolServer.start({
      models: [
        { name: "qwen2.5:3b", family: "qwen2", contextLength: 32768, size: 1_929_912_432 },
        { name: "gemma3:1b", family: "gemma3", contextLength: 131072, size: 815_319_791 },
      ],
      pullable: [{ name: "phi4-mini:3.8b", family: "phi3", contextLength: 131072, size: 2_491_876_774 }],
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.setLatency({ perRequestMs: 0, perOutputTokenMs: 0 });
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url });
  });

  it("reads each installed model's trained context length", async () => {
    const models = await (await getAddinRuntime()).llm.listModels();
    expect(await contextLengths(models)).toEqual({ "qwen2.5:3b": 32768, "gemma3:1b": 131072 });
  });

  it("reports a model /api/show cannot describe as unknown instead of failing the list", async () => {
    const lengths = await contextLengths([
      { name: "qwen2.5:3b", sizeBytes: 1, family: "", parameterSize: "", quantization: "", modifiedAt: "" },
      { name: "gone:1b", sizeBytes: 1, family: "", parameterSize: "", quantization: "", modifiedAt: "" },
    ]);
    expect(lengths).toEqual({ "qwen2.5:3b": 32768, "gone:1b": null });
  });

  it("pulls a model with byte progress that ends at 100%, and the model is then installed", async () => {
    const tracker = new PullProgressTracker();
    const fractions: number[] = [];
    await pullModel(
      "phi4-mini:3.8b",
      (progress: PullProgress) => {
        const snapshot = tracker.update(progress);
        if (snapshot.fraction !== null) fractions.push(snapshot.fraction);
      },
      new AbortController().signal,
    );
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(tracker.snapshot()).toMatchObject({ done: true, fraction: 1, totalBytes: 2_491_876_774 });
    expect(server.installedModels()).toContain("phi4-mini:3.8b");
  });

  it("cancels a pull: the request to Ollama is aborted and the model is not installed", async () => {
    server.setLatency({ perOutputTokenMs: 200 });
    const controller = new AbortController();
    const seen: PullProgress[] = [];
    const pulling = pullModel(
      "phi4-mini:3.8b",
      (progress) => {
        seen.push(progress);
        if (seen.length === 2) controller.abort();
      },
      controller.signal,
    );
    await expect(pulling).rejects.toMatchObject({ kind: "cancelled" });
    await server.waitForClientAbort();
    expect(server.installedModels()).not.toContain("phi4-mini:3.8b");
  });

  it("says clearly when the model does not exist in the library", async () => {
    await expect(
      pullModel("no-such-model:1b", () => undefined, new AbortController().signal),
    ).rejects.toThrow(/could not find "no-such-model:1b"/);
  });

  it("sizes and clears the result cache", async () => {
    const cache = (await getAddinRuntime()).engine.cache;
    await cache.clear();
    await cache.set("k1", JSON.stringify({ label: "billing" }));
    await cache.set("k2", JSON.stringify({ label: "bug" }));
    const stats = await resultCacheStats();
    expect(stats.entries).toBe(2);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(await clearResultCache()).toEqual({ entries: 0, bytes: 0 });
    expect(await cache.get("k1")).toBeUndefined();
  });

  it("runs a task on its own model when one is chosen, others on the default", async () => {
    server.onChat(keywordLabeller({ refund: "billing" }, "bug"));
    await updateSettings({ model: "qwen2.5:3b", taskModels: { classify: "gemma3:1b" } });
    const invocation = { functionName: "CLASSIFY" } as CustomFunctions.CancelableInvocation;
    expect(
      await classify([["I want a refund"]], [["billing"], ["bug"]], undefined, undefined, invocation),
    ).toEqual([["billing"]]);
    const chat = server.requests.find((request) => request.path === "/api/chat");
    expect((chat?.body as { model: string }).model).toBe("gemma3:1b");
  });
});
