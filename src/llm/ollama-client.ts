import { SETTING_DEFAULTS } from "../settings/settings";
import { Ollama, type ChatRequest, type ChatResponse, type Logprob, type Message } from "ollama/browser";
import { z } from "zod";
import { LlmError } from "./errors";
import {
  busyError,
  droppedBeforeAnswerError,
  droppedMidAnswerError,
  droppedThenUnreachableError,
  isConnectionFailure,
  isStreamCutShort,
  isTransientConnectionFailure,
  modelNotFoundError,
  notOllamaError,
  toLlmError,
} from "./ollama-errors";
import { jsonSchemaFor } from "./json-schema";
import { parseStructured } from "./parse-structured";

/**
 * The one way the engine talks to Ollama. Built on ollama-js (the `ollama/browser` entry works
 * in Node and in the webview) with the gaps filled: per-request cancellation and timeouts through
 * an injected fetch, retries on a full queue, schema-checked structured output, typed errors.
 */

export interface OllamaClientOptions {
  /** e.g. http://127.0.0.1:11434 (direct) or https://localhost:3000/ollama (through the local relay). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** The context window sent with every request. One value per model, so Ollama never reloads it. */
  numCtx?: number;
  seed?: number;
  /** Abort a request that has not finished after this long. */
  timeoutMs?: number;
  /** Attempts for a 503 (queue full) or a dropped connection, with exponential backoff. */
  retries?: number;
  retryBaseDelayMs?: number;
}

export interface CallStats {
  promptTokens: number;
  outputTokens: number;
  totalMs: number;
  loadMs: number;
  evalMs: number;
}

export interface ChatCall {
  model: string;
  messages: Message[];
  signal?: AbortSignal;
}

export interface StructuredChatCall<T> extends ChatCall {
  schema: z.ZodType<T>;
  /** Ask Ollama for token logprobs (used for classification confidence). */
  logprobs?: boolean;
  topLogprobs?: number;
  /** Tries before an off-schema reply is reported (default 2: one retry). */
  maxAttempts?: number;
}

export interface StructuredResult<T> {
  value: T;
  raw: string;
  model: string;
  stats: CallStats;
  logprobs: Logprob[];
  attempts: number;
}

export interface TextResult {
  text: string;
  model: string;
  stats: CallStats;
}

export interface InstalledModel {
  name: string;
  sizeBytes: number;
  family: string;
  parameterSize: string;
  quantization: string;
  modifiedAt: string;
}

export interface RunningModel {
  name: string;
  /** Bytes the loaded model takes: weights, KV cache and buffers. */
  sizeBytes: number;
  /** Of those, bytes in GPU memory (0 on a CPU-only machine). */
  vramBytes: number;
}

export interface PullProgress {
  status: string;
  completed?: number;
  total?: number;
}

export const DEFAULT_NUM_CTX = SETTING_DEFAULTS.numCtx;
export const DEFAULT_SEED = 42;
export const DEFAULT_TIMEOUT_MS = SETTING_DEFAULTS.requestTimeoutSec * 1000;

const NS_PER_MS = 1e6;

