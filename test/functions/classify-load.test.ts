import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../../functions/functions";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { keywordLabeller } from "../support/scripted-models";

/**
 * A fill-down of =SLM.CLASSIFY(A2, labels) over 25,000 rows: 25,000 concurrent invocations of
 * the function, as Excel makes them. Every call must settle (no #BUSY! left behind).
 */
const CALLS = 25_000;
const DISTINCT = 2_500;
const LABELS = [["billing"], ["bug"], ["praise"]];
const labeller = keywordLabeller({ refund: "billing", crash: "bug" }, "praise");

function valueFor(row: number): string {
  const n = (row * 7919) % DISTINCT;
  return `${n % 3 === 0 ? "refund" : n % 3 === 1 ? "crash" : "great"} ticket ${n}`;
}

function invocation(): CustomFunctions.CancelableInvocation {
  return { functionName: "CLASSIFY" } as CustomFunctions.CancelableInvocation;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: { code?: string; message?: string } };

async function settleAll(promises: Promise<unknown[][]>[]): Promise<Settled[]> {
  return Promise.all(
    promises.map((promise) =>
      promise.then(
        (value): Settled => ({ ok: true, value }),
        (error: { code?: string; message?: string }): Settled => ({ ok: false, error }),
      ),
    ),
  );
}

describe("SLM.CLASSIFY under load", () => {
  let server: OllamaProtocolServer;

  beforeAll(async () => {
    server = await OllamaProtocolServer.start({ latency: { perRequestMs: 1 } });
    server.onChat(labeller);
  });
  afterAll(async () => {
    await server.close();
  });

  it("settles 25,000 concurrent calls with the right labels, with bounded memory", async () => {
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const calls = Array.from({ length: CALLS }, (_, row) =>
      classify([[valueFor(row)]], LABELS, undefined, false, invocation()),
    );
    const settled = await settleAll(calls);
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

    expect(settled.filter((s) => !s.ok)).toEqual([]);
    settled.forEach((s, row) => {
      const text = valueFor(row);
      const expected = text.startsWith("refund") ? "billing" : text.startsWith("crash") ? "bug" : "praise";
      expect(s.ok && s.value).toEqual([[expected]]);
    });
    const requests = server.requests.filter((r) => r.path === "/api/chat").length;
    expect(requests).toBeLessThanOrEqual(DISTINCT / 8);
    expect(heapGrowthMb).toBeLessThan(400);
  }, 120_000);

  it("rejects every pending call with 'Ollama is not reachable' when Ollama dies mid-run", async () => {
    const doomed = await OllamaProtocolServer.start({ latency: { perRequestMs: 15 } });
    doomed.onChat(labeller);
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: doomed.url });
    const calls = Array.from({ length: CALLS }, (_, row) =>
      classify([[`other ${valueFor(row)}`]], LABELS, undefined, false, invocation()),
    );
    await doomed.waitFor((request) => request.path === "/api/chat" && request.finishedAt !== null, 30_000);
    doomed.kill();
    const settled = await settleAll(calls);

    const failures = settled.filter((s): s is Extract<Settled, { ok: false }> => !s.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(settled.length).toBe(CALLS);
    for (const failure of failures) {
      expect(failure.error.code).toBe("#N/A");
      expect(failure.error.message).toMatch(/Ollama is not reachable/);
    }
    await doomed.close();
  }, 120_000);
});
