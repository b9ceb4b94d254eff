import type { KeyValueStore } from "../settings/key-value-store";

/**
 * Results of model calls, kept so that recalculating or reopening a workbook costs no model
 * calls. Keys are hashes of (task, model, prompt version, task parameters, input); values are
 * small JSON strings. Two implementations: a key-value store (OfficeRuntime.storage in Excel,
 * under its 10 MB budget, least-recently-used entries evicted) and a file (the CLI's --cache).
 */
export interface ResultCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Writes anything still buffered. */
  flush(): Promise<void>;
  clear(): Promise<void>;
  stats(): { entries: number; bytes: number };
}

/**
 * A 106-bit key from the parts: cyrb53 (a fast, well-mixed 53-bit string hash) with two seeds.
 * Synchronous and cheap, because a fill-down computes one per cell; it is a cache address, not
 * a security boundary.
 */
export function cacheKey(parts: readonly (string | number)[], input = ""): string {
  const text = `${partsText(parts)}\u0000${input}`;
  return (
    cyrb53(text, 0x9e3779b9).toString(36).padStart(11, "0") +
    cyrb53(text, 0x85ebca6b).toString(36).padStart(11, "0")
  );
}

/** The task's parts are the same for every cell of a fill-down: serialise them once. */
const partsTexts = new WeakMap<readonly (string | number)[], string>();

function partsText(parts: readonly (string | number)[]): string {
  let text = partsTexts.get(parts);
  if (text === undefined) partsTexts.set(parts, (text = JSON.stringify(parts)));
  return text;
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The cache as one JSON document: entries in least- to most-recently-used order. */
interface CacheDocument {
  version: 1;
  entries: [key: string, value: string][];
}

/**
 * An in-memory LRU map persisted as one document through `persist`. Writes are debounced, so a
 * fill-down of 10,000 cells writes the store a few times, not 10,000 times. Writes run one at a
 * time, in order, so a timed write and a final flush never race each other (the later document
 * always lands last), and flush() returns only once every write started before it has finished.
 *
 * A cache only saves time, so with `onPersistError` a failed write is reported there and never
 * fails the caller (the entries stay in memory and the next flush tries again). Without it,
 * flush() rejects with the failure, including one from a timed write since the last flush.
 */
export class LruDocumentCache implements ResultCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last write queued; each write waits for the one before it. */
  private writing: Promise<void> = Promise.resolve();
  /** A write failure not yet reported (only without onPersistError). */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly persist: (document: string) => Promise<void>,
    private readonly maxBytes: number,
    private readonly writeDelayMs = 500,
    private readonly onPersistError?: (error: unknown) => void,
  ) {}

  load(document: string | null | undefined): void {
    if (!document) return;
    try {
      const parsed = JSON.parse(document) as CacheDocument;
      if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return;
      for (const [key, value] of parsed.entries) {
        if (typeof key === "string" && typeof value === "string") this.put(key, value);
      }
    } catch {
      // A damaged cache is only lost time, never lost data: start empty.
    }
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    this.put(key, value);
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // Never rejects (see queueWrite): a failure waits for the next flush() or goes to onPersistError.
      void this.queueWrite();
    }, this.writeDelayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.queueWrite();
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }

  /** Queues a write of the entries (if they changed) behind any write in progress; resolves when all are done. */
  private queueWrite(): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      // Taken now, so the documents land in the order the entries changed.
      const document: CacheDocument = { version: 1, entries: [...this.entries] };
      const text = JSON.stringify(document);
      this.writing = this.writing.then(() =>
        this.persist(text).catch((error: unknown) => {
          // Not stored: the next flush writes the entries again.
          this.dirty = true;
          if (this.onPersistError) this.onPersistError(error);
          else this.failure ??= { error };
        }),
      );
    }
    return this.writing;
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
    this.dirty = true;
    await this.flush();
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private put(key: string, value: string): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.bytes -= entrySize(key, previous);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += entrySize(key, value);
    for (const [oldestKey, oldestValue] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= entrySize(oldestKey, oldestValue);
    }
  }
}

function entrySize(key: string, value: string): number {
  // UTF-16 in storage; the JSON punctuation per entry is about 8 characters.
  return (key.length + value.length + 8) * 2;
}

export const STORE_CACHE_KEY = "excel-slm.results.v1";
/** OfficeRuntime.storage has 10 MB per domain, shared with settings and other add-ins there. */
export const STORE_CACHE_MAX_BYTES = 4 * 1024 * 1024;

export async function openStoreCache(
  store: KeyValueStore,
  maxBytes = STORE_CACHE_MAX_BYTES,
): Promise<LruDocumentCache> {
  const cache = new LruDocumentCache((document) => store.setItem(STORE_CACHE_KEY, document), maxBytes);
  cache.load(await store.getItem(STORE_CACHE_KEY));
  return cache;
}

/** A cache that keeps nothing: for "refresh" runs and the naive benchmark baseline. */
export class NoCache implements ResultCache {
  async get(): Promise<string | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async flush(): Promise<void> {}
  async clear(): Promise<void> {}
  stats() {
    return { entries: 0, bytes: 0 };
  }
}
