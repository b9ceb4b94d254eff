import { OllamaClient } from "../llm/ollama-client";
import { runExcel, type ExcelBatch } from "../host/excel/excel-sheet-host";
import type { CloudGate } from "../routing/cloud-gate";
import { CloudRelayClient, RelayCloudRouter } from "../routing/cloud-relay-client";
import { ConsentQueue } from "../routing/consent-queue";
import { fetchWithRelayKey, relayKeyFromPage } from "../routing/relay-key";
import { BulkEngine } from "../bulk/bulk-engine";
import { openStoreCache, type ResultCache } from "../bulk/result-cache";
import type { KeyValueStore } from "../settings/key-value-store";
import { WriteJournal } from "../sheet/write-journal";
import { excelJournalCells } from "../host/excel/cell-writes";
import { officeStore } from "../host/excel/office-page";
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
   * Decides local vs cloud through the local server's /cloud relay, which holds the key, the
   * policy and the audit log; the page can only ask. Without the relay, everything stays local.
   */
  readonly router: CloudGate;
  /** The relay's settings side: status, key, provider and policy, usage, audit log. */
  readonly cloud: CloudRelayClient;
  /** Cloud requests from cells waiting for the user's approval in the task pane. */
  readonly consents: ConsentQueue;
  /** How to reach the workbook (Excel.run in Excel; an object-model fake in tests). */
  readonly excel: ExcelBatch;
  /** The relay's base URL (same origin as the page) when settings choose the relay. */
  readonly relayBaseUrl: string;
}

export interface RuntimeOptions {
  store?: KeyValueStore;
  relayBaseUrl?: string;
  /** Where the /cloud relay is; default the page's origin. */
  cloudBaseUrl?: string;
  fetch?: typeof fetch;
  /**
   * The local server's per-launch relay key, sent with every /ollama and /cloud request.
   * Default: the one the server put into this page; Node callers (tests) pass the server's.
   */
  relayKey?: string;
  excel?: ExcelBatch;
}

let options: RuntimeOptions = {};
let current: Promise<AddinRuntime> | undefined;
const listeners = new Set<(runtime: AddinRuntime) => void>();

function pageOrigin(): string {
  return typeof location !== "undefined" ? location.origin : "http://127.0.0.1:3000";
}

// One queue for the life of the page: a settings change must not drop approvals the user is waiting on.
const consents = new ConsentQueue();

function build(settings: Settings, store: KeyValueStore, cache: ResultCache): AddinRuntime {
  const relayBaseUrl = options.relayBaseUrl ?? `${pageOrigin()}/ollama`;
  const cloudBaseUrl = options.cloudBaseUrl ?? `${pageOrigin()}/cloud`;
  // One fetch for everything the runtime sends: only requests to our own relays carry the key.
  const fetchImpl = fetchWithRelayKey(
    options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    options.relayKey ?? relayKeyFromPage(),
    [relayBaseUrl, cloudBaseUrl],
  );
  const llm = new OllamaClient({
    baseUrl: settings.ollamaMode === "relay" ? relayBaseUrl : settings.ollamaDirectUrl,
    fetch: fetchImpl,
    numCtx: settings.numCtx,
    timeoutMs: settings.requestTimeoutSec * 1000,
  });
  const engine = new BulkEngine({ cache, concurrency: settings.concurrency, contextTokens: settings.numCtx });
  const cloud = new CloudRelayClient(cloudBaseUrl, fetchImpl);
  const router = new RelayCloudRouter(cloud);
  return {
    settings,
    llm,
    engine,
    store,
    relayBaseUrl,
    excel: options.excel ?? runExcel,
    router,
    cloud,
    consents,
  };
}

export function getAddinRuntime(): Promise<AddinRuntime> {
  current ??= (async () => {
    const store = options.store ?? officeStore();
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

/** One write journal per store, reaching the workbook through the current runtime's ExcelBatch. */
const journals = new WeakMap<KeyValueStore, WriteJournal>();

/** The journal of the pane's writes (what each replaced, for Restore), loaded from the per-user store. */
export async function writeJournal(): Promise<WriteJournal> {
  const runtime = await getAddinRuntime();
  let journal = journals.get(runtime.store);
  if (!journal) {
    journal = new WriteJournal(
      runtime.store,
      excelJournalCells(async () => (await getAddinRuntime()).excel),
    );
    journals.set(runtime.store, journal);
  }
  await journal.load();
  return journal;
}
