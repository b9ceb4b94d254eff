import type { z } from "zod";

/**
 * The one shape every cloud model is used through, whichever SDK is behind it. Messages are plain
 * text turns: cloud requests are built from already-redacted text, never from live sheet objects.
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Tokens as the provider billed them (read from the response, not estimated). */
export interface CloudUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CloudStructuredResult<T> {
  value: T;
  /** The JSON text the model produced. */
  raw: string;
  usage: CloudUsage;
  /** The model that answered, as the provider reports it (often a dated snapshot of the one asked for). */
  model: string;
  /** The provider's request id, for support tickets; null when it sent none. */
  requestId: string | null;
}

export interface CloudTextResult {
  text: string;
  usage: CloudUsage;
  model: string;
  requestId: string | null;
}

/** Which SDK and which address family a provider uses. */
export type CloudProviderKind = "openai" | "azure-openai" | "openai-compatible" | "anthropic";

export interface CloudProvider {
  readonly name: CloudProviderKind;
  /** For messages: "OpenAI", "Azure OpenAI", "Anthropic", "the OpenAI-compatible server at host". */
  readonly label: string;
  /** The model (Azure: the deployment) requests ask for. */
  readonly model: string;
  chatStructured<T>(
    schema: z.ZodType<T>,
    messages: readonly ChatMessage[],
    signal?: AbortSignal,
  ): Promise<CloudStructuredResult<T>>;
  chatText(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CloudTextResult>;
}

/** The SDKs retry 408/409/429/5xx and dropped connections themselves; never more than this. */
export const MAX_CLOUD_RETRIES = 2;
export const DEFAULT_CLOUD_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Options every provider takes; the key comes from the caller (env or the user's settings), never a workbook. */
export interface CloudProviderBaseOptions {
  apiKey: string;
  model: string;
  /** Per attempt; the SDK retries a timed-out attempt. Default 60 s. */
  timeoutMs?: number;
  /** Capped at 2. */
  maxRetries?: number;
  maxOutputTokens?: number;
  fetch?: typeof fetch;
  /** Only for a page that really calls the provider directly (the add-in normally goes through its server). */
  dangerouslyAllowBrowser?: boolean;
}

export function cappedRetries(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return MAX_CLOUD_RETRIES;
  return Math.max(0, Math.min(MAX_CLOUD_RETRIES, Math.floor(requested)));
}
