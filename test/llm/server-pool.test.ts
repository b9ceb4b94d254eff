import { afterEach, describe, expect, it } from "vitest";
import { BulkEngine } from "../../src/bulk/bulk-engine";
import { NoCache } from "../../src/bulk/result-cache";
import { LlmError } from "../../src/llm/errors";
import { OllamaClient } from "../../src/llm/ollama-client";
import { ollamaServer } from "../../src/llm/ollama-server";
import { ModelServerPool } from "../../src/llm/server-pool";
import { classifyTask } from "../../src/tasks/classify";
import { closedPortUrl } from "../support/network";
import { OllamaProtocolServer, type LoggedRequest } from "../support/ollama-protocol-server";
import { keywordLabeller, packedItems } from "../support/scripted-models";

const MODEL = "qwen2.5:3b";
const LABELS = ["billing", "bug", "other"];
const labeller = keywordLabeller({ refund: "billing", crash: "bug" }, "other");

const servers: OllamaProtocolServer[] = [];
const pools: ModelServerPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServers(count: number, perRequestMs = 0): Promise<OllamaProtocolServer[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () => OllamaProtocolServer.start({ latency: { perRequestMs } })),
  );
  for (const server of started) server.onChat(labeller);
  servers.push(...started);
  return started;
}

function poolOf(urls: string[], concurrency = 1): ModelServerPool {
  const pool = new ModelServerPool(
    urls.map((baseUrl) => ({
      server: ollamaServer(new OllamaClient({ baseUrl, retries: 0 })),
      concurrency,
    })),
  );
  pools.push(pool);
  return pool;
}

function texts(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? `refund ${i}` : i % 3 === 1 ? `crash ${i}` : `hello ${i}`,
  );
}

function expected(text: string): string {
  return text.startsWith("refund") ? "billing" : text.startsWith("crash") ? "bug" : "other";
}

/** Items in chat requests a server answered in full (not cut off by a kill). */
function answeredItems(log: LoggedRequest[]): string[] {
  return log
    .filter((entry) => entry.path === "/api/chat" && entry.status === 200 && !entry.clientAborted)
    .filter((entry) => entry.finishedAt !== null)
    .flatMap((entry) => packedItems(entry.body as { messages: { role: string; content: string }[] }));
}

