import type { ResultCache } from "./result-cache-interface";

/** What happened to a key since the last write: only used (its recency changed), set, or removed. */
export type CacheChange = "used" | "set" | "removed";

/** What a write gets: the keys changed since the last write and the entries as they are now. */
export interface CacheChanges {
  /**
   * Changed keys in the order they were last changed or used. A backend reads each key's value
   * from `entries` when it writes, so a later change only makes the write more current.
   */
  readonly keys: ReadonlyMap<string, CacheChange>;
  /** Everything must be written again: after clear(), a failed write, or an old-format load. */
  readonly all: boolean;
  /** The entries in memory, least recently used first, as they are when read. Live: iterating later sees later changes. */
  readonly entries: ReadonlyMap<string, string>;
}

/**
 * Entries a store keeps outside memory, all older than the ones in memory: the CLI's base file,
 * searched where it lies instead of being read into a million-entry map at every start.
 */
export interface ColdEntries {
  readonly size: number;
  /** Counted as the cache counts them (entrySize). */
  readonly bytes: number;
  /**
   * The value of `key`, which then leaves the tier (the cache holds it in memory from then on).
   * Asynchronous so that a burst of lookups (a fill-down's distinct inputs) can yield to the
   * event loop instead of holding it.
   */
  take(key: string): Promise<string | undefined>;
  /** Removes the least recently used entry and returns its key; undefined when none is left. */
  dropOldest(): string | undefined;
  /** Removes `key` if the tier holds it (memory holds a newer state of it). */
  drop(key: string): void;
  clear(): void;
}

/**
 * Where a cache keeps its entries: a chunked key-value store in Excel, a log file in the CLI.
 * A store that has just written every entry memory held (a compaction) resolves with the tier
 * that now holds them: memory then keeps only what changed since the write began.
 */
export type PersistChanges = (changes: CacheChanges) => Promise<void | { cold: ColdEntries }>;

/**
 * An in-memory LRU map whose changes are persisted through `persist`. Writes are debounced, so a
 * fill-down of 10,000 cells writes a few times, not 10,000 times, and each write gets only what
 * changed since the one before (its cost follows the work, not the cache's size). Writes run one
 * at a time, in order, so a timed write and a final flush never race each other, and flush()
 * returns only once every write started before it has finished.
 *
 * A cache only saves time, so with `onPersistError` a failed write is reported there and never
 * fails the caller (the entries stay in memory and the next write stores all of them). Without it,
 * flush() rejects with the failure, including one from a timed write since the last flush.
 */
