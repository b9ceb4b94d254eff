import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import type { z } from "zod";
import { jsonSchemaFor } from "../llm/json-schema";
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
 * OpenAI, Azure OpenAI (its v1 endpoint, which the plain client speaks) and any server that
 * implements /v1/chat/completions, all through the official `openai` SDK.
 */

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export type OpenAiFlavor = "openai" | "azure-openai" | "openai-compatible";

export interface OpenAiCompatibleOptions extends CloudProviderBaseOptions {
  /** Default "openai". */
  flavor?: OpenAiFlavor;
  /** "openai": optional override; "openai-compatible": required, e.g. http://host:8000/v1. */
  baseUrl?: string;
  /** "azure-openai": the resource endpoint, e.g. https://my-resource.openai.azure.com. */
  azureEndpoint?: string;
}

/** Azure's v1 API lives under the resource endpoint; the model field carries the deployment name. */
export function azureV1BaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/openai/v1/`;
}

function resolveBaseUrl(options: OpenAiCompatibleOptions): string {
  const flavor = options.flavor ?? "openai";
  if (flavor === "azure-openai") {
    if (!options.azureEndpoint) {
      throw new CloudError(
        "bad-request",
        "Azure OpenAI needs the resource endpoint (e.g. https://my-resource.openai.azure.com). Set it in the cloud settings.",
      );
    }
    return azureV1BaseUrl(options.azureEndpoint);
  }
  if (flavor === "openai-compatible" && !options.baseUrl) {
    throw new CloudError(
      "bad-request",
      "An OpenAI-compatible server needs its base URL (e.g. http://localhost:8000/v1). Set it in the cloud settings.",
    );
  }
  // Passed explicitly so OPENAI_BASE_URL in the environment never silently redirects requests.
  return options.baseUrl ?? OPENAI_BASE_URL;
}

function labelFor(flavor: OpenAiFlavor, baseUrl: string): string {
  if (flavor === "openai") return "OpenAI";
  if (flavor === "azure-openai") return "Azure OpenAI";
  return `the OpenAI-compatible server at ${safeOrigin(baseUrl)}`;
}

function failureOf(error: unknown): ProviderFailure | null {
  if (error instanceof APIUserAbortError) return { aborted: true };
  if (error instanceof APIConnectionTimeoutError) return { timedOut: true };
  if (error instanceof APIConnectionError) return { connectionFailed: true };
  if (error instanceof APIError) {
    const body = (error.error ?? {}) as { message?: unknown };
    return {
      status: error.status,
      apiMessage: typeof body.message === "string" ? body.message : undefined,
      code: error.code ?? undefined,
      requestId: error.requestID ?? null,
      retryAfterSeconds: retryAfterSeconds(error.headers),
    };
  }
  return null;
}

function toSdkMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message) => ({ role: message.role, content: message.content }));
}

/**
 * The response_format for a zod schema: strict when the schema fits OpenAI's strict subset
 * (every field required, no open objects), otherwise the same schema non-strict, because
 * optional fields are common in our task schemas and strict mode would refuse them.
 */
export function responseFormatFor(schema: z.ZodType, name = "result"): ResponseFormatJSONSchema {
  try {
    const strict = zodResponseFormat(schema, name).json_schema;
    const { $schema: _dialect, ...strictSchema } = strict.schema ?? {};
    return { type: "json_schema", json_schema: { name, schema: strictSchema, strict: true } };
  } catch {
    return { type: "json_schema", json_schema: { name, schema: jsonSchemaFor(schema), strict: false } };
  }
}

function usageOf(response: ChatCompletion): CloudUsage {
  return {
    inputTokens: response.usage?.prompt_tokens ?? 0,
    outputTokens: response.usage?.completion_tokens ?? 0,
  };
}

export class OpenAiCompatibleProvider implements CloudProvider {
  readonly name: OpenAiFlavor;
  readonly label: string;
  readonly model: string;
  // Private fields: the SDK client holds the key, and nothing that serialises or logs the
  // provider should ever reach it.
  readonly #client: OpenAI;
  readonly #context: FailureContext;
  readonly #maxOutputTokens: number;

  constructor(options: OpenAiCompatibleOptions) {
    this.name = options.flavor ?? "openai";
    this.model = options.model;
    const baseURL = resolveBaseUrl(options);
    this.label = labelFor(this.name, baseURL);
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
    const maxRetries = cappedRetries(options.maxRetries);
    this.#maxOutputTokens = options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
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
      modelIsDeployment: this.name === "azure-openai",
      secret: options.apiKey,
    };
  }

  async chatStructured<T>(
    schema: z.ZodType<T>,
    messages: readonly ChatMessage[],
    signal?: AbortSignal,
  ): Promise<CloudStructuredResult<T>> {
    const format = responseFormatFor(schema);
    if (!isObjectSchema(format.json_schema.schema ?? {})) {
      throw new CloudError("bad-request", "Structured cloud output needs a JSON object schema at the root.");
    }
    const response = await this.complete(messages, signal, format);
    return structuredAnswer(schema, this.answerText(response), response.model || this.model, this.#context);
  }

  async chatText(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CloudTextResult> {
    const response = await this.complete(messages, signal);
    const { raw, usage, requestId } = this.answerText(response);
    return { text: raw, usage, model: response.model || this.model, requestId };
  }

  private async complete(
    messages: readonly ChatMessage[],
    signal: AbortSignal | undefined,
    responseFormat?: ResponseFormatJSONSchema,
  ): Promise<ChatCompletion & { _request_id?: string | null }> {
    if (signal?.aborted) throw cloudErrorFrom({ aborted: true }, this.#context);
    try {
      return await this.#client.chat.completions.create(
        {
          model: this.model,
          messages: toSdkMessages(messages),
          // OpenAI's newer models refuse max_tokens; other servers may only know max_tokens.
          ...(this.name === "openai-compatible"
            ? { max_tokens: this.#maxOutputTokens }
            : { max_completion_tokens: this.#maxOutputTokens }),
          ...(responseFormat ? { response_format: responseFormat } : {}),
        },
        { signal },
      );
    } catch (error) {
      const failure = failureOf(error);
      if (!failure) throw error;
      throw cloudErrorFrom(failure, this.#context);
    }
  }

  /** The answer's text, or the reason there is none (refusal, filter, cut off at the limit). */
  private answerText(response: ChatCompletion & { _request_id?: string | null }): {
    raw: string;
    usage: CloudUsage;
    requestId: string | null;
  } {
    const usage = usageOf(response);
    const requestId = response._request_id ?? null;
    const choice = response.choices[0];
    const context = { ...this.#context, model: response.model || this.model };
    if (!choice) throw badOutputError(context, "the response had no choices", { usage, requestId });
    if (choice.message.refusal) {
      throw badOutputError(context, choice.message.refusal, { usage, requestId, refused: true });
    }
    if (choice.finish_reason === "content_filter") {
      throw badOutputError(context, "the provider's content filter stopped the answer", {
        usage,
        requestId,
        refused: true,
      });
    }
    if (choice.finish_reason === "length") {
      throw badOutputError(
        context,
        `it stopped at the output limit of ${this.#maxOutputTokens} tokens before finishing`,
        { usage, requestId },
      );
    }
    const raw = choice.message.content;
    if (typeof raw !== "string") throw badOutputError(context, "the answer was empty", { usage, requestId });
    return { raw, usage, requestId };
  }
}
