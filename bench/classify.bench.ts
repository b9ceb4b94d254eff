/**
 * `npm run bench -- classify`: a fill-down of =SLM.CLASSIFY over 10,000 rows (about 500 distinct
 * texts, skewed like real data, 6 labels) against the Ollama-protocol server's latency model.
 * Compared, in the same run, with the model-bound lower bound (the simulated model time the
 * unavoidable work needs) and with a naive add-in (one request per cell, no dedupe, no cache).
 */
// The CustomFunctions global Excel provides, before the functions module loads.
import "../test/support/custom-functions-globals";
import { z } from "zod";
import { classify } from "../functions/functions";
import { OllamaClient } from "../src/llm/ollama-client";
import { configureAddinRuntime } from "../src/addin/addin-runtime";
import { MemoryStore } from "../src/settings/key-value-store";
import { classifySystemPrompt } from "../src/tasks/classify";
import { numberedItems } from "../src/tasks/packed-items";
import {
  estimateTokens,
  OllamaProtocolServer,
  type LatencyModel,
} from "../test/support/ollama-protocol-server";
import { keywordLabeller } from "../test/support/scripted-models";
import { ticketTexts } from "../test/support/workbooks";
import { timed, type BenchmarkReport } from "./report";

const ROWS = 10_000;
const DISTINCT = 500;
const LABELS = ["billing", "bug", "praise", "delivery", "account", "other"];
const MAX_ITEMS_PER_REQUEST = 32; // the engine's packing limit
// A fast simulated model (500 output tokens/s, faster than a 3B model on most GPUs) so the naive
// baseline finishes in a few minutes; slower real models make the engine's overhead matter even less.
const LATENCY: LatencyModel = { perRequestMs: 5, perPromptTokenMs: 0.05, perOutputTokenMs: 2 };
const KEYWORDS = {
  refund: "billing",
  invoice: "billing",
  crash: "bug",
  love: "praise",
  delivery: "delivery",
  password: "account",
};

function invocation(): CustomFunctions.CancelableInvocation {
  return { functionName: "CLASSIFY" } as CustomFunctions.CancelableInvocation;
}

/** Simulated model time for the unavoidable work: each distinct item once, in the fewest requests. */
function modelBoundMs(distinct: readonly string[]): number {
  const system = `${classifySystemPrompt(LABELS, "")}\nItems:`;
  const requests = Math.ceil(distinct.length / MAX_ITEMS_PER_REQUEST);
  const itemPromptTokens = estimateTokens(numberedItems(distinct));
  const itemOutputTokens = distinct.reduce(
    (sum, _text, i) => sum + estimateTokens(`"${(i % MAX_ITEMS_PER_REQUEST) + 1}":"billing",`),
    0,
  );
  const perRequest =
    LATENCY.perRequestMs + estimateTokens(system) * LATENCY.perPromptTokenMs + 1 * LATENCY.perOutputTokenMs;
  return (
    requests * perRequest +
    itemPromptTokens * LATENCY.perPromptTokenMs +
    itemOutputTokens * LATENCY.perOutputTokenMs
  );
}

async function naiveBaseline(server: OllamaProtocolServer, texts: readonly string[]): Promise<number> {
  // What a simple add-in does: every cell asks the model on its own (4 in flight, as Excel fires many).
  const client = new OllamaClient({ baseUrl: server.url });
  const schema = z.object({ label: z.enum(LABELS as [string, ...string[]]) });
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const text = texts[next++]!;
      await client.chatStructured({
        model: "qwen2.5:3b",
        schema,
        messages: [
          { role: "system", content: `Label the value with one of ${JSON.stringify(LABELS)}.` },
          { role: "user", content: text },
        ],
      });
    }
  };
  const { ms } = await timed(() => Promise.all([worker(), worker(), worker(), worker()]));
  return ms;
}

