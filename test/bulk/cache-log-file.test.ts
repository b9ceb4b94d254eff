import { describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { appendFile, mkdtemp, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { LruResultCache } from "../../src/bulk/lru-cache";
import { CacheLogFile } from "../../src/host/node/cache-log-file";

/** The --cache composition (src/host/xlsx/file-cache.ts) with a byte cap a test can reach. */
async function openCache(dir: string, maxBytes = 1_000_000_000) {
  const files = new CacheLogFile(path.join(dir, "base"), path.join(dir, "log"));
  const cache = new LruResultCache((changes) => files.write(changes), maxBytes, 60_000);
  const loaded = await files.load();
  cache.load(loaded.entries, loaded);
  return { cache, files };
}

const tempDir = () => mkdtemp(path.join(os.tmpdir(), "slm-cache-log-"));
const answer = (i: number) => `{"label":"label-${i % 7}","confidence":0.9}`;

async function fill(cache: LruResultCache, from: number, to: number) {
  for (let i = from; i < to; i++) await cache.set(`k${i}`, answer(i));
}

/** The keys a reopened cache holds, in least-recently-used order: evicting them one by one shows it. */
async function keysInOrder(dir: string, maxBytes: number, candidates: string[]): Promise<string[]> {
  const { cache } = await openCache(dir, maxBytes);
  const present: string[] = [];
  for (const key of candidates) if ((await cache.get(key)) !== undefined) present.push(key);
  return present;
}

describe("the --cache files: a base and an append-only log", () => {
  it("a reopened cache sees everything appended by earlier flushes", async () => {
    const dir = await tempDir();
    const { cache } = await openCache(dir);
    await fill(cache, 0, 100);
    await cache.flush();
    await fill(cache, 100, 250);
    await cache.flush();
    await cache.set("k3", "changed");
    await cache.flush();
    const { cache: reopened } = await openCache(dir);
    expect(reopened.stats()).toEqual(cache.stats());
    expect(await reopened.get("k3")).toBe("changed");
    expect(await reopened.get("k249")).toBe(answer(249));
  });

  it("a flush with a million-byte cache writes only the new entries", async () => {
    const dir = await tempDir();
    const { cache, files } = await openCache(dir);
    await fill(cache, 0, 20_000);
    await cache.flush();
    const base = await stat(path.join(dir, "base"));
    const logBefore = files.sizes().log;
    expect(base.size).toBeGreaterThan(1_000_000);
    await fill(cache, 20_000, 20_010);
    await cache.flush();
    const written = files.sizes().log - logBefore;
    // Ten entries of about 60 bytes: the base is not rewritten, the log grows by those alone.
    expect(written).toBeGreaterThan(10 * answer(0).length);
    expect(written).toBeLessThan(1_000);
    expect((await stat(path.join(dir, "base"))).mtimeMs).toBe(base.mtimeMs);
    expect((await stat(path.join(dir, "log"))).size).toBe(files.sizes().log);
  });

  it("entries evicted to stay under the byte cap do not come back on reopen, and the order of use survives", async () => {
    const dir = await tempDir();
    const size = (4 + answer(0).length + 8) * 2; // one entry's accounted bytes (keys k0..k9)
    const { cache } = await openCache(dir, 5 * size);
    await fill(cache, 0, 5);
    await cache.flush();
    await cache.get("k0"); // used again: now the most recent
    await fill(cache, 5, 7); // evicts k1 and k2
    await cache.flush();
    const keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k6"];
    // Reopened with room for all: the evicted ones stay gone.
    expect(await keysInOrder(dir, 100 * size, keys)).toEqual(["k0", "k3", "k4", "k5", "k6"]);
    // One more entry in the reopened cache evicts the least recently used: k3, not k0.
    const { cache: reopened } = await openCache(dir, 5 * size);
    await reopened.set("k7", answer(7));
    expect(await reopened.get("k3")).toBeUndefined();
    expect(await reopened.get("k0")).toBe(answer(0));
  });

  it("a torn last line (a crash mid-append) loses only that line, and later appends still count", async () => {
    const dir = await tempDir();
    const { cache } = await openCache(dir);
    await fill(cache, 0, 10);
    await cache.flush();
    await fill(cache, 10, 20);
    await cache.flush();
    const log = path.join(dir, "log");
    const whole = (await stat(log)).size;
    await appendFile(log, '[["k99","{\\"label\\":');
    const { cache: afterCrash } = await openCache(dir);
    expect(afterCrash.stats().entries).toBe(20);
    await afterCrash.set("k20", answer(20));
    await afterCrash.flush();
    const { cache: reopened } = await openCache(dir);
    expect(reopened.stats().entries).toBe(21);
    expect(await reopened.get("k99")).toBeUndefined();
    expect(await reopened.get("k20")).toBe(answer(20));

    // Cut inside the second flush's line: the first flush's entries stand.
    await truncate(log, whole - 5);
    const { cache: cut } = await openCache(dir);
    expect(await cut.get("k5")).toBe(answer(5));
    expect(await cut.get("k15")).toBeUndefined();
  });

  it("compaction keeps every live entry, including changes made while it runs", async () => {
    const dir = await tempDir();
    const size = (6 + answer(0).length + 8) * 2;
    const maxBytes = 30_000 * size;
    const { cache, files } = await openCache(dir, maxBytes);
    await fill(cache, 0, 1_000);
    await cache.flush(); // the first write makes the base
    let compactions = 0;
    let lastBase = files.sizes().base;
    for (let round = 1; round <= 40; round++) {
      // New entries, some removed by eviction once over the cap, some used again.
      await fill(cache, round * 1_000, round * 1_000 + 1_000);
      for (let i = 0; i < 50; i++) await cache.get(`k${round * 1_000 - i * 7}`);
      const flushing = cache.flush();
      // Changes during the write (and a compaction, when one runs) go to the next write.
      await cache.set(`during-${round}`, "x");
      await cache.get(`k${round * 1_000 + 3}`);
      await flushing;
      await cache.flush();
      if (files.sizes().base !== lastBase) compactions++;
      lastBase = files.sizes().base;
    }
    expect(compactions).toBeGreaterThanOrEqual(2);
    expect(cache.stats().entries).toBeLessThan(41_000);
    const { cache: reopened } = await openCache(dir, maxBytes);
    expect(reopened.stats()).toEqual(cache.stats());
    for (let i = 0; i < 41_000; i += 97) expect(await reopened.get(`k${i}`)).toBe(await cache.get(`k${i}`));
    expect(await reopened.get("during-40")).toBe("x");
  });

  it("a log left from before a crash between writing the new base and the new log is not replayed", async () => {
    const dir = await tempDir();
    const { cache, files } = await openCache(dir);
    await fill(cache, 0, 5);
    await cache.flush();
    const oldLog = await readFile(path.join(dir, "log"), "utf8");
    await cache.set("k0", "removed soon");
    await cache.flush();
    await cache.clear(); // a new base of another generation: empty
    // As if the process died after renaming the base into place, before replacing the log.
    await writeFile(path.join(dir, "log"), oldLog);
    expect(files.sizes().base).toBeGreaterThan(0);
    const { cache: reopened } = await openCache(dir);
    expect(reopened.stats().entries).toBe(0);
  });

  it("a base cut short (a disk full before the rename cannot do it, a copy can) reads as empty, and the next save replaces it", async () => {
    const dir = await tempDir();
    const { cache } = await openCache(dir);
    await fill(cache, 0, 3_000);
    await cache.flush();
    const base = path.join(dir, "base");
    await truncate(base, (await stat(base)).size - 40);
    const { cache: cut } = await openCache(dir);
    expect(cut.stats().entries).toBe(0);
    await cut.set("k1", "again");
    await cut.flush();
    const { cache: reopened } = await openCache(dir);
    expect(reopened.stats().entries).toBe(1);
    expect(await reopened.get("k1")).toBe("again");
  });
});
