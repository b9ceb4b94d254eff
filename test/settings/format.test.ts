import { describe, expect, it } from "vitest";
import { usageRows } from "../../taskpane/components/activity/UsageChart";
import {
  formatBytes,
  formatContextLength,
  formatCount as formatTokens,
  formatMoney as formatUsd,
  formatQuantity,
} from "../../taskpane/components/format";
import { applyDelta, emptyDay } from "../../src/routing/usage-store";

describe("settings and activity formatting", () => {
  it("writes model sizes as Ollama users read them", () => {
    expect(formatBytes(1_929_912_432)).toBe("1.9 GB");
    expect(formatBytes(397_807_936)).toBe("398 MB");
    expect(formatBytes(45_600_000)).toBe("45.6 MB");
    expect(formatBytes(12_300)).toBe("12 KB");
    expect(formatBytes(0)).toBe("0 B");
  });

  it("writes context lengths in K", () => {
    expect(formatContextLength(32768)).toBe("32K");
    expect(formatContextLength(131072)).toBe("128K");
    expect(formatContextLength(8000)).toBe("8K");
    expect(formatContextLength(512)).toBe("512");
  });

  it("shows small cloud costs with enough digits to be non-zero", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1.234)).toBe("$1.23");
    expect(formatUsd(0.000123)).toBe("$0.00012");
    expect(formatUsd(0.001)).toBe("$0.001");
    expect(formatTokens(1234567)).toBe("1,234,567");
  });

  it("scales the usage bars to the larger of local and cloud", () => {
    const day = applyDelta(emptyDay("2025-06-01"), {
      local: { requests: 40, inputTokens: 30_000, outputTokens: 10_000 },
      cloud: { requests: 2, inputTokens: 1_500, outputTokens: 500, costUsd: 0.0006 },
    });
    const rows = usageRows(day);
    expect(rows.local).toMatchObject({ requests: 40, tokens: 40_000, percent: 100 });
    expect(rows.cloud).toMatchObject({ requests: 2, tokens: 2_000, percent: 5 });
  });

  it("draws no bars on a day without work, and a visible sliver for tiny use", () => {
    expect(usageRows(emptyDay("2025-06-01")).local.percent).toBe(0);
    const day = applyDelta(emptyDay("2025-06-01"), {
      local: { inputTokens: 1_000_000 },
      cloud: { inputTokens: 10 },
    });
    expect(usageRows(day).cloud.percent).toBe(1);
  });
  it("writes counts the same way everywhere: grouped digits and the right plural", () => {
    expect(formatQuantity(10000, "cell")).toBe("10,000 cells");
    expect(formatQuantity(1, "cell")).toBe("1 cell");
    expect(formatQuantity(0, "entry", "entries")).toBe("0 entries");
  });
});
