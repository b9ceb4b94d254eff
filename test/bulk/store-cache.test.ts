import { describe, expect, it } from "vitest";
import { openStoreCache, STORE_CACHE_KEY } from "../../src/bulk/result-cache";
import { STORE_CACHE_CHUNKS, storeChunkKey } from "../../src/bulk/store-chunks";
import { MemoryStore } from "../../src/settings/key-value-store";

/** A MemoryStore that records what each setItem wrote. */
class RecordingStore extends MemoryStore {
  writes: { key: string; length: number }[] = [];
  override async setItem(key: string, value: string): Promise<void> {
    this.writes.push({ key, length: value.length });
    await super.setItem(key, value);
  }
}

const answer = (i: number) => `{"label":"label-${i % 7}","confidence":0.9}`;

describe("the add-in's cache in OfficeRuntime.storage", () => {
  it("is written in bounded chunks, and a flush writes only the chunks whose entries changed", async () => {
    const store = new RecordingStore();
    const cache = await openStoreCache(store);
    for (let i = 0; i < 20_000; i++) await cache.set(`key-${i}`, answer(i));
    await cache.flush();
    const total = store.writes.reduce((sum, write) => sum + write.length, 0);
    expect(new Set(store.writes.map((write) => write.key)).size).toBe(STORE_CACHE_CHUNKS);
    // Each chunk is a fraction of the whole, so serialising one never holds the page for long.
    for (const write of store.writes) expect(write.length).toBeLessThan((total / STORE_CACHE_CHUNKS) * 1.5);

    store.writes = [];
    await cache.set("key-new", answer(1));
    await cache.get("key-17"); // used again: its chunk records the new order
    await cache.flush();
    expect(store.writes.length).toBeGreaterThanOrEqual(1);
    expect(store.writes.length).toBeLessThanOrEqual(2);

    store.writes = [];
    await cache.flush();
    expect(store.writes).toEqual([]);
  });

  it("keeps the order of use across chunks, so a reopened cache evicts the least recently used", async () => {
    const store = new MemoryStore();
    const size = (5 + answer(0).length + 8) * 2; // keys k0..k9
    const cache = await openStoreCache(store, 5 * size);
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, answer(i));
    await cache.flush();
    await cache.get("k0");
    await cache.get("k1");
    await cache.set("k5", answer(5)); // evicts k2
    await cache.flush();
    const reopened = await openStoreCache(store, 5 * size);
    expect(reopened.stats().entries).toBe(5);
    expect(await reopened.get("k2")).toBeUndefined();
    await reopened.set("k6", answer(6)); // evicts k3, the least recently used now
    await reopened.set("k7", answer(7)); // then k4
    expect(await reopened.get("k3")).toBeUndefined();
    expect(await reopened.get("k4")).toBeUndefined();
    expect(await reopened.get("k0")).toBe(answer(0));
    expect(await reopened.get("k1")).toBe(answer(1));
  });

  it("reads the single document an older version stored, and clearing empties every chunk", async () => {
    const store = new MemoryStore();
    await store.setItem(
      STORE_CACHE_KEY,
      JSON.stringify({
        version: 1,
        entries: [
          ["a", '{"label":"billing"}'],
          ["b", '{"label":"bug"}'],
        ],
      }),
    );
    const cache = await openStoreCache(store);
    expect(cache.stats().entries).toBe(2);
    await cache.set("c", '{"label":"praise"}');
    await cache.flush();
    const reopened = await openStoreCache(store);
    expect(reopened.stats().entries).toBe(3);
    expect(await reopened.get("a")).toBe('{"label":"billing"}');

    await reopened.clear();
    expect((await openStoreCache(store)).stats().entries).toBe(0);
    for (let chunk = 0; chunk < STORE_CACHE_CHUNKS; chunk++) {
      const text = await store.getItem(storeChunkKey(chunk));
      if (text !== null) expect(JSON.parse(text)).toMatchObject({ entries: [] });
    }
  });
});