export async function run(): Promise<BenchmarkReport> {
  const texts = ticketTexts(ROWS, DISTINCT);
  const distinct = [...new Set(texts)];
  const server = await OllamaProtocolServer.start({ latency: LATENCY });
  const labeller = keywordLabeller(KEYWORDS, "other");
  const labelRange = LABELS.map((label) => [label]);
  const rows: (string | number)[][] = [];
  const failedTargets: string[] = [];
  const bound = modelBoundMs(distinct);
  const fmt = (ms: number) => (ms / 1000).toFixed(2);

  try {
    const store = new MemoryStore();
    configureAddinRuntime({ store, relayBaseUrl: server.url });
    server.reset();
    server.onChat(labeller);
    const cold = await timed(() =>
      Promise.all(texts.map((text) => classify([[text]], labelRange, undefined, false, invocation()))),
    );
    const coldStats = server.stats();
    const coldRequests = server.requests.filter((r) => r.path === "/api/chat").length;

    // Reopen the workbook: a new runtime on the same storage.
    const { getAddinRuntime } = await import("../src/addin/addin-runtime");
    await (await getAddinRuntime()).engine.cache.flush();
    configureAddinRuntime({ store, relayBaseUrl: server.url });
    server.reset();
    server.onChat(labeller);
    const warm = await timed(() =>
      Promise.all(texts.map((text) => classify([[text]], labelRange, undefined, false, invocation()))),
    );
    const warmRequests = server.requests.filter((r) => r.path === "/api/chat").length;

    server.reset();
    server.onChat(() => ({ content: JSON.stringify({ label: "other" }) }));
    const naiveMs = await naiveBaseline(server, texts);
    const naiveStats = server.stats();

    rows.push(
      [
        "engine, cold cache",
        coldRequests,
        coldStats.promptTokens,
        coldStats.outputTokens,
        fmt(cold.ms),
        fmt(bound),
        (cold.ms / bound).toFixed(2),
        (naiveMs / cold.ms).toFixed(1) + "×",
      ],
      [
        "engine, warm cache (reopen)",
        warmRequests,
        0,
        0,
        fmt(warm.ms),
        "0.00",
        "—",
        (naiveMs / warm.ms).toFixed(0) + "×",
      ],
      [
        "naive: one request per cell",
        naiveStats.chatRequests,
        naiveStats.promptTokens,
        naiveStats.outputTokens,
        fmt(naiveMs),
        fmt(bound),
        (naiveMs / bound).toFixed(1),
        "1×",
      ],
    );
    if (cold.ms / bound > 1.3) failedTargets.push(`wall/bound ${(cold.ms / bound).toFixed(2)} > 1.3`);
    if (coldRequests > distinct.length / 8)
      failedTargets.push(`requests ${coldRequests} > distinct/8 = ${distinct.length / 8}`);
    if (warmRequests !== 0) failedTargets.push(`warm-cache rerun sent ${warmRequests} requests`);
  } finally {
    await server.close();
  }
  return {
    title: "classify: 10,000-row fill-down of =SLM.CLASSIFY",
    columns: [
      "run",
      "model requests",
      "prompt tokens",
      "output tokens",
      "wall s",
      "model-bound s",
      "wall/bound",
      "speed-up vs naive",
    ],
    rows,
    notes: [
      `${ROWS.toLocaleString("en-US")} rows, ${distinct.length} distinct texts (Zipf-skewed), ${LABELS.length} labels, through functions/functions.ts (the add-in path).`,
      `Simulated model (Ollama-protocol server): ${LATENCY.perRequestMs} ms per request + ${LATENCY.perPromptTokenMs} ms per prompt token + ${LATENCY.perOutputTokenMs} ms per output token, one request decoded at a time.`,
      `Model-bound lower bound: each distinct item's prompt and output tokens once, plus the per-request overhead (system prompt, latency) at ${MAX_ITEMS_PER_REQUEST} items per request.`,
      "Naive baseline: one request per cell, no dedupe, no cache, 4 requests in flight (the server still decodes one at a time).",
      `Targets: wall/bound ≤ 1.3, requests ≤ distinct/8, warm-cache rerun 0 requests. ${failedTargets.length ? "MISSED: " + failedTargets.join("; ") : "All met."}`,
    ],
    failedTargets,
  };
}
