/**
 * `npm run bench -- cache`: a 10,000-row classify through the bulk engine (the CLI's path, with
 * --cache) against the Ollama-protocol server, once with an empty cache folder and once with one
 * holding 1,000,000 answers from earlier runs (issue #15: whole-file rewrites every 500 ms made
 * that run 3× slower). Each run is its own Node process, so its peak RSS and event loop are its
 * own; the server runs in this process. Reported: wall time (opening the cache, the run, the final
 * flush) as a ratio to the empty cache, peak RSS, and the longest event-loop block after the cache
 * is open (perf_hooks.monitorEventLoopDelay: the timed flushes, and any compaction, fall in it).
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { BulkEngine } from "../src/bulk/bulk-engine";
import { cacheKey } from "../src/bulk/result-cache";
import { FILE_CACHE_NAME, openFileCache } from "../src/host/xlsx/file-cache";
import { OllamaClient } from "../src/llm/ollama-client";
import { runOverGrid } from "../src/tasks/bulk-cells";
import { cellTask } from "../src/tasks/cell-tasks";
import { SETTING_DEFAULTS } from "../src/settings/settings";
import { OllamaProtocolServer, type LatencyModel } from "../test/support/ollama-protocol-server";
import { keywordLabeller } from "../test/support/scripted-models";
import { ticketTexts } from "../test/support/workbooks";
import type { BenchmarkReport } from "./report";

const ROWS = 10_000;
const DISTINCT = 2_000;
const PREFILLED = 1_000_000;
const RUNS = 3; // each variant; medians reported
const LABELS = ["billing", "bug", "praise", "delivery", "account", "other"];
// Which label each text gets does not matter here, only that every distinct text gets one.
const KEYWORDS = { refund: "billing", crash: "bug" };
// The classify benchmark's simulated model, with faster decoding so 2,000 distinct texts take a few seconds.
const LATENCY: LatencyModel = { perRequestMs: 5, perPromptTokenMs: 0.05, perOutputTokenMs: 0.5 };
const TARGET_RATIO = 1.15;
const TARGET_BLOCK_MS = 50;
const CHILD_FLAG = "--cache-bench-child";

interface ChildResult {
  wallMs: number;
  openMs: number;
  maxBlockMs: number;
  peakRssMb: number;
  entries: number;
}

/** In the child: one classify run over a cache folder, timed from opening the cache to the final flush. */
async function child(dir: string, url: string): Promise<void> {
  const grid = ticketTexts(ROWS, DISTINCT).map((text) => [text]);
  const task = cellTask(
    new OllamaClient({ baseUrl: url }),
    "qwen2.5:3b",
    { kind: "classify", labels: LABELS },
    {
      confidenceThreshold: SETTING_DEFAULTS.confidenceThreshold,
      abstainLabel: SETTING_DEFAULTS.abstainLabel,
    },
  );
  const started = performance.now();
  const cache = await openFileCache(dir);
  const opened = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await runOverGrid(new BulkEngine({ cache }), task.packed, grid);
  await cache.flush();
  delay.disable();
  const result: ChildResult = {
    wallMs: performance.now() - started,
    openMs: opened - started,
    maxBlockMs: delay.max / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    entries: cache.stats().entries,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(dir: string, url: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, dir, url];
    const spawned = spawn(process.execPath, args, { env: { ...process.env, OLLAMA_HOST: "" } });
    let stdout = "";
    let stderr = "";
    spawned.stdout.on("data", (chunk) => (stdout += String(chunk)));
    spawned.stderr.on("data", (chunk) => (stderr += String(chunk)));
    spawned.on("error", reject);
    spawned.on("close", (code) => {
      if (code !== 0) reject(new Error(`cache benchmark run failed (${code}): ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildResult);
    });
  });
}

/**
 * A cache folder with `count` answers to other inputs, written the way runs write it. Its first
 * save is a compaction of every entry: timed, with the longest event-loop block during it.
 */
async function prefill(dir: string, count: number): Promise<{ ms: number; maxBlockMs: number }> {
  const cache = await openFileCache(dir);
  const parts = ["classify", "qwen2.5:3b", 1, JSON.stringify(LABELS), ""];
  for (let i = 0; i < count; i++) {
    await cache.set(cacheKey(parts, `earlier ticket ${i}`), `{"label":"${LABELS[i % 6]}","confidence":0.95}`);
  }
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await cache.flush();
  delay.disable();
  return { ms: performance.now() - started, maxBlockMs: delay.max / 1e6 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<BenchmarkReport> {
  const root = await mkdtemp(path.join(os.tmpdir(), "slm-cache-bench-"));
  const server = await OllamaProtocolServer.start({ latency: LATENCY });
  server.onChat(keywordLabeller(KEYWORDS, "other"));
  const failedTargets: string[] = [];
  const rows: (string | number)[][] = [];
  let compaction: { ms: number; maxBlockMs: number } | undefined;
  try {
    const full = path.join(root, "full");
    compaction = await prefill(full, PREFILLED);
    const results: Record<"empty" | "full", ChildResult[]> = { empty: [], full: [] };
    const requests: Record<"empty" | "full", number[]> = { empty: [], full: [] };
    // Alternated, so drift on a shared machine falls on both alike.
    for (let round = 0; round < RUNS; round++) {
      for (const variant of ["empty", "full"] as const) {
        const dir = path.join(root, `run-${round}-${variant}`);
        await mkdir(dir);
        // Each run starts from the same pre-filled base (earlier runs' answers would be hits).
        if (variant === "full")
          await copyFile(path.join(full, FILE_CACHE_NAME), path.join(dir, FILE_CACHE_NAME));
        server.reset();
        server.onChat(keywordLabeller(KEYWORDS, "other"));
        results[variant].push(await runChild(dir, server.url));
        requests[variant].push(server.stats().chatRequests);
        await rm(dir, { recursive: true });
      }
    }
    const baseline = median(results.empty.map((r) => r.wallMs));
    for (const variant of ["empty", "full"] as const) {
      const runs = results[variant];
      const wall = median(runs.map((r) => r.wallMs));
      rows.push([
        variant === "empty" ? "empty cache" : `${PREFILLED.toLocaleString("en-US")}-entry cache`,
        median(requests[variant]),
        (wall / 1000).toFixed(2),
        (median(runs.map((r) => r.openMs)) / 1000).toFixed(2),
        (wall / baseline).toFixed(2),
        runs.reduce((most, r) => Math.max(most, r.maxBlockMs), 0).toFixed(0),
        median(runs.map((r) => r.peakRssMb)).toFixed(0),
        runs[0]!.entries.toLocaleString("en-US"),
      ]);
    }
    const ratio = median(results.full.map((r) => r.wallMs)) / baseline;
    if (ratio > TARGET_RATIO) failedTargets.push(`wall ratio ${ratio.toFixed(2)} > ${TARGET_RATIO}`);
    const block = Math.max(
      compaction.maxBlockMs,
      ...results.full.map((r) => r.maxBlockMs),
      ...results.empty.map((r) => r.maxBlockMs),
    );
    if (block > TARGET_BLOCK_MS)
      failedTargets.push(`event-loop block ${block.toFixed(0)} ms > ${TARGET_BLOCK_MS} ms`);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
  return {
    title: "cache: 10,000-row classify with an empty vs a 1,000,000-entry --cache",
    columns: [
      "cache",
      "model requests",
      "wall s",
      "of which opening the cache s",
      "wall / empty",
      "longest event-loop block ms",
      "peak RSS MB",
      "entries after",
    ],
    rows,
    notes: [
      `${ROWS.toLocaleString("en-US")} rows, ${DISTINCT.toLocaleString("en-US")} distinct texts (Zipf-skewed), ${LABELS.length} labels, through the bulk engine and openFileCache (the CLI's --cache), each run in its own Node process; medians of ${RUNS}, alternating.`,
      `Simulated model (Ollama-protocol server, in the parent process): ${LATENCY.perRequestMs} ms per request + ${LATENCY.perPromptTokenMs} ms per prompt token + ${LATENCY.perOutputTokenMs} ms per output token.`,
      compaction
        ? `Compaction: the pre-fill's first save writes all ${PREFILLED.toLocaleString("en-US")} entries from memory as a base file in ${(compaction.ms / 1000).toFixed(1)} s, the event loop held at most ${compaction.maxBlockMs.toFixed(0)} ms at a time.`
        : "Compaction: not measured (the pre-fill failed).",
      "Wall: opening the cache, the run and the final flush. Event-loop block: the longest monitorEventLoopDelay reading (5 ms resolution) from the cache being open to the final flush, worst of all runs.",
      `Targets: wall / empty ≤ ${TARGET_RATIO}, no event-loop block over ${TARGET_BLOCK_MS} ms (runs and compaction). ${failedTargets.length ? "MISSED: " + failedTargets.join("; ") : "All met."}`,
    ],
    failedTargets,
  };
}

if (process.argv[2] === CHILD_FLAG) {
  child(process.argv[3]!, process.argv[4]!).catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
