import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CloudService } from "../../server/cloud-service";
import type { AuditRecord } from "../../src/routing/audit-log";
import { JsonlFileAuditLog } from "../../src/host/node/audit-log-file";
import { utcDateKey } from "../../src/routing/usage-store";
import { JsonFileUsageStore } from "../../src/host/node/usage-store-file";
import { startPaneHarness, type PaneHarness } from "./pane-harness";

/**
 * The Activity view in Chromium: today's usage and the cloud audit log come from our server's
 * /cloud relay, which reads them from its SLM_HOME (seeded here the way the server writes them).
 */
const HASH_ONLY = "9f".repeat(32);

function request(id: string, time: string, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    type: "request",
    id,
    time,
    provider: "openai",
    model: "gpt-4o-mini",
    task: "explain",
    trigger: "complex-formula",
    reason: "The formula is complex (score 52 ≥ 40)",
    approval: "auto",
    payloadSha256: "ab".repeat(32),
    payload: [
      { role: "system", content: "Explain the formula." },
      { role: "user", content: 'Explain =SUMIFS(C:C, B:B, "[EMAIL_1]")' },
    ],
    redactions: { email: 1 },
    ...extra,
  } as AuditRecord;
}

async function seededHome(): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), "slm-activity-view-"));
  const now = Date.now();
  await new JsonFileUsageStore(path.join(home, "usage.json")).add(utcDateKey(new Date()), {
    local: { requests: 12, inputTokens: 9_000, outputTokens: 1_000 },
    cloud: { requests: 2, inputTokens: 1_500, outputTokens: 500, costUsd: 0.0006 },
    costAvoidedUsd: 0.0021,
  });
  // An earlier day, for the per-day table.
  await new JsonFileUsageStore(path.join(home, "usage.json")).add(
    utcDateKey(new Date(now - 2 * 86_400_000)),
    {
      local: { requests: 40, inputTokens: 30_000, outputTokens: 4_000 },
      costAvoidedUsd: 0.0069,
    },
  );
  const audit = new JsonlFileAuditLog(path.join(home, "audit.jsonl"));
  await audit.append(request("first", new Date(now - 60_000).toISOString()));
  await audit.append({
    type: "result",
    id: "first",
    time: new Date(now - 58_000).toISOString(),
    outcome: "ok",
    answeredBy: "gpt-4o-mini-2024-07-18",
    inputTokens: 1_200,
    outputTokens: 300,
    costUsd: 0.00036,
    durationMs: 1800,
  });
  const { payload: _payload, ...withoutPayload } = request("second", new Date(now - 30_000).toISOString(), {
    task: "classify",
    approval: "user",
    reason: "You asked for a cloud review",
    payloadSha256: HASH_ONLY,
  } as Partial<AuditRecord>) as AuditRecord & { payload?: unknown };
  await audit.append(withoutPayload as AuditRecord);
  await audit.append({
    type: "result",
    id: "second",
    time: new Date(now - 29_000).toISOString(),
    outcome: "error",
    answeredBy: null,
    inputTokens: 300,
    outputTokens: 200,
    costUsd: 0.00024,
    durationMs: 900,
    error: { kind: "rate-limited", message: "The provider is rate limiting requests." },
  });
  return home;
}

