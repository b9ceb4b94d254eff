import { paneRuntime } from "./runtime";
import type { AuditEntry } from "../../src/routing/audit-log";
import type { CloudStatus } from "../../src/routing/cloud-status";
import type { DailyUsage } from "../../src/routing/usage-store";

/** What the Activity view reads: today's usage and the cloud audit log, both kept by the local server. */
export async function usageToday(): Promise<DailyUsage> {
  return (await paneRuntime()).cloud.usageToday();
}

/** Recorded days, newest first (the last 30). */
export async function usageHistory(): Promise<DailyUsage[]> {
  return (await paneRuntime()).cloud.usageHistory();
}

/** Every cloud request on record, newest first. */
export async function auditEntries(): Promise<AuditEntry[]> {
  const entries = await (await paneRuntime()).cloud.audit();
  return [...entries].sort((a, b) => b.time.localeCompare(a.time));
}

/** The cloud policy, so an empty audit log can say whether cloud use is off. */
export async function cloudPolicyMode(): Promise<CloudStatus["policy"]["mode"]> {
  return (await (await paneRuntime()).cloud.status()).policy.mode;
}

/** The pane's recent operations (what ran, on which model, how it ended), for the Activity view. */
export { operationLog, type Operation } from "../../src/addin/operation-log";