/** The most chat requests a server had received and not yet finished at the same moment. */
function peakInFlight(log: LoggedRequest[]): number {
  const events = log
    .filter((entry) => entry.path === "/api/chat")
    .flatMap((entry) => [
      { at: entry.startedAt, delta: 1 },
      { at: entry.finishedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let peak = 0;
  for (const event of events) peak = Math.max(peak, (now += event.delta));
  return peak;
}

async function classifyAll(pool: ModelServerPool, inputs: string[]) {
  const engine = new BulkEngine({ cache: new NoCache(), concurrency: pool.capacity, maxItemsPerRequest: 4 });
  const task = classifyTask(pool, MODEL, { labels: LABELS });
  const results = await Promise.all(inputs.map((input) => engine.submit(task, input)));
  return { results, stats: engine.stats() };
}

describe("ModelServerPool", () => {
  it("spreads packed requests over every server and answers every cell", async () => {
    const [a, b] = await startServers(2, 15);
    const pool = poolOf([a!.url, b!.url]);
    await pool.checkModel(MODEL);
    const inputs = texts(48);
    const { results, stats } = await classifyAll(pool, inputs);
    expect(results.map((r) => r.label)).toEqual(inputs.map(expected));
    expect(a!.stats().chatRequests).toBeGreaterThan(2);
    expect(b!.stats().chatRequests).toBeGreaterThan(2);
    expect(stats.itemsSent).toBe(48);
    expect(pool.status().map((s) => s.state)).toEqual(["up", "up"]);
    expect(pool.status().reduce((sum, s) => sum + s.answered, 0)).toBe(stats.requests);
  });

  it("keeps to each server's concurrency: one request at a time, or as many as set", async () => {
    const [a, b] = await startServers(2, 10);
    const pool = poolOf([a!.url, b!.url], 1);
    expect(pool.capacity).toBe(2);
    await classifyAll(pool, texts(40));
    // One request at a time on each: none ever waited in Ollama's own queue behind another of ours.
    expect(peakInFlight(a!.requests)).toBe(1);
    expect(peakInFlight(b!.requests)).toBe(1);

    const [c] = await startServers(1, 10);
    const wide = poolOf([c!.url], 3);
    await classifyAll(wide, texts(40));
    expect(peakInFlight(c!.requests)).toBe(3);
  });

  it("leaves out a server that is down at the start and answers everything on the others", async () => {
    const [a] = await startServers(1);
    const dead = await closedPortUrl();
    const pool = poolOf([dead, a!.url]);
    await pool.checkModel(MODEL);
    expect(pool.status()[0]).toMatchObject({ url: dead, state: "down" });
    const inputs = texts(12);
    const { results } = await classifyAll(pool, inputs);
    expect(results.map((r) => r.label)).toEqual(inputs.map(expected));
  });

  it("moves a killed server's requests to the other without losing or repeating an item", async () => {
    const [a, b] = await startServers(2, 25);
    const pool = poolOf([a!.url, b!.url]);
    const inputs = texts(80);
    const run = classifyAll(pool, inputs);
    await a!.waitFor((r) => r.path === "/api/chat" && r.finishedAt !== null);
    a!.kill();
    const { results, stats } = await run;
    expect(results.map((r) => r.label)).toEqual(inputs.map(expected));
    expect(pool.status()[0]!.state).toBe("down");
    expect(pool.status()[0]!.failed).toBeGreaterThanOrEqual(1);
    // Every item answered exactly once across both servers; the engine sent each item once.
    const answered = [...answeredItems(a!.requests), ...answeredItems(b!.requests)].sort();
    expect(answered).toEqual([...inputs].sort());
    expect(stats.itemsSent).toBe(inputs.length);
  });

  it("refuses a run whose servers serve different models, naming the odd one out", async () => {
    const [a] = await startServers(1);
    const other = await OllamaProtocolServer.start({ models: ["llama3.2:3b"] });
    servers.push(other);
    const pool = poolOf([a!.url, other.url]);
    const error = await pool.checkModel(MODEL).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toContain(`${other.url} does not serve it (it has: llama3.2:3b)`);
    expect((error as LlmError).message).toContain("mixing models would mix answers");
  });

  it("says every server is down when none answers", async () => {
    const pool = poolOf([await closedPortUrl(), await closedPortUrl()]);
    const error = await pool.checkModel(MODEL).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as LlmError).kind).toBe("unreachable");
    expect((error as LlmError).message).toContain("None of the 2 model servers answered");
  });

  it("brings a server back when its health check answers", async () => {
    const [a] = await startServers(1);
    const real = ollamaServer(new OllamaClient({ baseUrl: a!.url, retries: 0 }));
    // The server's network is out until `reachable` is set: its model list fails like a refused connection.
    let reachable = false;
    const flaky = {
      ...real,
      modelNames: async (signal?: AbortSignal) => {
        if (!reachable) throw new LlmError("unreachable", "network is out");
        return real.modelNames(signal);
      },
    };
    const dead = ollamaServer(new OllamaClient({ baseUrl: await closedPortUrl(), retries: 0 }));
    const pool = new ModelServerPool(
      [
        { server: flaky, concurrency: 1 },
        { server: dead, concurrency: 1 },
      ],
      { healthCheckMs: 20 },
    );
    pools.push(pool);
    await expect(pool.checkModel(MODEL)).rejects.toThrow("None of the 2 model servers answered");
    expect(pool.status()[0]).toMatchObject({ state: "down", lastError: "network is out" });
    reachable = true;
    await expect.poll(() => pool.status()[0]!.state, { timeout: 2_000 }).toBe("up");
    const { results } = await classifyAll(pool, ["refund please"]);
    expect(results[0]!.label).toBe("billing");
  });
});
