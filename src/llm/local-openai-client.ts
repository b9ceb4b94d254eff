import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import type { Logprob } from "ollama/browser";
import { SETTING_DEFAULTS } from "../settings/settings";
import type { ModelServer } from "./chat-model";
import { LlmError } from "./errors";
import { jsonSchemaFor } from "./json-schema";
import type { StructuredChatCall, StructuredResult } from "./ollama-client";
import { parseStructured } from "./parse-structured";

/**
 * A LOCAL or on-premises server that speaks OpenAI's Chat Completions (llama.cpp's llama-server,
 * vLLM, LM Studio), through the official `openai` SDK with its base URL. It is a model server like
 * Ollama, not a cloud provider: nothing here is redacted, asked for consent or counted as cloud
 * use, because the data never leaves the user's own machines. Structured output goes as
 * `response_format: json_schema`; a server that ignores it is named as such, not blamed on the model.
 */

export interface LocalOpenAiClientOptions {
  /** The API root, e.g. http://127.0.0.1:8080/v1 (llama-server) or http://gpu1:8000/v1 (vLLM). */
  baseUrl: string;
  /** Most local servers need none; vLLM started with --api-key does. */
  apiKey?: string;
  timeoutMs?: number;
  /** SDK retries on 429/5xx and dropped connections (a pool uses few: another server can answer). */
  retries?: number;
  seed?: number;
  fetch?: typeof fetch;
}

/** The SDK insists on a key; local servers without --api-key ignore whatever is sent. */
const NO_KEY = "local-server-without-key";

export class LocalOpenAiClient implements ModelServer {
  readonly kind = "openai-compatible" as const;
  readonly baseUrl: string;
  private readonly client: OpenAI;
  private readonly seed: number;
  private readonly timeoutMs: number;
  /** Set when the server refused the logprobs fields: later requests leave them out. */
  private logprobsRefused = false;

  constructor(options: LocalOpenAiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.seed = options.seed ?? 42;
    this.timeoutMs = options.timeoutMs ?? SETTING_DEFAULTS.requestTimeoutSec * 1000;
    this.client = new OpenAI({
      // Passed explicitly so OPENAI_API_KEY / OPENAI_BASE_URL in the environment never apply here.
      apiKey: options.apiKey || NO_KEY,
      baseURL: this.baseUrl,
      timeout: this.timeoutMs,
      maxRetries: options.retries ?? 2,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      dangerouslyAllowBrowser: true,
    });
  }

