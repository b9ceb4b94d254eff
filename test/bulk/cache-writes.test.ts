import { afterEach, beforeEach, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { LruResultCache, type CacheChanges } from "../../src/bulk/lru-cache";
import { FILE_CACHE_LOG_NAME, FILE_CACHE_NAME, openFileCache } from "../../src/host/xlsx/file-cache";

/** Resolves `done()` by hand, so a test decides when a write finishes. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("result cache writes", () => {
  // A timed write that fails after its caller has moved on surfaces here; it must not happen.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it("runs one write at a time, in order, and flush() waits for a timed write still in progress", async () => {
    const written: string[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const cache = new LruResultCache(
      async (changes: CacheChanges) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        const step = gate();
        gates.push(step);
        await step.opened;
        written.push([...changes.keys.keys()]);
        running--;
      },
      1_000_000,
      5,
    );
    await cache.set("a", "1");
    await sleep(30); // the timed write starts and is held open
    expect(gates).toHaveLength(1);
    await cache.set("b", "2");
    let flushed = false;
    const flush = cache.flush().then(() => (flushed = true));
    await sleep(10);
    // The final document waits behind the timed one, and flush() waits for both.
    expect(gates).toHaveLength(1);
    expect(flushed).toBe(false);
    gates[0]!.open();
    await sleep(10);
    expect(gates).toHaveLength(2);
    expect(flushed).toBe(false);
    gates[1]!.open();
    await flush;
    expect(mostAtOnce).toBe(1);
    // Each write gets only what changed since the one before.
    expect(written).toEqual([["a"], ["b"]]);
  });

  it("reports a failed write to onPersistError instead of failing flush(), and writes every entry next time", async () => {
    const failures: unknown[] = [];
    let fail = true;
    const written: [string, string][][] = [];
    const cache = new LruResultCache(
      async (changes: CacheChanges) => {
        if (fail) throw new Error("EACCES: permission denied");
        expect(changes.all).toBe(true);
        written.push([...changes.entries]);
      },
      1_000_000,
      5,
      (error) => failures.push(error),
    );
    await cache.set("a", "1");
    await sleep(30); // the timed write fails
    await expect(cache.flush()).resolves.toBeUndefined();
    expect(failures.length).toBeGreaterThanOrEqual(1);
    fail = false;
    await cache.flush();
    expect(written).toEqual([[["a", "1"]]]);
    expect(unhandled).toEqual([]);
  });

  it("without onPersistError, a failed timed write is reported by the next flush(), never as an unhandled rejection", async () => {
    let fail = true;
    const cache = new LruResultCache(
      async () => {
        if (fail) throw new Error("disk full");
      },
      1_000_000,
      5,
    );
    await cache.set("a", "1");
    await sleep(30);
    expect(unhandled).toEqual([]);
    await expect(cache.flush()).rejects.toThrow("disk full");
    fail = false;
    await expect(cache.flush()).resolves.toBeUndefined();
  });

  it("a timed write and the final flush racing on --cache both succeed, and a later run sees every entry", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-cache-race-"));
    const warnings: string[] = [];
    const cache = await openFileCache(dir, (message) => warnings.push(message));
    // A few megabytes, so the timed write is still going when the final flush starts.
    const value = "x".repeat(400);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8_000; i++) await cache.set(`r${round}-${i}`, value);
      await sleep(505); // the cache's 500 ms timer fires first and starts writing
      await cache.set(`last-${round}`, "1");
      await cache.flush();
      const reopened = await openFileCache(dir);
      expect(reopened.stats().entries).toBe(cache.stats().entries);
      expect(await reopened.get(`last-${round}`)).toBe("1");
      expect(await reopened.get(`r0-0`)).toBe(value);
    }
    expect(warnings).toEqual([]);
    expect(unhandled).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual([FILE_CACHE_LOG_NAME, FILE_CACHE_NAME].sort());
  }, 30_000);

  it("a cache folder that turns into a file only warns, once", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-cache-gone-"));
    const folder = path.join(dir, "cache");
    const warnings: string[] = [];
    const cache = await openFileCache(folder, (message) => warnings.push(message));
    await rm(folder, { recursive: true });
    await writeFile(folder, "not a folder any more");
    await cache.set("a", "1");
    await expect(cache.flush()).resolves.toBeUndefined();
    await cache.set("b", "2");
    await expect(cache.flush()).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not save the result cache in ".*cache".*still written.*writable/);
    expect(await cache.get("b")).toBe("2");
  });
});
