/**
 * `npm run bench -- scale`: a 100,000-row classify (5,000 distinct values) through the bulk engine
 * and the model-server pool, against 1, 2 and 4 simulated Ollama servers (one request decoded at a
 * time each, decode time proportional to tokens, so the run is model-bound) and one simulated
 * continuous-batching server (8 requests at once, OpenAI protocol). Speed-up is against one server
 * in the same run; the bound is the simulated model time actually served divided by the decode
 * slots. Then one of 2 servers is killed mid-run: every cell must be answered and no item answered twice.
 */
import { BulkEngine } from "../src/bulk/bulk-engine";
import { NoCache } from "../src/bulk/result-cache";
import { LocalOpenAiClient } from "../src/llm/local-openai-client";
import { OllamaClient } from "../src/llm/ollama-client";
import { ollamaServer } from "../src/llm/ollama-server";
import { ModelServerPool } from "../src/llm/server-pool";
import { runOverGrid } from "../src/tasks/bulk-cells";
import { classifyTask } from "../src/tasks/classify";
import {
  estimateTokens,
  OllamaProtocolServer,
  type LoggedRequest,
} from "../test/support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../test/support/openai-protocol-server";
import { keywordLabeller, packedItems } from "../test/support/scripted-models";
import { ticketTexts } from "../test/support/workbooks";
import { timed, type BenchmarkReport } from "./report";

const ROWS = 100_000;
const DISTINCT = 5_000;
const MODEL = "qwen2.5:3b";
const LABELS = ["billing", "bug", "praise", "delivery", "account", "other"];
const LATENCY = { perRequestMs: 5, perPromptTokenMs: 0.02, perOutputTokenMs: 0.5 };
const KEYWORDS = {
  refund: "billing",
  invoice: "billing",
  crash: "bug",
  love: "praise",
  delivery: "delivery",
};
const labeller = keywordLabeller(KEYWORDS, "other");

interface RunResult {
  wallMs: number;
  boundMs: number;
  answered: number;
}

function grid(texts: readonly string[]): string[][] {
  return texts.map((text) => [text]);
}

async function classifyOn(
  pool: ModelServerPool,
  texts: readonly string[],
): Promise<{ ms: number; ok: number }> {
  const engine = new BulkEngine({ cache: new NoCache(), concurrency: pool.capacity });
  const task = classifyTask(pool, MODEL, { labels: LABELS });
  const { ms, result } = await timed(() => runOverGrid(engine, task, grid(texts)));
  pool.close();
  return { ms, ok: result.flat().filter((outcome) => outcome.kind === "result").length };
}

