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
import { DEFAULT_MAX_ITEMS_PER_REQUEST } from "../src/bulk/bulk-engine";
import { SETTING_DEFAULTS } from "../src/settings/settings";
import { classifySystemPrompt } from "../src/tasks/classify";
import { packedUserMessage } from "../src/tasks/packed-items";
import {
  estimateTokens,
  OllamaProtocolServer,
  type InferenceRequest,
  type LatencyModel,
} from "../test/support/ollama-protocol-server";
import { keyedReply, keywordLabeller } from "../test/support/scripted-models";
import { ticketTexts } from "../test/support/workbooks";
import { timed, type BenchmarkReport } from "./report";

const ROWS = 10_000;
const DISTINCT = 500;
const LABELS = ["billing", "bug", "praise", "delivery", "account", "other"];
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

const msFor = (promptTokens: number, outputTokens: number, requests: number) =>
  requests * LATENCY.perRequestMs +
  promptTokens * LATENCY.perPromptTokenMs +
  outputTokens * LATENCY.perOutputTokenMs;

/** The label the scripted model gives each text (asked once, as one pack, outside any timing). */
function labelsOf(texts: readonly string[], labeller: ReturnType<typeof keywordLabeller>): string[] {
  const request = { messages: [{ role: "user", content: packedUserMessage(texts) }] } as InferenceRequest;
  const reply = labeller(request) as { content: string };
  return (JSON.parse(reply.content) as { answers: string[] }).answers;
}

/**
 * Strict model-bound lower bound: the work no design can avoid. Each distinct item's own tokens
 * once (no numbering, no quotes), its label's own tokens (no JSON syntax), and per request the
 * latency plus the label list, at the largest packing that fits the model's context (num_ctx).
 */
function strictBound(distinct: readonly string[], labels: readonly string[]) {
  const itemTokens = distinct.reduce((sum, text) => sum + estimateTokens(text), 0);
  const labelTokens = labels.reduce((sum, label) => sum + estimateTokens(label), 0);
  const fixedTokens = estimateTokens(JSON.stringify(LABELS));
  const requests = Math.ceil((itemTokens + labelTokens) / (SETTING_DEFAULTS.numCtx - fixedTokens));
  return {
    ms: msFor(itemTokens + requests * fixedTokens, labelTokens, requests),
    requests,
    labelTokens,
  };
}

/**
 * Engine-format bound: the same distinct items in the engine's own requests (system prompt,
 * numbered items, the {"answers": [...]} reply as the scripted model tokenizes it), packed at the
 * engine's pack size with none wasted — what the engine would cost with zero overhead of its own.
 */
