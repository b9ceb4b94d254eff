import { afterEach, beforeEach, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { LruDocumentCache } from "../../src/bulk/result-cache";
import { FILE_CACHE_NAME, openFileCache } from "../../src/host/xlsx/file-cache";

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
    const written: string[] = [];
    const gates: ReturnType<typeof gate>[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const cache = new LruDocumentCache(
      async (document) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        const step = gate();
        gates.push(step);
        await step.opened;
        written.push(document);
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
    expect(written.map((document) => JSON.parse(document).entries.length)).toEqual([1, 2]);
  });

  it("reports a failed write to onPersistError instead of failing flush(), and writes the entries again next time", async () => {
    const failures: unknown[] = [];
    let fail = true;
    const written: string[] = [];
    const cache = new LruDocumentCache(
      async (document) => {
        if (fail) throw new Error("EACCES: permission denied");
        written.push(document);
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
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!).entries).toEqual([["a", "1"]]);
    expect(unhandled).toEqual([]);
  });

  it("without onPersistError, a failed timed write is reported by the next flush(), never as an unhandled rejection", async () => {
    let fail = true;
    const cache = new LruDocumentCache(
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

  it("a timed write and the final flush racing on --cache both succeed, and the later document is what stays", async () => {
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
      const stored = JSON.parse(await readFile(path.join(dir, FILE_CACHE_NAME), "utf8"));
      expect(stored.entries.at(-1)).toEqual([`last-${round}`, "1"]);
    }
    expect(warnings).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(await readdir(dir)).toEqual([FILE_CACHE_NAME]);
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