async function ollamaRun(count: number, texts: readonly string[]): Promise<RunResult> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => OllamaProtocolServer.start({ latency: LATENCY })),
  );
  try {
    for (const server of servers) server.onChat(labeller);
    const pool = new ModelServerPool(
      servers.map((server) => ({
        server: ollamaServer(new OllamaClient({ baseUrl: server.url })),
        concurrency: 1,
      })),
    );
    const { ms, ok } = await classifyOn(pool, texts);
    const busy = servers.reduce((sum, server) => sum + server.stats().busyMs, 0);
    return { wallMs: ms, boundMs: busy / count, answered: ok };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** A vLLM-like server: every request takes its simulated decode time, 8 at once (continuous batching). */
async function batchingRun(texts: readonly string[]): Promise<RunResult> {
  const server = await OpenAiProtocolServer.start({ models: [MODEL] });
  let busy = 0;
  try {
    server.onRequest(({ request }) => {
      const messages = request.messages.map((m) => ({ role: m.role, content: String(m.content) }));
      const prompt = messages.map((message) => message.content).join("\n");
      const reply = labeller({ messages } as unknown as Parameters<typeof labeller>[0]);
      const content = reply && "content" in reply ? (reply.content ?? "") : "";
      const delayMs =
        LATENCY.perRequestMs +
        estimateTokens(prompt) * LATENCY.perPromptTokenMs +
        estimateTokens(content) * LATENCY.perOutputTokenMs;
      busy += delayMs;
      return { content, delayMs };
    });
    const pool = new ModelServerPool([
      { server: new LocalOpenAiClient({ baseUrl: server.baseUrl }), concurrency: 8 },
    ]);
    const { ms, ok } = await classifyOn(pool, texts);
    return { wallMs: ms, boundMs: busy / 8, answered: ok };
  } finally {
    await server.close();
  }
}

function answeredItems(log: LoggedRequest[]): string[] {
  return log
    .filter((entry) => entry.path === "/api/chat" && entry.status === 200 && !entry.clientAborted)
    .filter((entry) => entry.finishedAt !== null)
    .flatMap((entry) => packedItems(entry.body as { messages: { role: string; content: string }[] }));
}

async function killRun(texts: readonly string[]): Promise<{ answered: number; twice: number; lost: number }> {
  const servers = await Promise.all([0, 1].map(() => OllamaProtocolServer.start({ latency: LATENCY })));
  try {
    for (const server of servers) server.onChat(labeller);
    const pool = new ModelServerPool(
      servers.map((server) => ({
        server: ollamaServer(new OllamaClient({ baseUrl: server.url, retries: 1 })),
        concurrency: 1,
      })),
    );
    const run = classifyOn(pool, texts);
    // Mid-run: after the first server has answered a quarter of its share.
    await servers[0]!.waitFor(() => answeredItems(servers[0]!.requests).length >= DISTINCT / 8, 120_000);
    servers[0]!.kill();
    const { ok } = await run;
    const items = [...answeredItems(servers[0]!.requests), ...answeredItems(servers[1]!.requests)];
    const distinct = new Set(items);
    return { answered: ok, twice: items.length - distinct.size, lost: new Set(texts).size - distinct.size };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

export async function run(): Promise<BenchmarkReport> {
  const texts = ticketTexts(ROWS, DISTINCT);
  const distinct = new Set(texts).size;
  const failedTargets: string[] = [];
  const rows: (string | number)[][] = [];
  const fmt = (ms: number) => (ms / 1000).toFixed(2);
  const results: { name: string; result: RunResult; target?: number }[] = [];
  const one = await ollamaRun(1, texts);
  results.push({ name: "1 Ollama server", result: one });
  results.push({ name: "2 Ollama servers", result: await ollamaRun(2, texts), target: 1.8 });
  results.push({ name: "4 Ollama servers", result: await ollamaRun(4, texts), target: 3.4 });
  results.push({ name: "1 batching server (8 at once)", result: await batchingRun(texts) });
  for (const { name, result, target } of results) {
    const speedUp = one.wallMs / result.wallMs;
    const ratio = result.wallMs / result.boundMs;
    rows.push([
      name,
      fmt(result.wallMs),
      speedUp.toFixed(2) + "×",
      fmt(result.boundMs),
      ratio.toFixed(2),
      result.answered,
    ]);
    if (target !== undefined && speedUp < target)
      failedTargets.push(`${name}: speed-up ${speedUp.toFixed(2)} < ${target}`);
    if (ratio > 1.3) failedTargets.push(`${name}: wall/bound ${ratio.toFixed(2)} > 1.3`);
    if (result.answered !== ROWS) failedTargets.push(`${name}: ${ROWS - result.answered} cells unanswered`);
  }
  const killed = await killRun(texts);
  rows.push(["2 servers, one killed mid-run", "—", "—", "—", "—", killed.answered]);
  if (killed.answered !== ROWS) failedTargets.push(`kill: ${ROWS - killed.answered} cells unanswered`);
  if (killed.twice > 0) failedTargets.push(`kill: ${killed.twice} items answered twice`);
  if (killed.lost > 0) failedTargets.push(`kill: ${killed.lost} items never answered`);
  return {
    title: "scale: 100,000-row classify over a pool of model servers",
    columns: ["servers", "wall s", "speed-up vs 1", "bound s", "wall/bound", "cells answered"],
    rows,
    notes: [
      `${ROWS.toLocaleString("en-US")} rows, ${distinct} distinct texts, ${LABELS.length} labels, through BulkEngine + ModelServerPool (no cache).`,
      `Simulated Ollama: ${LATENCY.perRequestMs} ms per request + ${LATENCY.perPromptTokenMs} ms per prompt token + ${LATENCY.perOutputTokenMs} ms per output token, one request at a time. Batching server: the same time per request, 8 at once.`,
      "Bound: the simulated model time the servers actually served, divided by the decode slots (servers × 1, or 8).",
      `Kill: one of 2 servers killed after answering ${DISTINCT / 8} items; ${killed.twice} items answered twice, ${killed.lost} never.`,
      `Targets: ≥ 1.8× at 2, ≥ 3.4× at 4, wall/bound ≤ 1.3 each, every cell answered, none twice. ${failedTargets.length ? "MISSED: " + failedTargets.join("; ") : "All met."}`,
      "Provisional: measured on a shared 2-core machine with other engineers' work running.",
    ],
    failedTargets,
  };
}
