import { cyrb53 } from "./cyrb53";
import { LruResultCache } from "./lru-cache";
import { ChunkedStore } from "./store-chunks";
import type { KeyValueStore } from "../settings/key-value-store";

export { LruResultCache } from "./lru-cache";
export { STORE_CACHE_KEY } from "./store-chunks";

/**
 * Results of model calls, kept so that recalculating or reopening a workbook costs no model
 * calls. Keys are hashes of (task, model, prompt version, task parameters, input); values are
 * small JSON strings. One LRU map (`LruResultCache`) persisted two ways: in chunks of a key-value
 * store (OfficeRuntime.storage in Excel, under its 10 MB budget: ./store-chunks.ts) and as a base
 * file with an append-only log (the CLI's --cache: src/host/node/cache-log-file.ts).
 */
import type { ResultCache } from "./result-cache-interface";

export type { ResultCache };

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

/** OfficeRuntime.storage has 10 MB per domain, shared with settings and other add-ins there. */
export const STORE_CACHE_MAX_BYTES = 4 * 1024 * 1024;

/** The add-in's cache in a key-value store (OfficeRuntime.storage), written a changed chunk at a time. */
export async function openStoreCache(
  store: KeyValueStore,
  maxBytes = STORE_CACHE_MAX_BYTES,
): Promise<LruResultCache> {
  const chunks = new ChunkedStore(store);
  const cache = new LruResultCache((changes) => chunks.write(changes), maxBytes);
  const { entries, rewrite } = await chunks.load();
  cache.load(entries, { rewrite });
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
