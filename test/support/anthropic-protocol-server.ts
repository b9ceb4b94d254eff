/**
 * A real HTTP server speaking Anthropic's Messages protocol (POST /v1/messages), for tests of
 * the `@anthropic-ai/sdk` path that must not touch the network.
 *
 *   const server = await AnthropicProtocolServer.start({ apiKey: "sk-ant-test" });
 *   server.enqueue({ value: { answer: "4" } }, { status: 529 });
 *   new Anthropic({ baseURL: server.url, apiKey: "sk-ant-test" });
 *
 * Modelled: the message shape with `usage`, `output_config.format` json_schema (an unscripted
 * reply is the smallest schema-valid instance), error bodies
 * {"type":"error","error":{"type","message"},"request_id"}, a `request-id` header on every
 * response, the required `anthropic-version` header, key checking (`x-api-key`, or the bearer
 * token SDK 1.x sends) and unknown models (404) when configured. Replies are scripted per request, with delays, hangs and drops.
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

export interface AnthropicContentReply {
  /** The text block's text. */
  content?: string;
  /** JSON-encoded into the text (a convenience for structured replies). */
  value?: unknown;
  stopReason?: "end_turn" | "max_tokens" | "stop_sequence" | "refusal";
  model?: string;
  usage?: {
    inputTokens?: number;
    outputTokens?: number;
    cacheReadTokens?: number;
    cacheWriteTokens?: number;
  };
  headers?: Record<string, string>;
  delayMs?: number;
}

export type AnthropicReply = AnthropicContentReply | CommonReply;

export interface AnthropicMessagesRequest {
  model: string;
  system: string;
  messages: Array<{ role: string; content: unknown }>;
  /** output_config.format.schema, when structured output was asked for. */
  outputSchema: unknown;
  maxTokens: number | null;
  body: Record<string, unknown>;
}

export interface AnthropicProtocolServerOptions {
  /** When set, any other key (x-api-key or bearer) gets 401 authentication_error. */
  apiKey?: string;
  /** When set, other models get 404 not_found_error. */
  models?: string[];
}

const ERROR_TYPES: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "Invalid request." },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  403: {
    type: "permission_error",
    message: "Your API key does not have permission to use the specified resource.",
  },
  404: { type: "not_found_error", message: "Not found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: {
    type: "rate_limit_error",
    message: "Number of request tokens has exceeded your per-minute rate limit.",
  },
  500: { type: "api_error", message: "Internal server error" },
  504: { type: "timeout_error", message: "Request timed out." },
  529: { type: "overloaded_error", message: "Overloaded" },
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

export class AnthropicProtocolServer extends ScriptedProtocolServer<
  AnthropicMessagesRequest,
  AnthropicContentReply
