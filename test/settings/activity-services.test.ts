import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import { CloudService } from "../../server/cloud-service";
import { JsonlFileAuditLog } from "../../src/host/node/audit-log-file";
import { JsonFileUsageStore } from "../../src/host/node/usage-store-file";
import { utcDateKey } from "../../src/routing/usage-store";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { auditEntries, cloudPolicyMode, usageToday } from "../../taskpane/services/activity";
import { cloudStatus, removeCloudKey, saveCloudKey, saveCloudPolicy } from "../../taskpane/services/settings";
import { closedPortUrl } from "../support/network";

/**
 * The Activity and cloud-settings services against our real server and its CloudService, with
 * the audit log and usage written where the server keeps them ($SLM_HOME).
 */
describe("activity and cloud settings services", () => {
  let home: string;
  let addin: RunningAddinServer;

  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "slm-activity-"));
    const today = utcDateKey(new Date());
    await new JsonFileUsageStore(path.join(home, "usage.json")).add(today, {
      local: { requests: 12, inputTokens: 9000, outputTokens: 1000 },
      cloud: { requests: 1, inputTokens: 700, outputTokens: 300, costUsd: 0.0003 },
      costAvoidedUsd: 0.0021,
    });
    const audit = new JsonlFileAuditLog(path.join(home, "audit.jsonl"));
    for (const [id, time] of [
      ["older", "2025-05-01T09:00:00.000Z"],
      ["newer", "2025-05-02T09:00:00.000Z"],
    ] as const) {
      await audit.append({
        type: "request",
        id,
        time,
        provider: "openai",
        model: "gpt-4o-mini",
        task: "explain",
        trigger: "complex-formula",
        reason: "The formula is complex",
        approval: "auto",
        payloadSha256: "ab".repeat(32),
        payload: [{ role: "user", content: "Explain =SUM([EMAIL_1])" }],
        redactions: { email: 1 },
      });
    }
    const service = await CloudService.open(home, undefined);
    addin = await startAddinServer({
      distDir: home,
      ollamaUrl: await closedPortUrl(),
      port: 0,
      cloud: service,
    });
    configureAddinRuntime({
      store: new MemoryStore(),
      cloudBaseUrl: `${addin.url}/cloud`,
      relayKey: addin.relayKey,
    });
  });
  afterEach(async () => {
    await addin.close();
    await rm(home, { recursive: true, force: true });
  });

  it("reads today's usage and the audit log, newest first", async () => {
    expect(await usageToday()).toMatchObject({
      local: { requests: 12, inputTokens: 9000 },
      cloud: { requests: 1, costUsd: 0.0003 },
      costAvoidedUsd: 0.0021,
    });
    expect((await auditEntries()).map((entry) => entry.id)).toEqual(["newer", "older"]);
    expect(await cloudPolicyMode()).toBe("never");
  });

  it("stores the key in the server and never returns it", async () => {
    const key = "sk-settings-test-4c1d9e";
    const saved = await saveCloudKey(key);
    expect(saved).toMatchObject({ keySet: true, keyFrom: "file" });
    expect(JSON.stringify(saved)).not.toContain(key);
    expect(JSON.stringify(await cloudStatus())).not.toContain(key);
    expect(await removeCloudKey()).toMatchObject({ keySet: false, keyFrom: null });
  });

  it("saves the policy on the server, merged field by field", async () => {
    await saveCloudPolicy({ mode: "auto", maxRequestsPerDay: 5 });
    const status = await cloudStatus();
    expect(status.policy).toMatchObject({ mode: "auto", maxRequestsPerDay: 5, maxTokensPerDay: 200_000 });
    const redaction = { ...status.policy.redaction, enabled: false };
    expect((await saveCloudPolicy({ redaction })).policy.redaction.enabled).toBe(false);
  });

  it("fails with the local-server hint when the page's server has no cloud relay", async () => {
    configureAddinRuntime({ store: new MemoryStore(), cloudBaseUrl: `${await closedPortUrl()}/cloud` });
    await expect(usageToday()).rejects.toThrow(/npm start/);
  });
});
