/**
 * A real HTTP server speaking OpenAI's Chat Completions protocol (POST /v1/chat/completions,
 * and Azure's v1 path /openai/v1/chat/completions), for tests of the `openai` SDK path that must
 * not touch the network.
 *
 *   const server = await OpenAiProtocolServer.start({ apiKey: "sk-test" });
 *   server.enqueue({ value: { answer: "4" } }, { status: 429, retryAfter: 1 });
 *   new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-test" });
 *
 * Modelled: the response shape with `usage`, `response_format` (an unscripted reply to a
 * json_schema request is the smallest schema-valid instance; json_object gets "{}"), error
 * bodies {"error":{"message","type","param","code"}}, `x-request-id` on every response,
 * `retry-after`/`retry-after-ms` on scripted errors, a wrong key (401) and unknown model (404)
 * when configured. Replies are scripted per request, with delays, hangs and dropped connections.
 */
import { minimalInstance } from "./ollama-protocol-schema";
import { estimateTokens } from "./ollama-protocol-tokens";
import {
  isErrorReply,
  randomId,
  retryHeaders,
  ScriptedProtocolServer,
  sendJson,
  type CommonReply,
  type ErrorReply,
  type Exchange,
} from "../cloud/support/scripted-protocol-server";

export type {
  CommonReply,
  DropReply,
  ErrorReply,
  HangReply,
  LoggedRequest,
  ReplyInfo,
} from "../cloud/support/scripted-protocol-server";

export interface OpenAiContentReply {
  /** The message content as sent. */
  content?: string;
  /** JSON-encoded into the content (a convenience for structured replies). */
  value?: unknown;
  /** Sets message.refusal (content becomes null). */
  refusal?: string;
  finishReason?: "stop" | "length" | "content_filter";
  /** The model the response names; default the requested one, dated like OpenAI's snapshots. */
  model?: string;
  usage?: { promptTokens?: number; completionTokens?: number };
  headers?: Record<string, string>;
  delayMs?: number;
  /**
   * When the request asks for logprobs: the logprob of every token (the content is cut into
   * tokens of 3 characters, which spell it exactly). Unset: logprobs is null, as many servers send.
   */
  tokenLogprob?: number;
}

export type OpenAiReply = OpenAiContentReply | CommonReply;

export interface OpenAiChatRequest {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  responseFormat: {
    type: string;
    json_schema?: { name?: string; schema?: unknown; strict?: boolean };
  } | null;
  body: Record<string, unknown>;
}

export interface OpenAiProtocolServerOptions {
  /** When set, any other bearer token gets 401 invalid_api_key. */
  apiKey?: string;
  /** When set, other models get 404 model_not_found. */
  models?: string[];
  /** Appended to the requested model in responses, as OpenAI reports a dated snapshot. Default "". */
  modelSuffix?: string;
  /** GET /v1/models lists these (default: `models`, else ["qwen2.5:3b"]). */
  listedModels?: string[];
  /** A server without structured output: unscripted replies are free text whatever response_format says. */
  ignoresResponseFormat?: boolean;
}

const MODEL_PATHS = new Set(["/v1/models", "/models"]);
const CHAT_PATHS = new Set(["/v1/chat/completions", "/openai/v1/chat/completions", "/chat/completions"]);

const DEFAULT_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided." },
  403: {
    type: "invalid_request_error",
    code: "unsupported_country_region_territory",
    message: "Country, region, or territory not supported",
  },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist." },
  429: {
    type: "requests",
    code: "rate_limit_exceeded",
    message: "Rate limit reached for requests. Please try again in 1s.",
  },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request.",
  },
  503: {
    type: "server_error",
    code: null,
    message: "The engine is currently overloaded, please try again later.",
  },
};

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === "object" && part && "text" in part ? String(part.text) : ""))
      .join("");
  }
  return "";
}

/** OpenAI shows the first and last characters of a wrong key; enough to recognise, never the key. */
function maskKey(key: string): string {
  if (key.length <= 8) return "*".repeat(key.length);
  return `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`;
}

export class OpenAiProtocolServer extends ScriptedProtocolServer<OpenAiChatRequest, OpenAiContentReply> {
  private constructor(private readonly options: OpenAiProtocolServerOptions) {
    super();
  }

  static async start(options: OpenAiProtocolServerOptions = {}): Promise<OpenAiProtocolServer> {
    const server = new OpenAiProtocolServer(options);
    await server.listen();
    return server;
  }

