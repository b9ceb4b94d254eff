import type { z } from "zod";
import { parseStructured } from "../llm/parse-structured";
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
  type CloudProviderKind,
  type CloudStructuredResult,
  type CloudTextResult,
  type CloudUsage,
} from "./cloud-provider";

/**
 * What the OpenAI and Anthropic providers do the same way around their official SDK clients: the
 * client options, the failure context, the abort check, SDK errors → CloudError, the answer checks
 * (refused, cut off, empty), usage and request id, and the structured-output parse. Each provider
 * only binds its SDK: how a schema becomes its output format, how messages become one request, how a
 * response reads and where the SDK's errors keep the provider's explanation.
 */

/** What one response says, once its SDK's shape is read. */
export type SdkAnswer =
  | { kind: "text"; text: string }
  | { kind: "refused"; reason: string }
  | { kind: "cut-off" }
  | { kind: "missing"; reason: string };

export const EMPTY_ANSWER: SdkAnswer = { kind: "missing", reason: "the answer was empty" };

/** What both SDKs' responses carry alike. */
export interface SdkResponse {
  /** The model that answered (often a dated snapshot of the one asked for); "" when not named. */
  model: string;
  /** The SDKs put the provider's request id here. */
  _request_id?: string | null;
}

export interface SdkBinding<Format, Response extends SdkResponse, ApiError extends SdkApiError> {
  /** The SDK's structured-output format for a schema, and the JSON Schema at its root. */
  outputFormat(schema: z.ZodType): { format: Format; root: Record<string, unknown> };
  /** One request through the SDK client; SDK errors are thrown as they are. */
  send(messages: readonly ChatMessage[], signal: AbortSignal | undefined, format?: Format): Promise<Response>;
  answerOf(response: Response): SdkAnswer;
  usageOf(response: Response): CloudUsage;
  /** The SDK's client class: its statics are the SDK's error classes. */
  errors: SdkErrorClasses<ApiError>;
  /** Where the SDK's API error keeps the provider's own explanation and error code. */
  explain(error: ApiError): { apiMessage?: string; code?: string };
}

/** The SDK client options both SDKs take alike, and what error messages say about the provider. */
export interface ProviderSetup {
  client: {
    apiKey: string;
    baseURL: string;
    timeout: number;
    maxRetries: number;
    fetch?: typeof fetch;
    dangerouslyAllowBrowser: boolean;
  };
  context: FailureContext;
  maxOutputTokens: number;
}

export function providerSetup(
  options: CloudProviderBaseOptions,
  provider: { name: CloudProviderKind; label: string; baseURL: string; modelIsDeployment?: boolean },
): ProviderSetup {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
  const maxRetries = cappedRetries(options.maxRetries);
  const context: FailureContext = {
    provider: provider.name,
    label: provider.label,
    model: options.model,
    origin: safeOrigin(provider.baseURL),
    timeoutMs,
    maxRetries,
    ...(provider.modelIsDeployment ? { modelIsDeployment: true } : {}),
    secret: options.apiKey,
  };
  return {
    client: {
      apiKey: options.apiKey,
      baseURL: provider.baseURL,
      timeout: timeoutMs,
      maxRetries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    },
    context,
    maxOutputTokens: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  };
}

/** The error classes each SDK exports under the same names (the classes themselves differ). */
export interface SdkErrorClasses<ApiError> {
  APIUserAbortError: abstract new (...args: never[]) => unknown;
  APIConnectionTimeoutError: abstract new (...args: never[]) => unknown;
  APIConnectionError: abstract new (...args: never[]) => unknown;
  APIError: abstract new (...args: never[]) => ApiError;
}

export interface SdkApiError {
  status: number | undefined;
  headers: Headers | undefined;
  requestID?: string | null | undefined;
}

