import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { costOf, DEFAULT_PRICES, priceFor } from "../../src/routing/price-table";
import { MemoryUsageStore, utcDateKey, type UsageStore } from "../../src/routing/usage-store";
import { JsonFileUsageStore } from "../../src/host/node/usage-store-file";

describe.each([
  ["memory", async () => new MemoryUsageStore()],
  [
    "json file",
    async () => new JsonFileUsageStore(join(await mkdtemp(join(tmpdir(), "slm-usage-")), "u", "usage.json")),
  ],
])("%s usage store", (_name, make: () => Promise<UsageStore>) => {
  it("adds per UTC day and lists days in order", async () => {
    const store = await make();
    expect(await store.get("2025-01-02")).toMatchObject({ local: { requests: 0 }, cloud: { costUsd: 0 } });
    await store.add("2025-01-03", {
      cloud: { requests: 1, inputTokens: 100, outputTokens: 20, costUsd: 0.1 },
    });
    await store.add("2025-01-02", {
      local: { requests: 1, inputTokens: 50, outputTokens: 5 },
      costAvoidedUsd: 0.2,
    });
    const day = await store.add("2025-01-03", {
      cloud: { requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 0.2 },
    });
    expect(day.cloud).toEqual({ requests: 2, inputTokens: 101, outputTokens: 21, costUsd: 0.3 });
    expect((await store.list()).map((d) => d.date)).toEqual(["2025-01-02", "2025-01-03"]);
    expect((await store.get("2025-01-02")).costAvoidedUsd).toBe(0.2);
  });

  it("concurrent adds lose nothing", async () => {
    const store = await make();
    await Promise.all(Array.from({ length: 40 }, () => store.add("2025-01-02", { local: { requests: 1 } })));
    expect((await store.get("2025-01-02")).local.requests).toBe(40);
  });
});

describe("usage file and prices", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "slm-usage-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("persists across store objects and ignores malformed days", async () => {
    const path = join(dir, "usage.json");
    await new JsonFileUsageStore(path).add("2025-01-02", { cloud: { requests: 3 } });
    const raw = JSON.parse(await readFile(path, "utf8")) as { days: Record<string, unknown> };
    raw.days["2025-01-04"] = { date: "2025-01-04", local: "bad" };
    await writeFile(path, JSON.stringify(raw));
    const again = new JsonFileUsageStore(path);
    expect((await again.get("2025-01-02")).cloud.requests).toBe(3);
    expect((await again.list()).map((d) => d.date)).toEqual(["2025-01-02"]);
  });

  it("UTC day keys", () => {
    expect(utcDateKey(new Date("2025-03-01T23:30:00-05:00"))).toBe("2025-03-02");
  });

  it("prices: exact, by family prefix for dated snapshots, and unknown models", () => {
    expect(priceFor(DEFAULT_PRICES, "gpt-4o-mini-2024-07-18")).toEqual(DEFAULT_PRICES["gpt-4o-mini"]);
    expect(priceFor(DEFAULT_PRICES, "claude-sonnet-4-5-20250929")).toEqual(
      DEFAULT_PRICES["claude-sonnet-4-5"],
    );
    expect(priceFor(DEFAULT_PRICES, "gpt-4oops")).toBeNull();
    expect(
      costOf({ m: { inputPerMillion: 2, outputPerMillion: 8 } }, "m", {
        inputTokens: 1000,
        outputTokens: 500,
      }),
    ).toBe(0.006);
    expect(costOf(DEFAULT_PRICES, "mystery", { inputTokens: 1, outputTokens: 1 })).toBeNull();
  });
});
