/**
 * Scripted replies and how they become Ollama's response objects: the streamed NDJSON chunks,
 * the final `done` chunk, and the single non-streaming object (`api.ChatResponse`,
 * `api.GenerateResponse`).
 */
import type { InferenceRequest } from "./ollama-protocol-requests";
import { numPredict } from "./ollama-protocol-requests";
import { minimalInstance } from "./ollama-protocol-schema";
import { derivedLogprob, splitIntoPieces, withBytes, type LogprobEntry } from "./ollama-protocol-tokens";

/** A normal answer. `logprobs` whose tokens spell `content` are streamed one token per chunk. */
export interface ContentReply {
  content: string;
  /** Sent first, as `thinking`, when the request has thinking on. */
  thinking?: string;
  logprobs?: LogprobEntry[];
  doneReason?: "stop" | "length";
}

/** Sent before any body: the HTTP status with `{"error": ...}`, or with no body at all. */
export interface ErrorReply {
  status: number;
  error?: string;
  emptyBody?: boolean;
}

/**
 * Streaming: HTTP 200, `contentBefore` in chunks, then an NDJSON `{"error": ...}` line and the
 * end. Non-streaming: Ollama can only report it as a 500 with the error body.
 */
export interface MidStreamErrorReply {
  midStreamError: string;
  contentBefore?: string;
}

/** Holds the decode slot and never answers until the client goes away (or the server stops). */
export interface HangReply {
  hang: true;
}

/**
 * The connection dies part-way through the answer (Ollama crashing, a proxy or VPN cutting it):
 * the status line and the start of the body go out, then the socket is destroyed with no end
 * chunk. Streaming: `contentBefore` in whole NDJSON lines, then half of the next line.
 * Non-streaming: half of the single JSON object (the full Content-Length was promised).
 */
export interface DropReply {
  dropConnection: true;
  contentBefore?: string;
}

export type ScriptedReply = ContentReply | ErrorReply | MidStreamErrorReply | HangReply | DropReply;

export interface Piece {
  kind: "thinking" | "content";
  text: string;
  logprobs: LogprobEntry[];
}

export interface OutputPlan {
  pieces: Piece[];
  doneReason: string;
  error?: string;
}

/** Nanosecond metrics (`api.Metrics`). */
export interface Metrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

/** Unscripted: what a grammar-constrained model would minimally say, or "OK" for free text. */
export function defaultReply(request: InferenceRequest): ContentReply {
  if (request.format === "json") return { content: "{}" };
  if (request.format) return { content: JSON.stringify(minimalInstance(request.format)) };
  return { content: "OK" };
}

function contentPieces(
  content: string,
  scripted: LogprobEntry[] | undefined,
  request: InferenceRequest,
): Piece[] {
  if (scripted && scripted.length > 0 && scripted.map((entry) => entry.token).join("") === content) {
    return scripted.map((entry) => ({ kind: "content", text: entry.token, logprobs: [withBytes(entry)] }));
  }
  return splitIntoPieces(content).map((text, index) => {
    let logprobs: LogprobEntry[] = [];
    // Scripted logprobs that do not spell the content ride along with the first chunk.
    if (scripted) logprobs = index === 0 ? scripted.map(withBytes) : [];
    else if (request.logprobs) logprobs = [derivedLogprob(text, request.topLogprobs)];
    return { kind: "content", text, logprobs };
  });
}

export function planOutput(
  request: InferenceRequest,
  reply: ContentReply | MidStreamErrorReply | DropReply,
  thinkingOn: boolean,
): OutputPlan {
  if ("dropConnection" in reply) {
    return { pieces: contentPieces(reply.contentBefore ?? "", undefined, request), doneReason: "stop" };
  }
  if ("midStreamError" in reply) {
    return {
      pieces: contentPieces(reply.contentBefore ?? "", undefined, request),
      doneReason: "stop",
      error: reply.midStreamError,
    };
  }
  const thinking: Piece[] =
    thinkingOn && reply.thinking
      ? splitIntoPieces(reply.thinking).map((text) => ({ kind: "thinking", text, logprobs: [] }))
      : [];
  const pieces = [...thinking, ...contentPieces(reply.content, reply.logprobs, request)];
  const limit = numPredict(request);
  if (limit !== undefined && pieces.length > limit) {
    return { pieces: pieces.slice(0, limit), doneReason: "length" };
  }
  return { pieces, doneReason: reply.doneReason ?? "stop" };
}

/** Go's omitempty drops zero metrics, so clients must treat a missing field as 0. */
function nonZeroMetrics(metrics: Metrics): Partial<Metrics> {
  return Object.fromEntries(Object.entries(metrics).filter(([, value]) => value !== 0));
}

function joined(pieces: Piece[], kind: Piece["kind"]): string {
  return pieces
    .filter((piece) => piece.kind === kind)
    .map((piece) => piece.text)
    .join("");
}

function assistantMessage(content: string, thinking: string): Record<string, unknown> {
  return thinking ? { role: "assistant", content, thinking } : { role: "assistant", content };
}

function withLogprobs(
  object: Record<string, unknown>,
  request: InferenceRequest,
  logprobs: LogprobEntry[],
): Record<string, unknown> {
  return request.logprobs && logprobs.length > 0 ? { ...object, logprobs } : object;
}

/** One streamed piece. */
export function streamChunk(request: InferenceRequest, piece: Piece): Record<string, unknown> {
  const head = { model: request.model, created_at: new Date().toISOString() };
  const content = piece.kind === "content" ? piece.text : "";
  const thinking = piece.kind === "thinking" ? piece.text : "";
  const body =
    request.endpoint === "chat"
      ? { ...head, message: assistantMessage(content, thinking), done: false }
      : { ...head, response: content, ...(thinking ? { thinking } : {}), done: false };
  return withLogprobs(body, request, piece.logprobs);
}

/** The deprecated generate `context`: token ids standing for prompt plus output. */
function generateContext(metrics: Metrics): number[] {
  return Array.from({ length: metrics.prompt_eval_count + metrics.eval_count }, (_, index) => 1000 + index);
}

/**
 * The `done: true` object. Streaming sends it after the pieces with empty content; non-streaming
 * sends it alone with everything concatenated (`writeChatResponse`).
 */
export function doneObject(
  request: InferenceRequest,
  plan: OutputPlan,
  metrics: Metrics,
  whole: boolean,
): Record<string, unknown> {
  const content = whole ? joined(plan.pieces, "content") : "";
  const thinking = whole ? joined(plan.pieces, "thinking") : "";
  const head = { model: request.model, created_at: new Date().toISOString() };
  const tail = { done: true, done_reason: plan.doneReason };
  const body =
    request.endpoint === "chat"
      ? { ...head, message: assistantMessage(content, thinking), ...tail, ...nonZeroMetrics(metrics) }
      : {
          ...head,
          response: content,
          ...(thinking ? { thinking } : {}),
          ...tail,
          context: generateContext(metrics),
          ...nonZeroMetrics(metrics),
        };
  return whole
    ? withLogprobs(
        body,
        request,
        plan.pieces.flatMap((piece) => piece.logprobs),
      )
    : body;
}

/** The answer to an empty chat/prompt: just loads (or unloads) the model, no metrics. */
export function loadObject(request: InferenceRequest, reason: "load" | "unload"): Record<string, unknown> {
  const head = { model: request.model, created_at: new Date().toISOString() };
  return request.endpoint === "chat"
    ? { ...head, message: { role: "assistant", content: "" }, done: true, done_reason: reason }
    : { ...head, response: "", done: true, done_reason: reason };
}