  /** The models the server serves (GET /v1/models). */
  async modelNames(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const model of this.client.models.list({ signal })) names.push(model.id);
    } catch (error) {
      throw this.mapError(error);
    }
    return names;
  }

  async chatStructured<T>(request: StructuredChatCall<T>): Promise<StructuredResult<T>> {
    const schema = jsonSchemaFor(request.schema);
    let lastProblem = "";
    const maxAttempts = request.maxAttempts ?? 2;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const started = Date.now();
      const response = await this.complete(request, schema);
      const raw = response.choices[0]?.message.content ?? "";
      const parsed = parseStructured(request.schema, raw);
      if (parsed.ok) {
        return {
          value: parsed.value,
          raw,
          model: response.model || request.model,
          stats: {
            promptTokens: response.usage?.prompt_tokens ?? 0,
            outputTokens: response.usage?.completion_tokens ?? 0,
            totalMs: Date.now() - started,
            loadMs: 0,
            evalMs: 0,
          },
          logprobs: logprobsOf(response),
          attempts: attempt,
        };
      }
      if (!looksLikeJson(raw)) throw this.schemaIgnoredError(request.model, raw);
      lastProblem = parsed.problem;
    }
    throw new LlmError(
      "bad-output",
      `The model "${request.model}" at ${this.baseUrl} gave an answer that did not match the expected ` +
        `structure (${lastProblem}). If the server does not apply response_format json_schema, every ` +
        `answer will be off; otherwise try a larger model.`,
      { model: request.model, url: this.baseUrl },
    );
  }

  private async complete(
    request: StructuredChatCall<unknown>,
    schema: Record<string, unknown>,
  ): Promise<ChatCompletion> {
    const wantLogprobs = request.logprobs === true && !this.logprobsRefused;
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: request.model,
      messages: request.messages.map((message) => ({
        role: message.role as "system" | "user" | "assistant",
        content: message.content,
      })),
      temperature: 0,
      seed: this.seed,
      response_format: { type: "json_schema", json_schema: { name: "result", schema, strict: true } },
      ...(wantLogprobs ? { logprobs: true, top_logprobs: request.topLogprobs ?? 5 } : {}),
    };
    try {
      return await this.client.chat.completions.create(body, { signal: request.signal });
    } catch (error) {
      // Some servers refuse the logprobs fields instead of ignoring them: confidence is then
      // unknown, which classify handles, rather than every request failing.
      if (wantLogprobs && error instanceof OpenAI.BadRequestError && /logprob/i.test(error.message)) {
        this.logprobsRefused = true;
        return this.complete(request, schema);
      }
      throw this.mapError(error, request.model);
    }
  }

  private schemaIgnoredError(model: string, raw: string): LlmError {
    return new LlmError(
      "bad-request",
      `The server at ${this.baseUrl} ignored the JSON schema sent as response_format: "${model}" answered ` +
        `free text (${JSON.stringify(raw.slice(0, 60))}). Use a server that applies json_schema ` +
        `(llama.cpp's llama-server, vLLM, LM Studio 0.3+ or Ollama), or update it.`,
      { model, url: this.baseUrl },
    );
  }

  /** SDK errors as LlmErrors whose message says what to do about a local server. */
  private mapError(error: unknown, model?: string): LlmError {
    if (error instanceof LlmError) return error;
    const details = { cause: error, model, url: this.baseUrl };
    if (error instanceof OpenAI.APIUserAbortError)
      return new LlmError("cancelled", "The request was cancelled.");
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new LlmError(
        "timeout",
        `The server at ${this.baseUrl} did not answer within ${Math.round(this.timeoutMs / 1000)} s. ` +
          `The model may still be loading; try again, or raise the request timeout.`,
        details,
      );
    }
    if (error instanceof OpenAI.APIConnectionError) {
      return new LlmError(
        "unreachable",
        `Nothing answered at ${this.baseUrl}. Start the server (llama-server, vLLM or LM Studio's ` +
          `local server) or correct --local-openai / SLM_LOCAL_OPENAI_URL (it ends in /v1).`,
        details,
      );
    }
    if (error instanceof OpenAI.APIError) {
      const status = error.status ?? 0;
      const said = error.message;
      if (status === 404 && model && /model/i.test(said)) {
        return new LlmError(
          "model-not-found",
          `The server at ${this.baseUrl} does not serve "${model}" (${said}). Choose one it lists at /v1/models with --model.`,
          { ...details, status },
        );
      }
      if (status === 429 || status === 503) {
        return new LlmError("busy", `The server at ${this.baseUrl} is busy (${said}). Try again shortly.`, {
          ...details,
          status,
        });
      }
      if (status === 400 || status === 422) {
        return new LlmError("bad-request", `The server at ${this.baseUrl} refused the request: ${said}`, {
          ...details,
          status,
        });
      }
      return new LlmError("http", `The server at ${this.baseUrl} answered HTTP ${status}: ${said}`, {
        ...details,
        status,
      });
    }
    return new LlmError("http", `The server at ${this.baseUrl} failed: ${String(error)}`, details);
  }
}

function looksLikeJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** OpenAI's token logprobs in Ollama's shape, so label confidence reads both the same way. */
function logprobsOf(response: ChatCompletion): Logprob[] {
  const content = response.choices[0]?.logprobs?.content ?? [];
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top_logprobs: entry.top_logprobs.map((top) => ({ token: top.token, logprob: top.logprob })),
  }));
}
