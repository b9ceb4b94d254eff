/**
 * Reads /api/chat and /api/generate bodies the way Ollama's handlers do (`api.ChatRequest`,
 * `api.GenerateRequest`) and normalizes both into one shape scripts can inspect.
 */
import { estimateTokens } from "./ollama-protocol-tokens";

export type InferenceEndpoint = "chat" | "generate";

export interface ChatMessage {
  role: string;
  content: string;
  thinking?: string;
  images?: string[];
}

/** What a reply script sees, for chat and generate alike. */
export interface InferenceRequest {
  endpoint: InferenceEndpoint;
  /** As sent (not normalized), which is what Ollama echoes back. */
  model: string;
  /** Chat: the messages. Generate: `system` (if any) then `prompt` as a user message. */
  messages: ChatMessage[];
  /** Generate: `prompt`. Chat: the last user message. */
  prompt: string;
  /** Generate: `system`. Chat: the first system message. */
  system: string | undefined;
  /** "json", a JSON Schema object, or undefined for free text. */
  format: "json" | Record<string, unknown> | undefined;
  options: Record<string, unknown>;
  /** Ollama streams unless told `stream: false`. */
  stream: boolean;
  think: boolean | string | undefined;
  keepAlive: string | number | undefined;
  logprobs: boolean;
  topLogprobs: number;
  /** The prompt text tokens are counted from: every message (or system + prompt). */
  promptText: string;
  promptTokens: number;
  /** The decoded JSON body, untouched. */
  body: Record<string, unknown>;
}

export type ParseResult =
  { ok: true; request: InferenceRequest } | { ok: false; status: number; error: string };

const THINK_LEVELS = ["high", "medium", "low", "max"];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Go's name for a JSON value's kind, for encoding/json style error messages. */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

function typeError(struct: string, field: string, goType: string, value: unknown): ParseResult {
  return {
    ok: false,
    status: 400,
    error: `json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${struct}.${field} of type ${goType}`,
  };
}

function badRequest(error: string): ParseResult {
  return { ok: false, status: 400, error };
}

class FieldError extends Error {
  constructor(readonly result: ParseResult) {
    super("field error");
  }
}

function optionalString(body: Record<string, unknown>, struct: string, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new FieldError(typeError(struct, field, "string", value));
  return value;
}

function optionalBool(body: Record<string, unknown>, struct: string, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new FieldError(typeError(struct, field, "bool", value));
  return value;
}

function readMessages(value: unknown): ChatMessage[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new FieldError(typeError("ChatRequest", "messages", "[]api.Message", value));
  return value.map((raw): ChatMessage => {
    if (!isRecord(raw)) throw new FieldError(typeError("ChatRequest", "messages", "api.Message", raw));
    const role = optionalString(raw, "Message", "role") ?? "";
    const message: ChatMessage = {
      role: role.toLowerCase(),
      content: optionalString(raw, "Message", "content") ?? "",
    };
    const thinking = optionalString(raw, "Message", "thinking");
    if (thinking !== undefined) message.thinking = thinking;
    if (Array.isArray(raw.images))
      message.images = raw.images.filter((x): x is string => typeof x === "string");
    return message;
  });
}

function readFormat(value: unknown): InferenceRequest["format"] {
  if (value === undefined || value === null || value === "") return undefined;
  if (value === "json") return "json";
  if (isRecord(value)) return value;
  throw new FieldError(badRequest(`invalid format: ${JSON.stringify(value)}`));
}

function readThink(value: unknown): boolean | string | undefined {
  if (value === undefined || value === null || typeof value === "boolean") return value ?? undefined;
  if (typeof value === "string" && THINK_LEVELS.includes(value)) return value;
  throw new FieldError(
    badRequest(
      `invalid think value: ${JSON.stringify(value)} (must be "high", "medium", "low", true, or false)`,
    ),
  );
}

function readTopLogprobs(value: unknown, struct: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new FieldError(typeError(struct, "top_logprobs", "int", value));
  }
  if (value < 0 || value > 20) throw new FieldError(badRequest("top_logprobs must be between 0 and 20"));
  return value;
}

function readKeepAlive(value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" || typeof value === "number") return value;
  throw new FieldError(badRequest(`time: invalid duration ${JSON.stringify(value)}`));
}

function readOptions(value: unknown, struct: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new FieldError(typeError(struct, "options", "map[string]interface {}", value));
  return value;
}

function chatShape(body: Record<string, unknown>): Pick<InferenceRequest, "messages" | "prompt" | "system"> {
  const messages = readMessages(body.messages);
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const system = messages.find((message) => message.role === "system");
  return { messages, prompt: lastUser?.content ?? "", system: system?.content };
}

function generateShape(
  body: Record<string, unknown>,
): Pick<InferenceRequest, "messages" | "prompt" | "system"> {
  const prompt = optionalString(body, "GenerateRequest", "prompt") ?? "";
  const system = optionalString(body, "GenerateRequest", "system") || undefined;
  const messages: ChatMessage[] = [];
  if (system !== undefined) messages.push({ role: "system", content: system });
  if (prompt) messages.push({ role: "user", content: prompt });
  return { messages, prompt, system };
}

export function parseInferenceRequest(
  endpoint: InferenceEndpoint,
  body: Record<string, unknown>,
): ParseResult {
  const struct = endpoint === "chat" ? "ChatRequest" : "GenerateRequest";
  try {
    const model = optionalString(body, struct, "model") ?? "";
    if (!model) return badRequest("model is required");
    const shape = endpoint === "chat" ? chatShape(body) : generateShape(body);
    const promptText = shape.messages.map((message) => message.content).join("\n");
    const request: InferenceRequest = {
      endpoint,
      model,
      ...shape,
      format: readFormat(body.format),
      options: readOptions(body.options, struct),
      stream: optionalBool(body, struct, "stream") ?? true,
      think: readThink(body.think),
      keepAlive: readKeepAlive(body.keep_alive),
      logprobs: optionalBool(body, struct, "logprobs") ?? false,
      topLogprobs: readTopLogprobs(body.top_logprobs, struct),
      promptText,
      promptTokens: estimateTokens(promptText),
      body,
    };
    return { ok: true, request };
  } catch (error) {
    if (error instanceof FieldError) return error.result;
    throw error;
  }
}

/** `keep_alive: 0` (or "0", "0s", "0m"): unload right after answering. */
export function isZeroKeepAlive(keepAlive: string | number | undefined): boolean {
  if (typeof keepAlive === "number") return keepAlive === 0;
  return typeof keepAlive === "string" && /^0+(\.0+)?[a-z]*$/i.test(keepAlive.trim());
}

/** An empty chat or prompt only loads (or, with keep_alive 0, unloads) the model. */
export function isLoadRequest(request: InferenceRequest): boolean {
  if (request.endpoint === "chat") return request.messages.length === 0;
  return request.prompt === "";
}

/** Ollama turns thinking on by default for models that can think. */
export function thinkingEnabled(request: InferenceRequest, capabilities: readonly string[]): boolean {
  if (request.think === undefined) return capabilities.includes("thinking");
  return request.think !== false;
}

/** Positive `num_predict` caps the output; -1 or missing means no limit. */
export function numPredict(request: InferenceRequest): number | undefined {
  const value = request.options.num_predict;
  return typeof value === "number" && value > 0 ? Math.floor(value) : undefined;
}
