import { describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { cacheKey, openStoreCache, STORE_CACHE_KEY } from "../../src/bulk/result-cache";
import { MemoryStore } from "../../src/settings/key-value-store";
import { FILE_CACHE_NAME, openFileCache } from "../../src/host/xlsx/file-cache";

describe("the result cache", () => {
  it("keys differ when any part or the input differs, and agree otherwise", () => {
    const parts = ["classify", "qwen2.5:3b", 1, '["a","b"]', ""];
    expect(cacheKey(parts, "refund")).toBe(cacheKey([...parts], "refund"));
    expect(cacheKey(parts, "refund")).not.toBe(cacheKey(parts, "refunds"));
    expect(cacheKey(parts, "refund")).not.toBe(
      cacheKey(["classify", "llama3.2:3b", 1, '["a","b"]', ""], "refund"),
    );
    const keys = new Set(Array.from({ length: 20_000 }, (_, i) => cacheKey(parts, `ticket ${i}`)));
    expect(keys.size).toBe(20_000);
  });

  it("survives a reopen through OfficeRuntime-style storage and stays under its byte cap, dropping the least recently used", async () => {
    const store = new MemoryStore();
    const cache = await openStoreCache(store, 1_500);
    await cache.set("old", "x".repeat(300));
    await cache.set("kept", "y".repeat(300));
    await cache.get("old"); // used again: now the most recent
    await cache.set("new", "z".repeat(300));
    expect(cache.stats().bytes).toBeLessThanOrEqual(1_500);
    expect(await cache.get("kept")).toBeUndefined();
    expect(await cache.get("old")).toBe("x".repeat(300));
    await cache.flush();

    const reopened = await openStoreCache(store, 1_500);
    expect(await reopened.get("new")).toBe("z".repeat(300));
    expect(await reopened.get("old")).toBe("x".repeat(300));
  });

  it("treats a damaged store as empty instead of failing", async () => {
    const store = new MemoryStore();
    await store.setItem(STORE_CACHE_KEY, "{not json");
    await store.setItem(`${STORE_CACHE_KEY}.3`, '{"version":2,"entries":[["x","y"');
    const cache = await openStoreCache(store);
    expect(cache.stats().entries).toBe(0);
    await cache.set("a", "1");
    expect(await cache.get("a")).toBe("1");
  });

  it("keeps the CLI's --cache in its folder for a later run, and starts empty from a damaged file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-cache-"));
    const cache = await openFileCache(dir);
    await cache.set("k", '{"label":"bug","confidence":0.9}');
    await cache.flush();
    expect(await (await openFileCache(dir)).get("k")).toBe('{"label":"bug","confidence":0.9}');
    await writeFile(path.join(dir, FILE_CACHE_NAME), "garbage");
    const damaged = await openFileCache(dir);
    expect(damaged.stats().entries).toBe(0);
    await damaged.set("k2", "2");
    await damaged.flush();
    expect(await (await openFileCache(dir)).get("k2")).toBe("2");
  });

  it("reads a --cache file written by an older version (one JSON document) and keeps its answers", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-cache-v1-"));
    const old = {
      version: 1,
      entries: [
        ["a", '{"label":"billing"}'],
        ["b", '{"label":"bug"}'],
      ],
    };
    await writeFile(path.join(dir, FILE_CACHE_NAME), JSON.stringify(old));
    const cache = await openFileCache(dir);
    expect(cache.stats().entries).toBe(2);
    expect(await cache.get("a")).toBe('{"label":"billing"}');
    await cache.set("c", '{"label":"praise"}');
    await cache.flush();
    expect(await readFile(path.join(dir, FILE_CACHE_NAME), "utf8")).not.toContain('"version":1');
    const reopened = await openFileCache(dir);
    expect(reopened.stats().entries).toBe(3);
    expect(await reopened.get("b")).toBe('{"label":"bug"}');
  });
});