describe("activity view in Chromium, with cloud history", () => {
  let harness: PaneHarness;
  let home: string;

  beforeAll(async () => {
    home = await seededHome();
    harness = await startPaneHarness({ cloud: await CloudService.open(home, undefined) });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("shows usage today as a chart and the audit entries, newest first, each opening to what was sent", async () => {
    const page = await harness.openPane({ width: 320, view: "activity" });
    await expect
      .poll(() => page.getByTestId("usage-local").innerText())
      .toMatch(/Local\s+10,000 tokens · 12 requests/);
    expect(await page.getByTestId("usage-cloud").innerText()).toMatch(/Cloud\s+2,000 tokens · 2 requests/);
    expect(await page.getByTestId("usage-cost").innerText()).toBe("Cloud cost today: $0.0006");
    expect(await page.getByTestId("usage-avoided").innerText()).toBe(
      "Cost avoided by working locally: $0.0021",
    );
    // The chart is a table: row headers and numbers for screen readers, bars hidden from them.
    expect(await page.getByRole("rowheader", { name: "Local" }).count()).toBe(1);

    const entries = page.getByTestId("audit-entry");
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).innerText()).toMatch(
      /classify · openai gpt-4o-mini[\s\S]*error · 500 tokens/,
    );
    expect(await entries.nth(1).innerText()).toMatch(
      /explain · openai gpt-4o-mini[\s\S]*1,500 tokens · \$0\.00036/,
    );

    await entries.nth(1).getByRole("button").first().click();
    const payload = entries.nth(1).getByTestId("audit-payload");
    await expect.poll(() => payload.innerText()).toContain('user:\nExplain =SUMIFS(C:C, B:B, "[EMAIL_1]")');
    const details = await entries.nth(1).innerText();
    expect(details).toContain("Answered by gpt-4o-mini-2024-07-18");
    expect(details).toContain("1 email address");
    expect(details).toContain("Automatic, within the budget");

    await entries.nth(0).getByRole("button").first().click();
    await expect.poll(() => entries.nth(0).innerText()).toContain(`SHA-256 ${HASH_ONLY}`);
    const hashOnly = await entries.nth(0).innerText();
    expect(hashOnly).toContain("Not kept (payload logging is off)");
    expect(hashOnly).toContain("Failed: The provider is rate limiting requests.");
    expect(hashOnly).toContain("You approved it");

    // Usage per day, newest first, with totals over the days shown.
    const days = page.getByTestId("usage-history").locator("tbody tr");
    expect(await days.count()).toBe(2);
    expect(await days.nth(0).innerText()).toMatch(/12\s+2\s+\$0\.0006\s+\$0\.0021/);
    expect(await days.nth(1).innerText()).toMatch(/40\s+0\s+\$0\.00\s+\$0\.0069/);
    expect(await page.getByTestId("activity-history").innerText()).toMatch(
      /Over these 2 days: cloud cost \$0\.0006, cost avoided by\s+working locally \$0\.0090?/,
    );

    expect(await page.getByTestId("activity-writes").innerText()).toMatch(/Recent changes/);
    await harness.screenshot(page, "activity-light-320");
    await page.context().close();
  });

  it("says usage and the audit log need the local server when /cloud cannot be reached; recent changes still show", async () => {
    const page = await harness.openPane({ width: 320 });
    await page.route("**/cloud/**", (route) => route.abort("connectionrefused"));
    await page.getByTestId("tab-activity").click();
    await expect
      .poll(() => page.getByTestId("activity-cloud-unavailable").innerText())
      .toContain("Usage and the cloud audit log need the local server (npm start)");
    expect(await page.getByTestId("activity-writes").getByTestId("recent-writes-empty").isVisible()).toBe(
      true,
    );
    await page.context().close();
  });
});

describe("activity view in Chromium, before any cloud use", () => {
  let harness: PaneHarness;
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "slm-activity-empty-"));
    harness = await startPaneHarness({ cloud: await CloudService.open(home, undefined) });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("says cloud use is off and leads to its settings", async () => {
    const page = await harness.openPane({ width: 320, view: "activity" });
    await expect
      .poll(() => page.getByTestId("audit-empty").innerText())
      .toContain("No cloud requests yet — cloud use is off");
    expect(await page.getByTestId("usage-cloud").innerText()).toMatch(/0 tokens · 0 requests/);
    await page.getByTestId("audit-empty").getByRole("button", { name: "Cloud settings" }).click();
    await page.getByTestId("settings-cloud").waitFor();
    await page.context().close();
  });
});