export class LruResultCache implements ResultCache {
  private entries = new Map<string, string>();
  /** Bytes of the entries in memory (the cold tier counts its own). */
  private bytes = 0;
  private cold: ColdEntries | undefined;
  /** Changes not yet handed to a write, in the order they happened (re-inserted on each change). */
  private changes = new Map<string, CacheChange>();
  /** The changes of each write queued or running, oldest first. */
  private readonly unwritten: ReadonlyMap<string, CacheChange>[] = [];
  /** Counts clear() calls, so a write that began before one does not bring entries back. */
  private clears = 0;
  private rewrite = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last write queued; each write waits for the one before it. */
  private writing: Promise<void> = Promise.resolve();
  /** A write failure not yet reported (only without onPersistError). */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly persist: PersistChanges,
    private readonly maxBytes: number,
    private readonly writeDelayMs = 500,
    private readonly onPersistError?: (error: unknown) => void,
  ) {}

  /**
   * Takes over `entries` (least recently used first) as the cache's content: a store's loader
   * builds the map once and it is not copied. `cold`: older entries the store keeps elsewhere.
   * Over the byte cap, the oldest are evicted. `rewrite`: the store holds them in a form that
   * must be written again (an older format).
   */
  load(entries: Map<string, string>, options: { rewrite?: boolean; cold?: ColdEntries } = {}): void {
    const { rewrite = false, cold } = options;
    this.entries = entries;
    this.cold = cold;
    this.bytes = 0;
    for (const [key, value] of entries) this.bytes += entrySize(key, value);
    this.evict();
    if (rewrite) this.rewrite = true;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.cold && !this.entries.has(key)) {
      const cold = await this.cold.take(key);
      // Memory may have gained the key meanwhile: its answer is the newer one.
      if (cold !== undefined && !this.entries.has(key)) {
        this.entries.set(key, cold);
        this.bytes += entrySize(key, cold);
      }
    }
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    this.note(key, this.changes.get(key) === "set" ? "set" : "used");
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    // An older answer kept cold must not outlive this one.
    if (this.cold) await this.cold.take(key);
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.bytes -= entrySize(key, previous);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += entrySize(key, value);
    this.note(key, "set");
    this.evict();
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

  async clear(): Promise<void> {
    this.clears++;
    this.entries.clear();
    this.cold?.clear();
    this.bytes = 0;
    this.changes = new Map();
    this.rewrite = true;
    await this.flush();
  }

  stats(): { entries: number; bytes: number } {
    return {
      entries: this.entries.size + (this.cold?.size ?? 0),
      bytes: this.bytes + (this.cold?.bytes ?? 0),
    };
  }

  /** Queues a write of the changes (if any) behind any write in progress; resolves when all are done. */
  private queueWrite(): Promise<void> {
    if (this.changes.size > 0 || this.rewrite) {
      // Taken now, so each write gets the changes in the order they happened.
      const keys = this.changes;
      const entries = () => this.entries;
      const changes: CacheChanges = {
        keys,
        all: this.rewrite,
        // Read when the write runs: memory may have been replaced by an earlier write's release().
        get entries() {
          return entries();
        },
      };
      const clears = this.clears;
      this.changes = new Map();
      this.rewrite = false;
      this.unwritten.push(keys);
      this.writing = this.writing.then(() =>
        this.persist(changes)
          .then((written) => {
            if (written) this.release(written.cold, clears !== this.clears);
          })
          .catch((error: unknown) => {
            // Part of it may not be stored: the next write stores everything.
            this.rewrite = true;
            if (this.onPersistError) this.onPersistError(error);
            else this.failure ??= { error };
          })
          .finally(() => this.unwritten.shift()),
      );
    }
    return this.writing;
  }

  /**
   * The store wrote every entry memory held into `cold`: memory keeps only the keys changed since
   * that write began (queued in later writes or not yet), and `cold` gives up its copies of them.
   */
  private release(cold: ColdEntries, clearedSince: boolean): void {
    if (clearedSince) cold.clear();
    const changedSince = this.unwritten.slice(1);
    changedSince.push(this.changes);
    // Re-inserted at each occurrence, so the last change (or use) orders them, as in memory.
    const kept = new Map<string, string>();
    for (const changes of changedSince) {
      for (const key of changes.keys()) {
        cold.drop(key);
        const value = this.entries.get(key);
        kept.delete(key);
        if (value !== undefined) kept.set(key, value);
      }
    }
    this.entries = kept;
    this.bytes = 0;
    for (const [key, value] of kept) this.bytes += entrySize(key, value);
    this.cold = cold;
  }

  private note(key: string, change: CacheChange): void {
    this.changes.delete(key);
    this.changes.set(key, change);
  }

  /** Drops the least recently used entries until the cache fits: cold ones first, being older. */
  private evict(): void {
    while (this.bytes + (this.cold?.bytes ?? 0) > this.maxBytes) {
      const coldKey = this.cold?.dropOldest();
      if (coldKey !== undefined) {
        this.note(coldKey, "removed");
        continue;
      }
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      const [oldestKey, oldestValue] = oldest.value;
      this.entries.delete(oldestKey);
      this.bytes -= entrySize(oldestKey, oldestValue);
      this.note(oldestKey, "removed");
    }
  }
}

/** The bytes an entry counts against the cap. */
export function entrySize(key: string, value: string): number {
  // UTF-16 in storage; the JSON punctuation per entry is about 8 characters.
  return (key.length + value.length + 8) * 2;
}

/**
 * The entries of a version-1 cache document (`{"version":1,"entries":[[key, value], ...]}`, least
 * recently used first), written before caches were persisted by changes; undefined when `text`
 * is not one. Both stores read it, so an older cache keeps its answers.
 */
export function version1Entries(text: string): Map<string, string> | undefined {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return undefined;
    const entries = new Map<string, string>();
    for (const entry of parsed.entries as unknown[]) {
      if (!Array.isArray(entry)) continue;
      const [key, value] = entry as unknown[];
      if (typeof key === "string" && typeof value === "string") {
        entries.delete(key);
        entries.set(key, value);
      }
    }
    return entries;
  } catch {
    return undefined;
  }
}
