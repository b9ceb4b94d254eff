import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { JSONOutputFormat, Message, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { z } from "zod";
import {
  badOutputError,
  cloudErrorFrom,
  CloudError,
  retryAfterSeconds,
  safeOrigin,
  type FailureContext,
  type ProviderFailure,
} from "./cloud-errors";
import {
  cappedRetries,
  DEFAULT_CLOUD_TIMEOUT_MS,
  DEFAULT_MAX_OUTPUT_TOKENS,
  type ChatMessage,
  type CloudProvider,
  type CloudProviderBaseOptions,
  type CloudStructuredResult,
  type CloudTextResult,
  type CloudUsage,
} from "./cloud-provider";
import { isObjectSchema, structuredAnswer } from "./structured-output";

/**
 * Anthropic's Messages API through the official SDK. Structured output uses the GA
 * `output_config.format` (json_schema) that SDK 1.x types and sends without a beta header;
 * the schema goes through the SDK's own zod helper, which moves constraints the API cannot
 * enforce (lengths, bounds) into descriptions. We still validate the answer with zod.
 */

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";

export interface AnthropicOptions extends CloudProviderBaseOptions {
  /** Override for a proxy or a test server; default https://api.anthropic.com. */
  baseUrl?: string;
}

function failureOf(error: unknown): ProviderFailure | null {
  if (error instanceof APIUserAbortError) return { aborted: true };
  if (error instanceof APIConnectionTimeoutError) return { timedOut: true };
  if (error instanceof APIConnectionError) return { connectionFailed: true };
  if (error instanceof APIError) {
    return {
      status: error.status,
      apiMessage: error.apiMessage ?? undefined,
      code: error.type ?? undefined,
      requestId: error.requestID ?? null,
      retryAfterSeconds: retryAfterSeconds(error.headers),
    };
  }
  return null;
}

/** The Messages API takes the system prompt as a field of its own, not as a turn. */
function splitSystem(messages: readonly ChatMessage[]): {
  system: string | undefined;
  turns: MessageParam[];
} {
  const system = messages
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n\n");
  const turns: MessageParam[] = messages
    .filter((message) => message.role !== "system")
    .map((message) => ({
      role: message.role === "assistant" ? "assistant" : "user",
      content: message.content,
    }));
  return { system: system || undefined, turns };
}

function usageOf(message: Message): CloudUsage {
  const usage = message.usage;
  // Cache reads and writes are input too (billed at their own rates); count them so budgets see them.
  return {
    inputTokens:
      (usage?.input_tokens ?? 0) +
      (usage?.cache_creation_input_tokens ?? 0) +
      (usage?.cache_read_input_tokens ?? 0),
    outputTokens: usage?.output_tokens ?? 0,
  };
}

export function outputFormatFor(schema: z.ZodType): JSONOutputFormat {
  const { schema: jsonSchema } = zodOutputFormat(schema);
  return { type: "json_schema", schema: jsonSchema };
}

export class AnthropicProvider implements CloudProvider {
  readonly name = "anthropic" as const;
  readonly label = "Anthropic";
  readonly model: string;
  // Private: the SDK client holds the key.
  readonly #client: Anthropic;
  readonly #context: FailureContext;
  readonly #maxOutputTokens: number;

  constructor(options: AnthropicOptions) {
    this.model = options.model;
    const baseURL = options.baseUrl ?? ANTHROPIC_BASE_URL;
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
    const maxRetries = cappedRetries(options.maxRetries);
    this.#maxOutputTokens = options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      // Explicit, so ANTHROPIC_AUTH_TOKEN / ANTHROPIC_BASE_URL in the environment change nothing.
      authToken: null,
      baseURL,
      timeout: timeoutMs,
      maxRetries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    });
    this.#context = {
      provider: this.name,
      label: this.label,
      model: this.model,
      origin: safeOrigin(baseURL),
      timeoutMs,
      maxRetries,
      secret: options.apiKey,
    };
  }

  async chatStructured<T>(
    schema: z.ZodType<T>,
    messages: readonly ChatMessage[],
    signal?: AbortSignal,
  ): Promise<CloudStructuredResult<T>> {
    const format = outputFormatFor(schema);
    if (!isObjectSchema(format.schema)) {
      throw new CloudError("bad-request", "Structured cloud output needs a JSON object schema at the root.");
    }
    const message = await this.create(messages, signal, format);
    return structuredAnswer(schema, this.answerText(message), message.model || this.model, this.#context);
  }

  async chatText(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CloudTextResult> {
    const message = await this.create(messages, signal);
    const { raw, usage, requestId } = this.answerText(message);
    return { text: raw, usage, model: message.model || this.model, requestId };
  }

  private async create(
    messages: readonly ChatMessage[],
    signal: AbortSignal | undefined,
    format?: JSONOutputFormat,
  ): Promise<Message & { _request_id?: string | null }> {
    if (signal?.aborted) throw cloudErrorFrom({ aborted: true }, this.#context);
    const { system, turns } = splitSystem(messages);
    try {
      return await this.#client.messages.create(
        {
          model: this.model,
          max_tokens: this.#maxOutputTokens,
          messages: turns,
          ...(system ? { system } : {}),
          ...(format ? { output_config: { format } } : {}),
        },
        { signal },
      );
    } catch (error) {
      const failure = failureOf(error);
      if (!failure) throw error;
      throw cloudErrorFrom(failure, this.#context);
    }
  }

  private answerText(message: Message & { _request_id?: string | null }): {
    raw: string;
    usage: CloudUsage;
    requestId: string | null;
  } {
    const usage = usageOf(message);
    const requestId = message._request_id ?? null;
    const context = { ...this.#context, model: message.model || this.model };
    if (message.stop_reason === "refusal") {
      throw badOutputError(context, "the model's safety rules stopped the answer", {
        usage,
        requestId,
        refused: true,
      });
    }
    if (message.stop_reason === "max_tokens") {
      throw badOutputError(
        context,
        `it stopped at the output limit of ${this.#maxOutputTokens} tokens before finishing`,
        { usage, requestId },
      );
    }
    const raw = message.content
      .map((block) => (block.type === "text" ? block.text : ""))
      .join("")
      .trim();
    if (!raw) throw badOutputError(context, "the answer was empty", { usage, requestId });
    return { raw, usage, requestId };
  }
}
