import { SlmError } from "../errors/slm-error";
import { LlmError, isLlmError } from "../llm/errors";
import type { CallStats } from "../llm/ollama-client";
import { cacheKey, type ResultCache } from "./result-cache";

/**
 * Turns thousands of cell calls into the least model work: calls are collected for a short
 * window, deduplicated by normalised input, answered from the cache when possible, packed
 * several items per request within a token budget, and run under a concurrency limit that
 * matches Ollama (one request decoded at a time by default). Every waiting call settles on
 * every path: resolved with its result, or rejected with an LlmError.
 */

/**
 * Items one request may carry unless the caller says otherwise. Chosen from measured costs
 * (`npm run bench -- classify`): a request's fixed cost (latency, system prompt, the reply's
 * '{"answers":["' frame) is worth about 3 items, so 64 items keep it under 5% of the request
 * (32 items: 9%). Larger packs gain little more and cost more: a malformed reply is halved and
 * retried, and a small model must keep its place in a longer answer array.
 */
export const DEFAULT_MAX_ITEMS_PER_REQUEST = 64;

/**
 * Prompt tokens the items of one request may take, from the context window (num_ctx): 40%, so the
 * system prompt and a reply as long as the items (extract copies text out) still fit.
 */
export function itemTokenBudgetFor(contextTokens: number): number {
  return Math.floor(contextTokens * 0.4);
}

/** One kind of packed work (classify with these labels on this model, extract this field...). */
export interface PackedTask<R> {
  /** Items with the same family may share a request. */
  readonly family: string;
  /** What makes a cached result valid: task, model, prompt version, task parameters. */
  readonly cacheParts: readonly (string | number)[];
  /** One model request for these inputs: a result per input in order, or a PackShapeError. */
  run(inputs: readonly string[], signal: AbortSignal): Promise<{ results: R[]; stats: CallStats }>;
  encode(result: R): string;
  decode(text: string): R;
  /** Estimated prompt tokens one input adds to a request (for packing). */
  itemTokens(input: string): number;
}

/** The reply could not be split into one result per item: the engine retries smaller packs. */
/** A packed reply with the wrong items or shape: halved and retried, never shown as an answer. */
export class PackShapeError extends SlmError {
  override name = "PackShapeError";
  constructor(message: string) {
    super("bad-output", message);
  }
}

export interface BulkEngineOptions {
  cache: ResultCache;
  /**
   * Requests Ollama decodes at once (OLLAMA_NUM_PARALLEL, default 1). One more request than this
   * is kept in flight, waiting in Ollama's queue, so the model never idles while we parse a
   * reply and send the next pack.
   */
  concurrency?: number;
  /** How long to collect calls before sending (Excel delivers a fill-down over a few ms). */
  windowMs?: number;
  maxItemsPerRequest?: number;
  /** Prompt tokens the items of one request may take (the rest of num_ctx is instructions and output). */
  itemTokenBudget?: number;
  /** The model's context window (num_ctx): sets itemTokenBudget when that is not given. */
  contextTokens?: number;
  /** Called after every request with the running totals (progress bars). */
  onProgress?: (stats: BulkStats) => void;
}

export interface BulkStats {
  /** Cells submitted. Each is either deduplicated onto another cell's call or becomes an entry. */
  submitted: number;
  /** Entries (distinct inputs) answered from the cache. */
  cacheHits: number;
  /** Cells that joined another cell's call for the same input (under way, or grouped by the caller). */
  deduplicated: number;
  requests: number;
  itemsSent: number;
  completed: number;
  failed: number;
  promptTokens: number;
  outputTokens: number;
  splits: number;
}

interface Waiter<R> {
  /** Cells this call answers (a caller that groups identical cells itself submits them once). */
  cells: number;
  resolve(result: R): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Entry<R> {
  key: string;
  input: string;
  task: PackedTask<R>;
  waiters: Set<Waiter<R>>;
  state: "lookup" | "queued" | "running" | "settled";
  pack?: Pack<R>;
}

interface Pack<R> {
  task: PackedTask<R>;
  entries: Entry<R>[];
  controller?: AbortController;
}

/** Inputs that differ only in surrounding or repeated white space are the same question. */
export function normaliseInput(input: string): string {
  return input.replace(/\s+/g, " ").trim();
}

export class BulkEngine {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly queues = new Map<string, Entry<unknown>[]>();
  private readonly flushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly packs: Pack<unknown>[] = [];
  private running = 0;
  private bypassUntil = 0;
  /** Requests allowed in flight: the model's parallelism plus one queued behind it. */
  private readonly concurrency: number;
  private readonly windowMs: number;
  private readonly maxItems: number;
  private readonly itemTokenBudget: number;
  private readonly totals: BulkStats = {
    submitted: 0,
    cacheHits: 0,
    deduplicated: 0,
    requests: 0,
    itemsSent: 0,
    completed: 0,
    failed: 0,
    promptTokens: 0,
    outputTokens: 0,
    splits: 0,
  };