  /** For `new OpenAI({ baseURL })`. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  /** The chat requests received (bodies parsed), in order. */
  chatRequests(): OpenAiChatRequest[] {
    return this.requests
      .filter((entry) => CHAT_PATHS.has(entry.path) && typeof entry.body === "object" && entry.body !== null)
      .map((entry) => parseChatRequest(entry.body as Record<string, unknown>));
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { entry, res } = exchange;
    const requestId = randomId("req_", 32);
    const ids = { "x-request-id": requestId };
    if (entry.method === "GET" && MODEL_PATHS.has(entry.path)) return this.sendModels(exchange, ids);
    if (entry.method !== "POST" || !CHAT_PATHS.has(entry.path)) {
      return this.sendError(
        exchange,
        { status: 404, message: `Invalid URL (${entry.method} ${entry.path})` },
        ids,
      );
    }
    const token = /^Bearer (.+)$/.exec(entry.headers.authorization ?? "")?.[1] ?? "";
    if (this.options.apiKey !== undefined && token !== this.options.apiKey) {
      return this.sendError(
        exchange,
        {
          status: 401,
          message: token
            ? `Incorrect API key provided: ${maskKey(token)}. You can find your API key at https://platform.openai.com/account/api-keys.`
            : "You didn't provide an API key.",
        },
        ids,
      );
    }
    if (typeof entry.body !== "object" || entry.body === null || Array.isArray(entry.body)) {
      return this.sendError(
        exchange,
        { status: 400, message: "We could not parse the JSON body of your request." },
        ids,
      );
    }
    const request = parseChatRequest(entry.body as Record<string, unknown>);
    if (!request.model)
      return this.sendError(exchange, { status: 400, message: "you must provide a model parameter" }, ids);
    if (this.options.models && !this.options.models.includes(request.model)) {
      return this.sendError(
        exchange,
        {
          status: 404,
          message: `The model \`${request.model}\` does not exist or you do not have access to it.`,
        },
        ids,
      );
    }
    if (request.body.stream === true) {
      return this.sendError(exchange, { status: 400, message: "This test server does not stream." }, ids);
    }
    const reply = await this.nextReply(request, entry);
    if (!(await this.prelude(exchange, reply))) return;
    if (reply && isErrorReply(reply)) return this.sendError(exchange, reply, ids);
    const content = (reply ?? {}) as OpenAiContentReply;
    sendJson(res, 200, this.completion(request, content), { ...ids, ...content.headers });
  }

  private completion(request: OpenAiChatRequest, reply: OpenAiContentReply): Record<string, unknown> {
    const content =
      reply.refusal !== undefined ? null : (reply.content ?? this.defaultContent(request, reply));
    const prompt = request.messages.map((message) => textOf(message.content)).join("\n");
    const promptTokens = reply.usage?.promptTokens ?? estimateTokens(prompt) + 3 * request.messages.length;
    const completionTokens = reply.usage?.completionTokens ?? estimateTokens(content ?? reply.refusal ?? "");
    return {
      id: randomId("chatcmpl-", 29),
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? `${request.model}${this.options.modelSuffix ?? ""}`,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: reply.refusal ?? null, annotations: [] },
          logprobs: logprobsFor(request, content, reply.tokenLogprob),
          finish_reason: reply.finishReason ?? "stop",
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: "default",
      system_fingerprint: "fp_test",
    };
  }

  /** Honours response_format the way constrained decoding would: a schema-valid instance. */
  private defaultContent(request: OpenAiChatRequest, reply: OpenAiContentReply): string {
    if (reply.value !== undefined) return JSON.stringify(reply.value);
    if (this.options.ignoresResponseFormat) return "Here are the answers you asked for.";
    const format = request.responseFormat;
    if (format?.type === "json_schema")
      return JSON.stringify(minimalInstance(format.json_schema?.schema ?? {}));
    if (format?.type === "json_object") return "{}";
    return "OK";
  }

  private sendModels(exchange: Exchange, headers: Record<string, string>): void {
    const names = this.options.listedModels ?? this.options.models ?? ["qwen2.5:3b"];
    const data = names.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "local" }));
    sendJson(exchange.res, 200, { object: "list", data }, headers);
  }

  private sendError(exchange: Exchange, reply: ErrorReply, headers: Record<string, string>): void {
    const defaults = DEFAULT_ERRORS[reply.status] ?? {
      type: reply.status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
      message: `HTTP ${reply.status}`,
    };
    sendJson(
      exchange.res,
      reply.status,
      {
        error: {
          message: reply.message ?? defaults.message,
          type: reply.type ?? defaults.type,
          param: null,
          code: reply.code === undefined ? defaults.code : reply.code,
        },
      },
      { ...headers, ...retryHeaders(reply) },
    );
  }
}

function parseChatRequest(body: Record<string, unknown>): OpenAiChatRequest {
  const messages = Array.isArray(body.messages)
    ? body.messages.map((message: unknown) => {
        const record = (typeof message === "object" && message !== null ? message : {}) as Record<
          string,
          unknown
        >;
        return { role: String(record.role ?? ""), content: record.content };
      })
    : [];
  const format = body.response_format;
  return {
    model: typeof body.model === "string" ? body.model : "",
    messages,
    responseFormat:
      typeof format === "object" && format !== null ? (format as OpenAiChatRequest["responseFormat"]) : null,
    body,
  };
}

/** OpenAI's choice.logprobs for a reply, when asked for and scripted. */
function logprobsFor(
  request: OpenAiChatRequest,
  content: string | null,
  tokenLogprob: number | undefined,
): Record<string, unknown> | null {
  if (request.body.logprobs !== true || tokenLogprob === undefined || content === null) return null;
  const tokens: string[] = [];
  for (let i = 0; i < content.length; i += 3) tokens.push(content.slice(i, i + 3));
  return {
    content: tokens.map((token) => ({
      token,
      logprob: tokenLogprob,
      bytes: [...Buffer.from(token)],
      top_logprobs: [{ token, logprob: tokenLogprob, bytes: [...Buffer.from(token)] }],
    })),
    refusal: null,
  };
}
