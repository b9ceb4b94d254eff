import { OllamaClient } from "../llm/ollama-client";
import { runExcel, type ExcelBatch } from "../host/excel/excel-sheet-host";
import { MemoryAuditLog } from "../routing/audit-log";
import { defaultCloudPolicy } from "../routing/cloud-policy";
import { CloudRouter } from "../routing/cloud-router";
import { MemoryUsageStore } from "../routing/usage-store";
import { BulkEngine } from "./bulk-engine";
import { openStoreCache, type ResultCache } from "./result-cache";
import { defaultStore, type KeyValueStore } from "../settings/key-value-store";
import { loadSettings, saveSettings, type Settings } from "../settings/settings";

/**
 * The state the task pane, the custom functions and the ribbon share in Excel's shared runtime:
 * one settings store and one Ollama client. Created lazily, because a custom function may run
 * before the task pane has rendered (the page loads hidden when a formula first calculates).
 */
export interface AddinRuntime {
  readonly settings: Settings;
  readonly llm: OllamaClient;
  /** Batches, deduplicates and caches the bulk cell functions (CLASSIFY, EXTRACT, VALIDATE). */
  readonly engine: BulkEngine;
  readonly store: KeyValueStore;
  /**
   * Decides local vs cloud. No cloud provider is configured in the add-in yet (the key must live
   * in the local server, not the page), so every request stays local and says why.
   */
  readonly router: CloudRouter;
  /** How to reach the workbook (Excel.run in Excel; an object-model fake in tests). */
  readonly excel: ExcelBatch;
  /** The relay's base URL (same origin as the page) when settings choose the relay. */
  readonly relayBaseUrl: string;
}

export interface RuntimeOptions {
  store?: KeyValueStore;
  relayBaseUrl?: string;
  fetch?: typeof fetch;
  excel?: ExcelBatch;
}

let options: RuntimeOptions = {};
let current: Promise<AddinRuntime> | undefined;
const listeners = new Set<(runtime: AddinRuntime) => void>();

function defaultRelayBaseUrl(): string {
  return typeof location !== "undefined" ? `${location.origin}/ollama` : "http://127.0.0.1:3000/ollama";
}

function build(settings: Settings, store: KeyValueStore, cache: ResultCache): AddinRuntime {
  const relayBaseUrl = options.relayBaseUrl ?? defaultRelayBaseUrl();
  const llm = new OllamaClient({
    baseUrl: settings.ollamaMode === "relay" ? relayBaseUrl : settings.ollamaDirectUrl,
    fetch: options.fetch,
    numCtx: settings.numCtx,
    timeoutMs: settings.requestTimeoutSec * 1000,
  });
  const engine = new BulkEngine({ cache, concurrency: settings.concurrency });
  const router = new CloudRouter({
    policy: defaultCloudPolicy(),
    provider: null,
    audit: new MemoryAuditLog(),
    usage: new MemoryUsageStore(),
  });
  return { settings, llm, engine, store, relayBaseUrl, excel: options.excel ?? runExcel, router };
}

export function getAddinRuntime(): Promise<AddinRuntime> {
  current ??= (async () => {
    const store = options.store ?? defaultStore();
    // One cache for the life of the page: settings changes rebuild the client, not the cache.
    const cache = await openStoreCache(store);
    return build(await loadSettings(store), store, cache);
  })();
  return current;
}

/** Replaces where the runtime keeps settings and reaches Ollama (tests, embedding pages). */
export function configureAddinRuntime(next: RuntimeOptions): void {
  options = { ...next };
  current = undefined;
}

/** Saves changed settings and rebuilds the client so the next call uses them. */
export async function updateSettings(patch: Partial<Settings>): Promise<AddinRuntime> {
  const runtime = await getAddinRuntime();
  const settings = { ...runtime.settings, ...patch };
  await saveSettings(runtime.store, settings);
  const next = build(settings, runtime.store, runtime.engine.cache);
  current = Promise.resolve(next);
  listeners.forEach((listener) => listener(next));
  return next;
}

export function onRuntimeChange(listener: (runtime: AddinRuntime) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
