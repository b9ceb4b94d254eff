import { mkdir, readFile, rm } from "node:fs/promises";
import { z } from "zod";
import { CloudProviderConfigSchema, createCloudProvider } from "../src/cloud/cloud-provider-config";
import { describeError } from "../src/errors/slm-error";
import { writeFileAtomically } from "../src/host/node/atomic-file";
import { slmHomePaths, type SlmHomePaths } from "../src/host/node/slm-home";
import { JsonlFileAuditLog, type AuditSettingsRecord } from "../src/host/node/audit-log-file";
import { CloudPolicySchema } from "../src/routing/cloud-policy";
import type { CloudConfigUpdate, CloudStatus } from "../src/routing/cloud-status";
import { CloudRouter } from "../src/routing/cloud-router";
import type { RouteDecision, RouteRequest } from "../src/routing/route-decision";
import { JsonFileUsageStore } from "../src/host/node/usage-store-file";
import type { DailyUsage } from "../src/routing/usage-store";

/**
 * The cloud side of the local server. The API key lives here — in SLM_CLOUD_API_KEY or in
 * $SLM_HOME/cloud-key (mode 0600) — and never goes back to the page. Redaction, the policy, the
 * budget, consent tickets and the audit log ($SLM_HOME/audit.jsonl) all run here, in one
 * CloudRouter, so a page can only ask; it cannot send around them. Every change to where data
 * may go (provider, base URL, policy, key set or removed) is written to the audit log before it
 * takes effect, and the key and settings files are replaced atomically (temporary file in the
 * same folder, then rename), so a crash leaves the old file or the new one, never half of one.
 */

type SettingValue = AuditSettingsRecord["changes"][number]["from"];

