import { z } from "zod";
import { AnthropicProvider } from "./anthropic-provider";
import { CloudError } from "./cloud-errors";
import type { CloudProvider } from "./cloud-provider";
import { OpenAiCompatibleProvider } from "./openai-compatible-provider";

/**
 * The user's choice of cloud provider, as settings can store it. The key is deliberately not
 * part of it: it is passed in by the caller (the CLI reads SLM_CLOUD_API_KEY) so it never ends
 * up in a settings blob, a workbook or a log.
 */
export const CloudProviderConfigSchema = z.object({
  kind: z.enum(["openai", "azure-openai", "openai-compatible", "anthropic"]).default("openai"),
  /** Model name; for Azure OpenAI, the deployment name. */
  model: z.string().min(1).default("gpt-4o-mini"),
  /** Required for "openai-compatible"; an optional override (proxy) for the others. */
  baseUrl: z.string().url().optional(),
  /** Required for "azure-openai": https://<resource>.openai.azure.com */
  azureEndpoint: z.string().url().optional(),
  timeoutSec: z.number().int().min(1).max(600).default(60),
  maxOutputTokens: z.number().int().min(16).max(64_000).default(4096),
});

export type CloudProviderConfig = z.infer<typeof CloudProviderConfigSchema>;

export interface ProviderRuntime {
  fetch?: typeof fetch;
  /** Timeouts below a second, for tests. Overrides timeoutSec. */
  timeoutMs?: number;
  maxRetries?: number;
  dangerouslyAllowBrowser?: boolean;
}

export function createCloudProvider(
  config: CloudProviderConfig,
  apiKey: string,
  runtime: ProviderRuntime = {},
): CloudProvider {
  if (!apiKey.trim()) {
    throw new CloudError(
      "auth",
      "No cloud API key is set, so nothing can be sent to the cloud. Set one (the CLI reads SLM_CLOUD_API_KEY), " +
        'or keep the cloud policy at "never".',
    );
  }
  const common = {
    apiKey,
    model: config.model,
    timeoutMs: runtime.timeoutMs ?? config.timeoutSec * 1000,
    maxRetries: runtime.maxRetries,
    maxOutputTokens: config.maxOutputTokens,
    fetch: runtime.fetch,
    dangerouslyAllowBrowser: runtime.dangerouslyAllowBrowser,
  };
  if (config.kind === "anthropic") return new AnthropicProvider({ ...common, baseUrl: config.baseUrl });
  return new OpenAiCompatibleProvider({
    ...common,
    flavor: config.kind,
    baseUrl: config.baseUrl,
    azureEndpoint: config.azureEndpoint,
  });
}