> {
  private constructor(private readonly options: AnthropicProtocolServerOptions) {
    super();
  }

  static async start(options: AnthropicProtocolServerOptions = {}): Promise<AnthropicProtocolServer> {
    const server = new AnthropicProtocolServer(options);
    await server.listen();
    return server;
  }

  /** The Messages requests received (bodies parsed), in order. */
  messageRequests(): AnthropicMessagesRequest[] {
    return this.requests
      .filter(
        (entry) => entry.path === "/v1/messages" && typeof entry.body === "object" && entry.body !== null,
      )
      .map((entry) => parseMessagesRequest(entry.body as Record<string, unknown>));
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { entry, res } = exchange;
    const requestId = randomId("req_011", 21);
    const ids = { "request-id": requestId };
    if (entry.method !== "POST" || entry.path !== "/v1/messages") {
      return this.sendError(exchange, { status: 404, message: "Not found" }, requestId);
    }
    // SDK 1.x sends the key as a bearer token (API version 2026-10-21); older clients send x-api-key.
    const key = entry.headers["x-api-key"] ?? /^Bearer (.+)$/.exec(entry.headers.authorization ?? "")?.[1];
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) {
      return this.sendError(exchange, { status: 401 }, requestId);
    }
    if (!entry.headers["anthropic-version"]) {
      return this.sendError(
        exchange,
        { status: 400, message: "anthropic-version: header is required" },
        requestId,
      );
    }
    if (typeof entry.body !== "object" || entry.body === null || Array.isArray(entry.body)) {
      return this.sendError(
        exchange,
        { status: 400, message: "There was an issue with the JSON body" },
        requestId,
      );
    }
    const request = parseMessagesRequest(entry.body as Record<string, unknown>);
    if (!request.model)
      return this.sendError(exchange, { status: 400, message: "model: Field required" }, requestId);
    if (request.maxTokens === null) {
      return this.sendError(exchange, { status: 400, message: "max_tokens: Field required" }, requestId);
    }
    if (this.options.models && !this.options.models.includes(request.model)) {
      return this.sendError(exchange, { status: 404, message: `model: ${request.model}` }, requestId);
    }
    if (request.body.stream === true) {
      return this.sendError(
        exchange,
        { status: 400, message: "This test server does not stream." },
        requestId,
      );
    }
    const reply = await this.nextReply(request, entry);
    if (!(await this.prelude(exchange, reply))) return;
    if (reply && isErrorReply(reply)) return this.sendError(exchange, reply, requestId);
    const content = (reply ?? {}) as AnthropicContentReply;
    sendJson(res, 200, this.message(request, content), { ...ids, ...content.headers });
  }

  private message(request: AnthropicMessagesRequest, reply: AnthropicContentReply): Record<string, unknown> {
    const text = reply.content ?? this.defaultText(request, reply);
    const prompt = [request.system, ...request.messages.map((message) => textOf(message.content))].join("\n");
    return {
      id: randomId("msg_01", 22),
      type: "message",
      role: "assistant",
      model: reply.model ?? request.model,
      content:
        reply.stopReason === "refusal" && !reply.content ? [] : [{ type: "text", text, citations: null }],
      stop_reason: reply.stopReason ?? "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: reply.usage?.inputTokens ?? estimateTokens(prompt) + 4 * request.messages.length,
        cache_creation_input_tokens: reply.usage?.cacheWriteTokens ?? 0,
        cache_read_input_tokens: reply.usage?.cacheReadTokens ?? 0,
        output_tokens: reply.usage?.outputTokens ?? estimateTokens(text),
        service_tier: "standard",
      },
    };
  }

  private defaultText(request: AnthropicMessagesRequest, reply: AnthropicContentReply): string {
    if (reply.value !== undefined) return JSON.stringify(reply.value);
    if (request.outputSchema !== undefined) return JSON.stringify(minimalInstance(request.outputSchema));
    return "OK";
  }

  private sendError(exchange: Exchange, reply: ErrorReply, requestId: string): void {
    const defaults = ERROR_TYPES[reply.status] ?? {
      type: reply.status >= 500 ? "api_error" : "invalid_request_error",
      message: `HTTP ${reply.status}`,
    };
    sendJson(
      exchange.res,
      reply.status,
      {
        type: "error",
        error: { type: reply.type ?? defaults.type, message: reply.message ?? defaults.message },
        request_id: requestId,
      },
      { "request-id": requestId, ...retryHeaders(reply) },
    );
  }
}

function parseMessagesRequest(body: Record<string, unknown>): AnthropicMessagesRequest {
  const messages = Array.isArray(body.messages)
    ? body.messages.map((message: unknown) => {
        const record = (typeof message === "object" && message !== null ? message : {}) as Record<
          string,
          unknown
        >;
        return { role: String(record.role ?? ""), content: record.content };
      })
    : [];
  const outputConfig = (body.output_config ?? {}) as { format?: { type?: string; schema?: unknown } };
  return {
    model: typeof body.model === "string" ? body.model : "",
    system: textOf(body.system),
    messages,
    outputSchema: outputConfig.format?.type === "json_schema" ? outputConfig.format.schema : undefined,
    maxTokens: typeof body.max_tokens === "number" ? body.max_tokens : null,
    body,
  };
}
