import type { CloudProviderConfig } from "../../src/cloud/cloud-provider-config";
import type { InstalledModel, PullProgress } from "../../src/llm/ollama-client";
import { paneRuntime } from "./runtime";
import type { CloudPolicy } from "../../src/routing/cloud-policy";
import type { CloudStatus } from "../../src/routing/cloud-status";

/**
 * What the Settings view may do. Ollama through the runtime's client (relay or direct, as the
 * settings say); the cloud set-up through the local server's /cloud relay, which keeps the key.
 */

/** Trained context length per model name (null when Ollama does not say or /api/show failed). */
export async function contextLengths(
  models: readonly InstalledModel[],
  signal?: AbortSignal,
): Promise<Record<string, number | null>> {
  const runtime = await paneRuntime();
  const lengths = await Promise.all(
    models.map((model) => runtime.llm.contextLength(model.name, signal).catch(() => null)),
  );
  return Object.fromEntries(models.map((model, index) => [model.name, lengths[index] ?? null]));
}

export async function pullModel(
  model: string,
  onProgress: (progress: PullProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  await (await paneRuntime()).llm.pull(model, onProgress, signal);
}

export interface CacheStats {
  entries: number;
  bytes: number;
}

export async function resultCacheStats(): Promise<CacheStats> {
  return (await paneRuntime()).engine.cache.stats();
}

/** Empties the result cache; the next recalculation asks the model again. */
export async function clearResultCache(): Promise<CacheStats> {
  const cache = (await paneRuntime()).engine.cache;
  await cache.clear();
  return cache.stats();
}

export async function cloudStatus(signal?: AbortSignal): Promise<CloudStatus> {
  return (await paneRuntime()).cloud.status(signal);
}

/** The key goes to the local server, which stores it for this user; it never comes back. */
export async function saveCloudKey(key: string): Promise<CloudStatus> {
  return (await paneRuntime()).cloud.setKey(key);
}

export async function removeCloudKey(): Promise<CloudStatus> {
  return (await paneRuntime()).cloud.clearKey();
}

export async function saveCloudProvider(provider: CloudProviderConfig | null): Promise<CloudStatus> {
  return (await paneRuntime()).cloud.configure({ provider });
}

export async function saveCloudPolicy(policy: Partial<CloudPolicy>): Promise<CloudStatus> {
  return (await paneRuntime()).cloud.configure({ policy });
}
