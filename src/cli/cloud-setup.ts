import { mkdir } from "node:fs/promises";
import type { CloudProvider } from "../cloud/cloud-provider";
import type { CloudRouter } from "../routing/cloud-router";
import { slmHomePaths } from "../host/node/slm-home";
import { UsageError } from "./cli-errors";
import { stringOption, type CommandContext } from "./command";

/**
 * The CLI's cloud options: --cloud openai|anthropic|none, --cloud-url, --cloud-model,
 * --escalate never|ask|auto, --yes. The key comes only from the environment (SLM_CLOUD_API_KEY),
 * never from a flag (it would land in shell history). The audit log and usage totals live in
 * $SLM_HOME (default ~/.excel-slm): audit.jsonl and usage.json.
 */
export const CLOUD_OPTIONS = {
  cloud: { type: "string" },
  "cloud-url": { type: "string" },
  "cloud-model": { type: "string" },
  escalate: { type: "string" },
  yes: { type: "boolean" },
} as const;

export async function cloudRouterFrom(
  context: CommandContext,
): Promise<{ router: CloudRouter; auditPath: string }> {
  // Loaded on demand: the cloud SDKs take a while to load, and most commands never need them.
  const [{ CloudProviderConfigSchema, createCloudProvider }, audit, policy, routing, usage] =
    await Promise.all([
      import("../cloud/cloud-provider-config"),
      import("../host/node/audit-log-file"),
      import("../routing/cloud-policy"),
      import("../routing/cloud-router"),
      import("../host/node/usage-store-file"),
    ]);
  const cloud = stringOption(context, "cloud") ?? "none";
  const escalate = stringOption(context, "escalate") ?? "never";
  if (!["openai", "anthropic", "none"].includes(cloud)) {
    throw new UsageError(`--cloud must be openai, anthropic or none (got "${cloud}")`);
  }
  if (!["never", "ask", "auto"].includes(escalate)) {
    throw new UsageError(`--escalate must be never, ask or auto (got "${escalate}")`);
  }
  let provider: CloudProvider | null = null;
  if (cloud !== "none") {
    const key = context.env.SLM_CLOUD_API_KEY ?? "";
    if (!key.trim() && escalate !== "never") {
      throw new UsageError(
        `--cloud ${cloud} needs the API key in the environment variable SLM_CLOUD_API_KEY.`,
      );
    }
    const baseUrl = stringOption(context, "cloud-url");
    const config = CloudProviderConfigSchema.parse({
      kind: cloud === "anthropic" ? "anthropic" : baseUrl ? "openai-compatible" : "openai",
      model:
        stringOption(context, "cloud-model") ?? (cloud === "anthropic" ? "claude-sonnet-4-5" : "gpt-4o-mini"),
      baseUrl,
    });
    provider = key.trim() ? createCloudProvider(config, key) : null;
  }
  // The CLI cannot ask: "ask" sends only with --yes, otherwise it behaves as "never" — and says
  // that consent was missing, since the user did not choose "never".
  const consentMissing = escalate === "ask" && context.values.yes !== true;
  const mode = consentMissing ? "never" : escalate;
  const paths = slmHomePaths(context.env);
  await mkdir(paths.home, { recursive: true });
  const auditPath = paths.auditLog;
  const router = new routing.CloudRouter({
    policy: policy.CloudPolicySchema.parse({ mode }),
    provider,
    audit: new audit.JsonlFileAuditLog(auditPath),
    usage: new usage.JsonFileUsageStore(paths.usage),
    neverReason: consentMissing ? consentMissingReason(provider?.label ?? cloud) : undefined,
  });
  return { router, auditPath };
}

/** What --escalate ask without --yes tells the user when a request calls for the cloud model. */
export function consentMissingReason(provider: string): string {
  return (
    `Sending this to ${provider} needs your consent under --escalate ask, and none was given, ` +
    `so nothing was sent: it stays with the local model. To send it, rerun with --yes (approves this run), ` +
    `or use --escalate auto (sends within the daily budget without asking).`
  );
}