export function statsFrom(response: Partial<ChatResponse>): CallStats {
  // Ollama omits zero-valued metrics, so every field may be missing.
  return {
    promptTokens: response.prompt_eval_count ?? 0,
    outputTokens: response.eval_count ?? 0,
    totalMs: (response.total_duration ?? 0) / NS_PER_MS,
    loadMs: (response.load_duration ?? 0) / NS_PER_MS,
    evalMs: (response.eval_duration ?? 0) / NS_PER_MS,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export class OllamaClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly numCtx: number;
  private readonly modelMaxContext = new Map<string, Promise<number | null>>();
  private readonly seed: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;

  constructor(options: OllamaClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.numCtx = options.numCtx ?? DEFAULT_NUM_CTX;
    this.seed = options.seed ?? DEFAULT_SEED;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  }

  /** Ollama's version, e.g. "0.12.11". */
  async version(signal?: AbortSignal): Promise<string> {
    const response = await this.call({ signal }, (client) => client.version());
    return response.version;
  }

  async listModels(signal?: AbortSignal): Promise<InstalledModel[]> {
    const response = await this.call({ signal }, (client) => client.list());
    return response.models.map((model) => ({
      name: model.name,
      sizeBytes: model.size,
      family: model.details?.family ?? "",
      parameterSize: model.details?.parameter_size ?? "",
      quantization: model.details?.quantization_level ?? "",
      modifiedAt: String(model.modified_at),
    }));
  }

  /** Models Ollama holds in memory now (/api/ps): bytes in memory and how many of them are in VRAM. */
  async runningModels(signal?: AbortSignal): Promise<RunningModel[]> {
    const response = await this.call({ signal }, (client) => client.ps());
    return response.models.map((model) => ({
      name: model.name,
      sizeBytes: model.size,
      vramBytes: model.size_vram,
    }));
  }

  /** The model's trained context length, read from /api/show; null when Ollama does not say. */
  async contextLength(model: string, signal?: AbortSignal): Promise<number | null> {
    const response = await this.call({ signal, model }, (client) => client.show({ model }));
    // Typed as a Map by ollama-js, but it arrives as a plain JSON object.
    const info = response.model_info as unknown as Record<string, unknown>;
    const arch = info["general.architecture"];
    const length = typeof arch === "string" ? info[`${arch}.context_length`] : undefined;
    return typeof length === "number" ? length : null;
  }

  /**
   * The context window a request really gets: the num_ctx we send, or less when the model's own
   * maximum (from /api/show) is smaller. Falls back to num_ctx when Ollama cannot say.
   */
  async usableContext(model: string, signal?: AbortSignal): Promise<number> {
    // Asked once per model: every cell with a large range would otherwise call /api/show again.
    let modelMax = this.modelMaxContext.get(model);
    if (!modelMax) {
      modelMax = this.contextLength(model, signal).catch(() => {
        // Not remembered: the next call asks again (Ollama may be back, the request not cancelled).
        this.modelMaxContext.delete(model);
        return null;
      });
      this.modelMaxContext.set(model, modelMax);
    }
    const max = await modelMax;
    return max === null ? this.numCtx : Math.min(this.numCtx, max);
  }

  /** Pulls a model, reporting progress; resolves when Ollama says "success". */
  async pull(
    model: string,
    onProgress: (progress: PullProgress) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call(
      { signal, model, timeoutMs: Number.POSITIVE_INFINITY },
      async (client) => {
        const stream = await client.pull({ model, stream: true });
        for await (const part of stream) {
          onProgress({ status: part.status, completed: part.completed, total: part.total });
        }
      },
      { notFoundMeans: "pull" },
    );
  }

  /**
   * A chat whose reply must match `schema`. The schema goes to Ollama as `format` (grammar-
   * constrained decoding); the reply is still validated, and one off-schema reply is retried.
   */
  async chatStructured<T>(request: StructuredChatCall<T>): Promise<StructuredResult<T>> {
    const format = jsonSchemaFor(request.schema);
    let lastProblem = "";
    const maxAttempts = request.maxAttempts ?? 2;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const response = await this.call({ signal: request.signal, model: request.model }, (client) =>
        client.chat({
          ...this.baseRequest(request),
          format,
          stream: false,
          ...(request.logprobs ? { logprobs: true, top_logprobs: request.topLogprobs ?? 5 } : {}),
        }),
      );
      const raw = response.message?.content ?? "";
      const parsed = parseStructured(request.schema, raw);
      if (parsed.ok) {
        return {
          value: parsed.value,
          raw,
          model: response.model || request.model,
          stats: statsFrom(response),
          logprobs: response.logprobs ?? [],
          attempts: attempt,
        };
      }
      lastProblem = parsed.problem;
    }
    throw new LlmError(
      "bad-output",
      `The model "${request.model}" gave an answer that did not match the expected structure ` +
        `(${lastProblem}). Try again, or choose a larger or newer model.`,
      { model: request.model },
    );
  }

  /** A free-text chat, streamed so it can report tokens as they come and be cancelled at once. */
  async chatText(request: ChatCall & { onText?: (soFar: string) => void }): Promise<TextResult> {
    return this.call({ signal: request.signal, model: request.model }, async (client) => {
      const stream = await client.chat({ ...this.baseRequest(request), stream: true });
      let text = "";
      let final: Partial<ChatResponse> = {};
      for await (const chunk of stream) {
        text += chunk.message?.content ?? "";
        request.onText?.(text);
        if (chunk.done) final = chunk;
      }
      return { text, model: final.model || request.model, stats: statsFrom(final) };
    });
  }

  private baseRequest(request: ChatCall): Omit<ChatRequest, "stream"> {
    return {
      model: request.model,
      messages: request.messages,
      think: false,
      options: { temperature: 0, seed: this.seed, num_ctx: this.numCtx },
    };
  }

  /**
   * Ollama answers every API path with JSON (NDJSON when streaming). Anything else comes from
   * another program at that address: ollama-js would print its HTML as an "Ollama error", or
   * skip it line by line and report a broken stream, so it is named here instead. Empty error
   * bodies (Ollama's CORS 403) pass on to the status handling; a JSON body sent without a JSON
   * type (a proxy dropping the header) is passed on rebuilt.
   */
  private async requireOllamaResponse(input: RequestInfo | URL, response: Response): Promise<Response> {
    const contentType = response.headers.get("content-type") ?? "";
    if (JSON_CONTENT.test(contentType)) return response;
    const text = await response.text();
    if (!response.ok && text.trim() === "") {
      return new Response(null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    if (/^\s*[[{]/.test(text)) {
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    throw notOllamaError(
      { baseUrl: this.baseUrl, path: requestPath(input), status: response.status },
      { contentType, text },
    );
  }

  /**
   * Runs one Ollama operation with its own abort controller (caller's signal + timeout),
   * retrying a busy server or a dropped connection with backoff.
   */
  private async call<R>(
    options: { signal?: AbortSignal; model?: string; timeoutMs?: number },
    operation: (client: Ollama) => Promise<R>,
    behaviour: { notFoundMeans?: "model" | "pull" } = {},
  ): Promise<R> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // Whether an earlier try was cut off mid-answer: if the retries then find nothing listening,
    // the message must say both (Ollama stopped part-way), not just "not reachable".
    let cutOffBefore = false;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw cancelledError();
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener("abort", onCallerAbort, { once: true });
      let timedOut = false;
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
      // Set once a response's headers arrived: a connection failure after that is an answer cut
      // off, not an Ollama that cannot be reached.
      let answering = false;
      const client = new Ollama({
        host: this.baseUrl,
        fetch: async (input, init) => {
          const response = await this.fetchImpl(input, { ...init, signal: controller.signal });
          const checked = await this.requireOllamaResponse(input, response);
          answering = true;
          return checked;
        },
      });
      try {
        return await operation(client);
      } catch (error) {
        if (options.signal?.aborted) throw cancelledError();
        if (timedOut) {
          throw new LlmError(
            "timeout",
            `Ollama did not finish within ${Math.round(timeoutMs / 1000)} s. The model may still be loading ` +
              `or the request is too large; try again, or raise the request timeout.`,
            { model: options.model },
          );
        }
        const cutOff = answering && (isConnectionFailure(error) || isStreamCutShort(error));
        const context = { baseUrl: this.baseUrl, model: options.model };
        let mapped: LlmError;
        if (cutOff) mapped = droppedMidAnswerError({ ...context, tries: attempt + 1 }, error);
        else if (isTransientConnectionFailure(error)) mapped = droppedBeforeAnswerError(this.baseUrl, error);
        else mapped = toLlmError(error, context);
        if (cutOffBefore && mapped.kind === "unreachable" && !isTransientConnectionFailure(error)) {
          mapped = droppedThenUnreachableError(context, error);
        }
        cutOffBefore ||= cutOff;
        if (behaviour.notFoundMeans === "pull" && /file does not exist|not found/i.test(mapped.message)) {
          throw new LlmError(
            "model-not-found",
            `Ollama could not find "${options.model}" in its library. Check the name (e.g. qwen2.5:3b) on ollama.com/library.`,
            { model: options.model },
          );
        }
        if (mapped.kind === "model-not-found" && options.model) throw modelNotFoundError(options.model);
        // A cut-off answer is retried like a dropped connection: the next try may well complete.
        const retryable = mapped.kind === "busy" || cutOff || isTransientConnectionFailure(error);
        if (!retryable || attempt >= this.retries) {
          throw mapped.kind === "busy" ? busyError() : mapped;
        }
        const delay = this.retryBaseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        await sleep(delay, options.signal).catch(() => {
          throw cancelledError();
        });
      } finally {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener("abort", onCallerAbort);
      }
    }
  }
}

const JSON_CONTENT = /\bjson\b|ndjson/i;

function requestPath(input: RequestInfo | URL): string {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  try {
    return new URL(href).pathname;
  } catch {
    return href;
  }
}

function cancelledError(): LlmError {
  return new LlmError("cancelled", "The request was cancelled.");
}
