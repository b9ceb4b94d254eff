import type { KeyValueStore } from "../settings/key-value-store";
import { cyrb53 } from "./cyrb53";
import { version1Entries, type CacheChanges } from "./lru-cache";

/** The first chunk keeps the key the whole cache once had, so a version-1 document is found there. */
export const STORE_CACHE_KEY = "excel-slm.results.v1";
/**
 * The cache is spread over this many items by a hash of the key, so a write touches only the
 * chunks whose entries changed and each is about 4 MB / 32 = 128 KB: serialising one takes a
 * millisecond or two, far under the 50 ms a flush may hold the page's event loop.
 */
export const STORE_CACHE_CHUNKS = 32;

export function storeChunkKey(chunk: number): string {
  return chunk === 0 ? STORE_CACHE_KEY : `${STORE_CACHE_KEY}.${chunk}`;
}

/**
 * One chunk: its entries with a use stamp each (a counter that grows with every use), because
 * entries of one chunk are spread over the whole LRU order and only the stamps can rebuild it.
 */
interface ChunkDocument {
  version: 2;
  entries: [key: string, value: string, stamp: number][];
}

/** The chunks' bookkeeping: which keys each chunk holds, each key's last use stamp. */
export class ChunkedStore {
  private readonly members = Array.from({ length: STORE_CACHE_CHUNKS }, () => new Set<string>());
  private readonly stamps = new Map<string, number>();
  private readonly dirty = new Set<number>();
  private clock = 0;

  constructor(private readonly store: KeyValueStore) {}

  /** Reads every chunk; entries come back least recently used first. `rewrite`: an old document was read. */
  async load(): Promise<{ entries: Map<string, string>; rewrite: boolean }> {
    const texts = await Promise.all(
      Array.from({ length: STORE_CACHE_CHUNKS }, (_, chunk) => this.store.getItem(storeChunkKey(chunk))),
    );
    const found: [key: string, value: string, stamp: number][] = [];
    let rewrite = false;
    texts.forEach((text, chunk) => {
      if (!text) return;
      const old = chunk === 0 ? version1Entries(text) : undefined;
      if (old) {
        // Older than anything stamped since; written again as chunks by the first flush.
        let stamp = -old.size;
        for (const [key, value] of old) found.push([key, value, stamp++]);
        rewrite = true;
        return;
      }
      for (const entry of chunkEntries(text)) found.push(entry);
    });
    found.sort((a, b) => a[2] - b[2]);
    const entries = new Map<string, string>();
    for (const [key, value, stamp] of found) {
      entries.delete(key);
      entries.set(key, value);
      this.remember(key, stamp);
    }
    this.clock = Math.max(0, found.at(-1)?.[2] ?? 0);
    // What was read is what the store holds: nothing to write yet.
    this.dirty.clear();
    return { entries, rewrite };
  }

  /** Writes the chunks the changes touch, one at a time, each serialised on its own. */
  async write(changes: CacheChanges): Promise<void> {
    if (changes.all) {
      for (const members of this.members) members.clear();
      this.stamps.clear();
      for (const key of changes.entries.keys()) this.remember(key, ++this.clock);
      for (let chunk = 0; chunk < STORE_CACHE_CHUNKS; chunk++) this.dirty.add(chunk);
    }
    for (const [key] of changes.keys) {
      if (changes.entries.has(key)) this.remember(key, ++this.clock);
      else this.forget(key);
    }
    for (const chunk of [...this.dirty].sort((a, b) => a - b)) {
      this.dirty.delete(chunk);
      const document: ChunkDocument = { version: 2, entries: [] };
      for (const key of this.members[chunk]!) {
        const value = changes.entries.get(key);
        if (value !== undefined) document.entries.push([key, value, this.stamps.get(key)!]);
      }
      try {
        await this.store.setItem(storeChunkKey(chunk), JSON.stringify(document));
      } catch (error) {
        this.dirty.add(chunk);
        throw error;
      }
    }
  }

  private remember(key: string, stamp: number): void {
    const chunk = chunkOf(key);
    this.members[chunk]!.add(key);
    this.stamps.set(key, stamp);
    this.dirty.add(chunk);
  }

  private forget(key: string): void {
    if (!this.stamps.delete(key)) return;
    const chunk = chunkOf(key);
    this.members[chunk]!.delete(key);
    this.dirty.add(chunk);
  }
}

function chunkOf(key: string): number {
  return cyrb53(key, 0) % STORE_CACHE_CHUNKS;
}

/** A chunk's entries; a damaged chunk is only lost time, never lost data: it reads as empty. */
function chunkEntries(text: string): ChunkDocument["entries"] {
  try {
    const parsed = JSON.parse(text) as Partial<ChunkDocument>;
    if (parsed.version !== 2 || !Array.isArray(parsed.entries)) return [];
    return parsed.entries.filter(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === "string" &&
        typeof entry[1] === "string" &&
        typeof entry[2] === "number",
    );
  } catch {
    return [];
  }
}