function engineFormatBound(distinct: readonly string[], labels: readonly string[]) {
  const system = classifySystemPrompt(LABELS, "");
  let promptTokens = 0;
  let outputTokens = 0;
  let requests = 0;
  for (let at = 0; at < distinct.length; at += DEFAULT_MAX_ITEMS_PER_REQUEST) {
    const pack = distinct.slice(at, at + DEFAULT_MAX_ITEMS_PER_REQUEST);
    // The server counts the messages joined by line breaks, as Ollama's template roughly does.
    promptTokens += estimateTokens(`${system}\n${packedUserMessage(pack)}`);
    const reply = keyedReply(labels.slice(at, at + pack.length)) as { logprobs?: unknown[] };
    outputTokens += (reply.logprobs ?? []).length;
    requests++;
  }
  return { ms: msFor(promptTokens, outputTokens, requests), requests, outputTokens };
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
  const distinctLabels = labelsOf(distinct, labeller);
  const strict = strictBound(distinct, distinctLabels);
  const engineBound = engineFormatBound(distinct, distinctLabels);
  const labelRange = LABELS.map((label) => [label]);
  const rows: (string | number)[][] = [];
  const failedTargets: string[] = [];
  const fmt = (ms: number) => (ms / 1000).toFixed(2);
  const ratio = (ms: number, bound: number) => (ms / bound).toFixed(2);
  const labelTokensPerItem = strict.labelTokens / distinct.length;

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
    const outputPerItem = coldStats.outputTokens / distinct.length;

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
        outputPerItem.toFixed(2),
        fmt(cold.ms),
        ratio(cold.ms, strict.ms),
        ratio(cold.ms, engineBound.ms),
        (naiveMs / cold.ms).toFixed(1) + "×",
      ],
      [
        "engine, warm cache (reopen)",
        warmRequests,
        0,
        0,
        "—",
        fmt(warm.ms),
        "—",
        "—",
        (naiveMs / warm.ms).toFixed(0) + "×",
      ],
      [
        "naive: one request per cell",
        naiveStats.chatRequests,
        naiveStats.promptTokens,
        naiveStats.outputTokens,
        (naiveStats.outputTokens / ROWS).toFixed(2),
        fmt(naiveMs),
        ratio(naiveMs, strict.ms),
        ratio(naiveMs, engineBound.ms),
        "1×",
      ],
      [
        "bound: strict (no design can avoid)",
        strict.requests,
        "—",
        strict.labelTokens,
        labelTokensPerItem.toFixed(2),
        fmt(strict.ms),
        "1.00",
        "—",
        "—",
      ],
      [
        "bound: engine format, no overhead",
        engineBound.requests,
        "—",
        engineBound.outputTokens,
        (engineBound.outputTokens / distinct.length).toFixed(2),
        fmt(engineBound.ms),
        ratio(engineBound.ms, strict.ms),
        "1.00",
        "—",
      ],
    );
    const target = (missed: boolean, text: string) => missed && failedTargets.push(text);
    target(
      cold.ms / engineBound.ms > 1.15,
      `wall/bound(engine format) ${ratio(cold.ms, engineBound.ms)} > 1.15`,
    );
    target(cold.ms / strict.ms > 1.6, `wall/bound(strict) ${ratio(cold.ms, strict.ms)} > 1.6`);
    target(warm.ms > 500, `warm-cache rerun ${fmt(warm.ms)} s > 0.5 s`);
    target(warmRequests !== 0, `warm-cache rerun sent ${warmRequests} requests`);
    target(
      outputPerItem > 2 * labelTokensPerItem,
      `output tokens per item ${outputPerItem.toFixed(2)} > 2 × the label's own ${labelTokensPerItem.toFixed(2)}`,
    );
    target(
      coldRequests > distinct.length / 8,
      `requests ${coldRequests} > distinct/8 = ${distinct.length / 8}`,
    );
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
      "output tokens/item",
      "wall s",
      "wall/bound (strict)",
      "wall/bound (engine format)",
      "speed-up vs naive",
    ],
    rows,
    notes: [
      `${ROWS.toLocaleString("en-US")} rows, ${distinct.length} distinct texts (Zipf-skewed), ${LABELS.length} labels, through functions/functions.ts (the add-in path).`,
      `Simulated model (Ollama-protocol server): ${LATENCY.perRequestMs} ms per request + ${LATENCY.perPromptTokenMs} ms per prompt token + ${LATENCY.perOutputTokenMs} ms per output token, one request decoded at a time; a token is 4 characters of text, a JSON punctuation run ('{"', '","', '"]}') is one.`,
      `Strict bound: each distinct item's own tokens once, its label's own tokens (no JSON syntax), and per request the latency and the label list, at the largest packing that fits num_ctx ${SETTING_DEFAULTS.numCtx}. Engine-format bound: the engine's own requests (system prompt, numbered items, the {"answers": [...]} reply) at its pack size of ${DEFAULT_MAX_ITEMS_PER_REQUEST}, nothing wasted. Output tokens per item: all output tokens of the run over the distinct items (the label's own: ${labelTokensPerItem.toFixed(2)}).`,
      "Naive baseline: one request per cell, no dedupe, no cache, 4 requests in flight (the server still decodes one at a time).",
      `Targets: wall/bound(engine format) ≤ 1.15, wall/bound(strict) ≤ 1.6, warm-cache rerun ≤ 0.5 s with 0 requests, output tokens per item ≤ 2 × the label's own, requests ≤ distinct/8. ${failedTargets.length ? "MISSED: " + failedTargets.join("; ") : "All met."}`,
    ],
    failedTargets,
  };
}