/** Objects as dotted paths to their scalar leaves ("policy.redaction.enabled"), arrays as JSON. */
function flatten(value: unknown, prefix: string, into: Map<string, SettingValue>): Map<string, SettingValue> {
  if (value === undefined) return into;
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    into.set(prefix, value);
  } else if (Array.isArray(value)) {
    into.set(prefix, JSON.stringify(value));
  } else if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`, into);
  }
  return into;
}

/** The settings that differ between two set-ups, old and new value each. */
function settingChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): AuditSettingsRecord["changes"] {
  const old = flatten(before, "", new Map());
  const next = flatten(after, "", new Map());
  const changes: AuditSettingsRecord["changes"] = [];
  for (const setting of new Set([...old.keys(), ...next.keys()])) {
    const from = old.get(setting) ?? null;
    const to = next.get(setting) ?? null;
    if (from !== to) changes.push({ setting: setting.slice(1), from, to });
  }
  return changes;
}

const StoredSettingsSchema = z.object({
  provider: CloudProviderConfigSchema.nullable().default(null),
  policy: CloudPolicySchema.prefault({}),
});
type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export class CloudService {
  readonly auditLog: JsonlFileAuditLog;
  private readonly usage: JsonFileUsageStore;
  private settings: StoredSettings = StoredSettingsSchema.parse({});
  private fileKey: string | null = null;
  private problem: string | null = null;
  readonly router: CloudRouter;

  private constructor(
    private readonly paths: SlmHomePaths,
    private readonly envKey: string | undefined,
  ) {
    this.auditLog = new JsonlFileAuditLog(paths.auditLog);
    this.usage = new JsonFileUsageStore(paths.usage);
    this.router = new CloudRouter({
      policy: this.settings.policy,
      provider: null,
      audit: this.auditLog,
      usage: this.usage,
    });
  }

  /** `paths`: the $SLM_HOME layout, or a folder to hold the same files (tests). */
  static async open(
    paths: SlmHomePaths | string,
    envKey = process.env.SLM_CLOUD_API_KEY,
  ): Promise<CloudService> {
    const layout = typeof paths === "string" ? slmHomePaths({ SLM_HOME: paths }) : paths;
    await mkdir(layout.home, { recursive: true });
    const service = new CloudService(layout, envKey?.trim() || undefined);
    const stored = await readFile(service.settingsPath, "utf8").catch(() => null);
    if (stored) {
      const parsed = StoredSettingsSchema.safeParse(JSON.parse(stored));
      if (parsed.success) service.settings = parsed.data;
    }
    service.fileKey = (await readFile(service.keyPath, "utf8").catch(() => "")).trim() || null;
    service.reconfigure();
    return service;
  }

  private get settingsPath(): string {
    return this.paths.cloudSettings;
  }

  private get keyPath(): string {
    return this.paths.cloudKey;
  }

  private get key(): string | null {
    return this.envKey ?? this.fileKey;
  }

  status(): CloudStatus {
    const provider = this.settings.provider;
    return {
      provider: provider
        ? {
            kind: provider.kind,
            model: provider.model,
            baseUrl: provider.baseUrl,
            azureEndpoint: provider.azureEndpoint,
          }
        : null,
      keySet: this.key !== null,
      keyFrom: this.envKey ? "environment" : this.fileKey ? "file" : null,
      policy: structuredClone(this.settings.policy),
      problem: this.problem,
    };
  }

  /**
   * Stores the key for the user only (0600; the temporary file is created 0600 too); the
   * environment variable, when set, wins. The log records that a key was set or removed, not which.
   */
  async setKey(key: string | null): Promise<void> {
    const next = key?.trim() || null;
    await this.recordChanges(
      { key: this.fileKey === null ? "not set" : "set" },
      { key: next === null ? "not set" : "set" },
    );
    if (next === null) {
      await rm(this.keyPath, { force: true });
    } else {
      await writeFileAtomically(this.keyPath, next, { mode: 0o600 });
    }
    this.fileKey = next;
    this.reconfigure();
  }

  /** Validates before anything is stored: a bad update changes nothing. */
  async configure(update: CloudConfigUpdate): Promise<void> {
    const next = StoredSettingsSchema.parse({
      provider: update.provider === undefined ? this.settings.provider : update.provider,
      policy: { ...this.settings.policy, ...update.policy },
    });
    await this.recordChanges(this.settings, next);
    await writeFileAtomically(this.settingsPath, JSON.stringify(next, null, 2), { mode: 0o600 });
    this.settings = next;
    this.reconfigure();
  }

  /** The recorded changes to the cloud set-up, oldest first. */
  async settingsChanges(): Promise<AuditSettingsRecord[]> {
    await this.auditLog.entries(); // waits for appends still queued
    const text = await readFile(this.auditLog.path, "utf8").catch(() => "");
    const changes: AuditSettingsRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as { type?: unknown };
        if (record.type === "settings") changes.push(record as AuditSettingsRecord);
      } catch {
        // A torn last line (power loss mid-write) must not hide the changes before it.
      }
    }
    return changes;
  }

  /**
   * Written before the change takes effect, as a request is before it is sent: a change that
   * cannot be recorded is not made.
   */
  private async recordChanges(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<void> {
    const changes = settingChanges(before, after);
    if (changes.length === 0) return;
    await this.auditLog.append({
      type: "settings",
      id: crypto.randomUUID(),
      time: new Date().toISOString(),
      changes,
    });
  }

  /** Recorded days, newest first, at most `days` of them. */
  async usageHistory(days: number): Promise<DailyUsage[]> {
    return (await this.usage.list()).reverse().slice(0, days);
  }

  decide(request: RouteRequest): Promise<RouteDecision> {
    return this.router.decide(request);
  }

  /** Sends a decided request; the answer is checked against the page's JSON Schema here. */
  async send(decision: RouteDecision, jsonSchema: Record<string, unknown> | null, signal?: AbortSignal) {
    if (jsonSchema) return this.router.sendStructured(decision, z.fromJSONSchema(jsonSchema), signal);
    return this.router.sendText(decision, signal);
  }

  private reconfigure(): void {
    const config = this.settings.provider;
    const key = this.key;
    this.problem = null;
    let provider = null;
    if (config && key) {
      try {
        provider = createCloudProvider(config, key);
      } catch (error) {
        // A half-filled provider (e.g. Azure without its endpoint) keeps everything local and says why.
        this.problem = describeError(error);
      }
    }
    this.router.configure({ policy: this.settings.policy, provider });
  }
}