  constructor(private readonly options: BulkEngineOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 1) + 1;
    this.windowMs = options.windowMs ?? 20;
    this.maxItems = Math.max(1, options.maxItemsPerRequest ?? DEFAULT_MAX_ITEMS_PER_REQUEST);
    this.itemTokenBudget =
      options.itemTokenBudget ?? (options.contextTokens ? itemTokenBudgetFor(options.contextTokens) : 2400);
  }

  get cache(): ResultCache {
    return this.options.cache;
  }

  /**
   * "Refresh selection": for the next `ms`, new calls skip the cache lookup and ask the model
   * (their answers still replace the cached ones). A window, because Excel recalculates the
   * refreshed cells through the custom functions, which carry no "refresh" flag.
   */
  bypassCacheFor(ms: number): void {
    this.bypassUntil = Math.max(this.bypassUntil, Date.now() + ms);
  }

  stats(): BulkStats {
    return { ...this.totals };
  }

  /**
   * Resolves with the result for `input`, from the cache, a call already under way, or a new request.
   * `cells` is how many cells the call answers when the caller has already grouped identical cells
   * (runOverGrid): the stats then count cells, as if each had been submitted on its own.
   */
  async submit<R>(task: PackedTask<R>, input: string, signal?: AbortSignal, cells = 1): Promise<R> {
    this.totals.submitted += cells;
    if (signal?.aborted) throw cancelled();
    const normalised = normaliseInput(input);
    const key = cacheKey(task.cacheParts, normalised);
    return new Promise<R>((resolve, reject) => {
      const waiter: Waiter<R> = { cells, resolve, reject, signal };
      const existing = this.entries.get(key) as Entry<R> | undefined;
      if (existing) {
        this.totals.deduplicated += cells;
        this.attach(existing, waiter);
        return;
      }
      // The other cells of a group joined this call before it was made.
      this.totals.deduplicated += cells - 1;
      const entry: Entry<R> = { key, input: normalised, task, waiters: new Set(), state: "lookup" };
      this.entries.set(key, entry as Entry<unknown>);
      this.attach(entry, waiter);
      void this.lookup(entry);
    });
  }

  private attach<R>(entry: Entry<R>, waiter: Waiter<R>): void {
    entry.waiters.add(waiter);
    if (!waiter.signal) return;
    waiter.onAbort = () => this.cancelWaiter(entry, waiter);
    waiter.signal.addEventListener("abort", waiter.onAbort, { once: true });
  }

  private async lookup<R>(entry: Entry<R>): Promise<void> {
    let cached: string | undefined;
    try {
      if (Date.now() >= this.bypassUntil) cached = await this.options.cache.get(entry.key);
    } catch {
      cached = undefined; // an unreadable cache only costs a model call
    }
    if (entry.state !== "lookup") return; // every waiter cancelled meanwhile
    if (cached !== undefined) {
      try {
        const result = entry.task.decode(cached);
        this.totals.cacheHits++;
        this.settle(entry, { ok: true, result });
        return;
      } catch {
        // A cached value from an older shape: ask the model again.
      }
    }
    entry.state = "queued";
    const queue = this.queues.get(entry.task.family) ?? [];
    queue.push(entry as Entry<unknown>);
    this.queues.set(entry.task.family, queue);
    this.scheduleFlush(entry.task.family, queue.length >= this.maxItems);
  }

  private scheduleFlush(family: string, now: boolean): void {
    if (now) {
      const timer = this.flushTimers.get(family);
      if (timer) clearTimeout(timer);
      this.flushTimers.delete(family);
      this.flush(family);
      return;
    }
    if (this.flushTimers.has(family)) return;
    this.flushTimers.set(
      family,
      setTimeout(() => {
        this.flushTimers.delete(family);
        this.flush(family);
      }, this.windowMs),
    );
  }