/** An SDK error reduced to a ProviderFailure, or null for anything the SDK did not throw. */
function sdkFailure<ApiError extends SdkApiError>(
  error: unknown,
  binding: Pick<SdkBinding<unknown, SdkResponse, ApiError>, "errors" | "explain">,
): ProviderFailure | null {
  const sdk = binding.errors;
  // Most specific first: aborts and connection errors are APIErrors too.
  if (error instanceof sdk.APIUserAbortError) return { aborted: true };
  if (error instanceof sdk.APIConnectionTimeoutError) return { timedOut: true };
  if (error instanceof sdk.APIConnectionError) return { connectionFailed: true };
  if (error instanceof sdk.APIError) {
    return {
      status: error.status,
      ...binding.explain(error),
      requestId: error.requestID ?? null,
      retryAfterSeconds: retryAfterSeconds(error.headers),
    };
  }
  return null;
}

/** A cloud provider over one SDK binding; the subclass names the provider and makes the binding. */
export abstract class SdkProvider<
  Format,
  Response extends SdkResponse,
  ApiError extends SdkApiError,
> implements CloudProvider {
  abstract readonly name: CloudProviderKind;
  abstract readonly label: string;
  readonly model: string;
  // Private fields: the binding's SDK client and the context hold the key, and nothing that
  // serialises or logs the provider should ever reach it.
  readonly #binding: SdkBinding<Format, Response, ApiError>;
  readonly #context: FailureContext;
  readonly #maxOutputTokens: number;

  protected constructor(binding: SdkBinding<Format, Response, ApiError>, setup: ProviderSetup) {
    this.model = setup.context.model;
    this.#binding = binding;
    this.#context = setup.context;
    this.#maxOutputTokens = setup.maxOutputTokens;
  }

  async chatStructured<T>(
    schema: z.ZodType<T>,
    messages: readonly ChatMessage[],
    signal?: AbortSignal,
  ): Promise<CloudStructuredResult<T>> {
    const { format, root } = this.#binding.outputFormat(schema);
    // Both providers only accept an object at the root of a structured-output schema.
    if (root.type !== "object") {
      throw new CloudError("bad-request", "Structured cloud output needs a JSON object schema at the root.");
    }
    const { raw, usage, requestId, model, context } = await this.#answer(messages, signal, format);
    const parsed = parseStructured(schema, raw);
    if (!parsed.ok) throw badOutputError(context, parsed.problem, { usage, requestId });
    return { value: parsed.value, raw, usage, requestId, model };
  }

  async chatText(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CloudTextResult> {
    const { raw, usage, model, requestId } = await this.#answer(messages, signal);
    return { text: raw, usage, model, requestId };
  }

  /** The answer's text, or the reason there is none (refusal, filter, cut off at the limit). */
  async #answer(
    messages: readonly ChatMessage[],
    signal: AbortSignal | undefined,
    format?: Format,
  ): Promise<{
    raw: string;
    usage: CloudUsage;
    requestId: string | null;
    model: string;
    context: FailureContext;
  }> {
    const response = await this.#send(messages, signal, format);
    const answer = this.#binding.answerOf(response);
    const usage = this.#binding.usageOf(response);
    const requestId = response._request_id ?? null;
    const model = response.model || this.model;
    const context = { ...this.#context, model };
    switch (answer.kind) {
      case "text":
        return { raw: answer.text, usage, requestId, model, context };
      case "refused":
        throw badOutputError(context, answer.reason, { usage, requestId, refused: true });
      case "cut-off":
        throw badOutputError(
          context,
          `it stopped at the output limit of ${this.#maxOutputTokens} tokens before finishing`,
          { usage, requestId },
        );
      default:
        throw badOutputError(context, answer.reason, { usage, requestId });
    }
  }

  async #send(
    messages: readonly ChatMessage[],
    signal: AbortSignal | undefined,
    format?: Format,
  ): Promise<Response> {
    if (signal?.aborted) throw cloudErrorFrom({ aborted: true }, this.#context);
    try {
      return await this.#binding.send(messages, signal, format);
    } catch (error) {
      const failure = sdkFailure(error, this.#binding);
      if (!failure) throw error;
      throw cloudErrorFrom(failure, this.#context);
    }
  }
}