  /** Cuts the family's queue into packs that fit the item and token limits. */
  private flush(family: string): void {
    const queue = this.queues.get(family);
    this.queues.delete(family);
    if (!queue?.length) return;
    let pack: Entry<unknown>[] = [];
    let tokens = 0;
    for (const entry of queue) {
      if (entry.state !== "queued") continue;
      const cost = entry.task.itemTokens(entry.input);
      if (pack.length > 0 && (pack.length >= this.maxItems || tokens + cost > this.itemTokenBudget)) {
        this.packs.push({ task: pack[0]!.task, entries: pack });
        pack = [];
        tokens = 0;
      }
      pack.push(entry);
      tokens += cost;
    }
    if (pack.length) this.packs.push({ task: pack[0]!.task, entries: pack });
    this.pump();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.packs.length > 0) {
      const pack = this.packs.shift()!;
      pack.entries = pack.entries.filter((entry) => entry.state === "queued" && entry.waiters.size > 0);
      if (pack.entries.length === 0) continue;
      this.running++;
      this.runPack(pack)
        .catch((error: unknown) => this.failPack(pack, error))
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private async runPack<R>(pack: Pack<R>): Promise<void> {
    const controller = new AbortController();
    pack.controller = controller;
    for (const entry of pack.entries) {
      entry.state = "running";
      entry.pack = pack;
    }
    this.totals.requests++;
    this.totals.itemsSent += pack.entries.length;
    try {
      const { results, stats } = await pack.task.run(
        pack.entries.map((entry) => entry.input),
        controller.signal,
      );
      this.totals.promptTokens += stats.promptTokens;
      this.totals.outputTokens += stats.outputTokens;
      if (results.length !== pack.entries.length) {
        throw new PackShapeError(`expected ${pack.entries.length} results, got ${results.length}`);
      }
      pack.entries.forEach((entry, index) => {
        const result = results[index] as R;
        void this.options.cache.set(entry.key, pack.task.encode(result)).catch(() => undefined);
        this.settle(entry, { ok: true, result });
      });
    } catch (error) {
      if (error instanceof PackShapeError || isLlmError(error, "bad-output")) {
        this.retrySmaller(pack, error);
        return;
      }
      this.failPack(pack, error);
    } finally {
      this.options.onProgress?.(this.stats());
    }
  }

  /** A malformed or short packed reply: halve the pack and try again, down to single items. */
  private retrySmaller<R>(pack: Pack<R>, error: unknown): void {
    const live = pack.entries.filter((entry) => entry.waiters.size > 0);
    for (const entry of pack.entries) if (entry.waiters.size === 0) this.drop(entry);
    if (live.length === 0) return;
    if (live.length === 1) {
      const reason = error instanceof Error ? error.message : String(error);
      this.settle(live[0]!, {
        ok: false,
        error: isLlmError(error)
          ? error
          : new LlmError(
              "bad-output",
              `The model did not return a usable answer for this value (${reason}). Try a larger model.`,
            ),
      });
      return;
    }
    this.totals.splits++;
    const middle = Math.ceil(live.length / 2);
    for (const entry of live) entry.state = "queued";
    this.packs.unshift(
      { task: pack.task, entries: live.slice(0, middle) },
      { task: pack.task, entries: live.slice(middle) },
    );
  }

  private failPack<R>(pack: Pack<R>, error: unknown): void {
    for (const entry of pack.entries) {
      if (entry.state !== "settled") this.settle(entry, { ok: false, error });
    }
  }

  private settle<R>(entry: Entry<R>, outcome: { ok: true; result: R } | { ok: false; error: unknown }): void {
    if (entry.state === "settled") return;
    entry.state = "settled";
    this.entries.delete(entry.key);
    for (const waiter of entry.waiters) {
      if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      if (outcome.ok) {
        this.totals.completed += waiter.cells;
        waiter.resolve(outcome.result);
      } else {
        this.totals.failed += waiter.cells;
        waiter.reject(outcome.error);
      }
    }
    entry.waiters.clear();
  }

  private drop<R>(entry: Entry<R>): void {
    entry.state = "settled";
    this.entries.delete(entry.key);
  }

  /** A cell was cancelled: it settles now; its request is aborted only if nobody else wants it. */
  private cancelWaiter<R>(entry: Entry<R>, waiter: Waiter<R>): void {
    if (!entry.waiters.delete(waiter)) return;
    this.totals.failed += waiter.cells;
    waiter.reject(cancelled());
    if (entry.waiters.size > 0 || entry.state === "settled") return;
    if (entry.state === "running" && entry.pack) {
      const stillWanted = entry.pack.entries.some((other) => other.waiters.size > 0);
      if (!stillWanted) entry.pack.controller?.abort();
      return;
    }
    this.drop(entry);
  }
}

function cancelled(): LlmError {
  return new LlmError("cancelled", "Cancelled.");
}
