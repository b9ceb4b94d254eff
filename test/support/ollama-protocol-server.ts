/**
 * A real HTTP server that speaks Ollama's native API (the parts excel-slm uses) with Ollama's
 * exact wire formats, for tests and benchmarks that must not depend on a model being installed.
 *
 *   const server = await OllamaProtocolServer.start();
 *   server.enqueue({ content: '{"label":"spam"}' });
 *   const ollama = new Ollama({ host: server.url });
 *   ...
 *   await server.close();
 *
 * Behaviour that matters to a client is modelled: NDJSON streaming, nanosecond metrics with
 * omitempty, 404/400/503 error bodies, CORS refusals with an empty 403, connections dropped
 * part-way through an answer (`dropConnection`), one request decoding at a
 * time (OLLAMA_NUM_PARALLEL=1) behind a bounded queue, and a latency model so timing-dependent
 * code (timeouts, cancellation, progress) can be exercised. Replies are scripted per request.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { corsHeaders, decideCors, preflightHeaders } from "./ollama-protocol-cors";
import {
  modelLayers,
  psEntry,
  normalizeModelName,
  resolveModel,
  showResponse,
  tagsEntry,
  DEFAULT_MODEL,
  type OllamaModelSpec,
  type ResolvedModel,
} from "./ollama-protocol-models";
import {
  defaultReply,
  doneObject,
  loadObject,
  planOutput,
  streamChunk,
  type ContentReply,
  type DropReply,
  type ErrorReply,
  type Metrics,
  type MidStreamErrorReply,
  type OutputPlan,
  type ScriptedReply,
} from "./ollama-protocol-output";
import {
  abortError,
  DecodeQueue,
  isAbortError,
  Pacer,
  QueueFullError,
  waitForAbort,
} from "./ollama-protocol-queue";
import {
  goJsonKind,
  isLoadRequest,
  isRecord,
  isZeroKeepAlive,
  parseInferenceRequest,
  thinkingEnabled,
  type InferenceEndpoint,
  type InferenceRequest,
} from "./ollama-protocol-requests";

export type { OllamaModelSpec } from "./ollama-protocol-models";
export type {
  ContentReply,
  DropReply,
  ErrorReply,
  HangReply,
  MidStreamErrorReply,
  ScriptedReply,
} from "./ollama-protocol-output";
export type { ChatMessage, InferenceEndpoint, InferenceRequest } from "./ollama-protocol-requests";
export type { LogprobEntry, TokenLogprob } from "./ollama-protocol-tokens";
export { estimateTokens } from "./ollama-protocol-tokens";
export { minimalInstance } from "./ollama-protocol-schema";
export { DEFAULT_ALLOWED_ORIGINS } from "./ollama-protocol-cors";

/** Simulated model time. Every delay holds the single decode slot. */
export interface LatencyModel {
  /** Once per chat/generate (load/scheduling); also the wait before a pull starts. */
  perRequestMs: number;
  perPromptTokenMs: number;
  /** Before each streamed piece (one piece = one token); also between pull progress lines. */
  perOutputTokenMs: number;
}

export interface OllamaProtocolServerOptions {
  /** Reported by GET /api/version. Default "0.12.11" (the first release with logprobs). */
  version?: string;
  /** Installed models. Default: qwen2.5:3b (family qwen2, context length 32768). */
  models?: Array<string | OllamaModelSpec>;
  /** Models /api/pull can fetch; anything else fails like a name missing from the registry. */
  pullable?: Array<string | OllamaModelSpec>;
  latency?: Partial<LatencyModel>;
  /** OLLAMA_MAX_QUEUE: requests allowed to wait for the decode slot before 503. Default 512. */
  maxQueue?: number;
  /** OLLAMA_ORIGINS: extra allowed origin patterns (wildcards allowed; "*" allows all). */
  allowedOrigins?: string[];
}

export interface LoggedRequest {
  id: number;
  method: string;
  /** Path without the query string. */
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text if it was not JSON; undefined if empty. */
  body: unknown;
  /** Epoch milliseconds with sub-millisecond precision, comparable across fields. */
  startedAt: number;
  /** When a chat/generate got the decode slot (after any queueing); null otherwise. */
  decodeStartedAt: number | null;
  /** When it gave the slot up (before the next request's decodeStartedAt); null otherwise. */
  decodeFinishedAt: number | null;
  finishedAt: number | null;
  /** The HTTP status sent; null if the connection ended before any headers. */
  status: number | null;
  /** The client closed the connection before the response ended. */
  clientAborted: boolean;
}

export interface ReplyInfo {
  /** 0 for the first chat/generate reply decided since start (or reset), then 1, 2, ... */
  index: number;
  entry: LoggedRequest;
}

/** Returns the reply, or undefined for the default (schema instance, "{}" or "OK"). */
export type ChatHandler = (
  request: InferenceRequest,
  info: ReplyInfo,
) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

export interface ServerStats {
  requests: number;
  /** /api/chat plus /api/generate requests that named an installed model. */
  chatRequests: number;
  promptTokens: number;
  outputTokens: number;
  /** Simulated model time spent (sum of latency delays actually served). */
  busyMs: number;
}

interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  entry: LoggedRequest;
  rawBody: string;
  signal: AbortSignal;
  startNs: bigint;
}

type Route = (exchange: Exchange) => void | Promise<void>;

export const DEFAULT_VERSION = "0.12.11";
export const PULL_NOT_FOUND = "pull model manifest: file does not exist";

const JSON_TYPE = "application/json; charset=utf-8";

/** Responses whose connection the server cut on purpose: the client did not go away. */
const droppedByServer = new WeakSet<http.ServerResponse>();
const NDJSON_TYPE = "application/x-ndjson";

function now(): number {
  return performance.timeOrigin + performance.now();
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function parseLoggedBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(abortError());
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** An empty-bodied status, as gin's AbortWithStatus sends it. */
function sendEmpty(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end();
}

function sendScriptedError(res: http.ServerResponse, reply: ErrorReply): void {
  if (reply.emptyBody) return sendEmpty(res, reply.status);
  sendError(res, reply.status, reply.error ?? http.STATUS_CODES[reply.status] ?? "error");
}

/** Streaming body: headers go out with the first line, as Ollama's first flushed chunk. */
class NdjsonWriter {
  constructor(private readonly res: http.ServerResponse) {}

  write(value: unknown): void {
    this.writeRaw(`${JSON.stringify(value)}\n`);
  }

  /** Some bytes of the stream, not necessarily whole lines (for a connection that dies mid-line). */
  writeRaw(text: string): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.res.headersSent) this.res.writeHead(200, { "Content-Type": NDJSON_TYPE });
    this.res.write(text);
  }

  end(last?: unknown): void {
    if (last !== undefined) this.write(last);
    if (!this.res.headersSent && !this.res.destroyed)
      this.res.writeHead(200, { "Content-Type": NDJSON_TYPE });
    if (!this.res.writableEnded) this.res.end();
  }
}

/**
 * Sends half of what would have ended the answer, flushes it, then destroys the socket: the
 * client has a 200 and part of a body, and the connection is gone with no terminating chunk.
 */
function dropMidBody(
  res: http.ServerResponse,
  request: InferenceRequest,
  plan: OutputPlan,
  metrics: Metrics,
  stream: NdjsonWriter | undefined,
): Promise<void> {
  const last = JSON.stringify(doneObject(request, plan, metrics, stream === undefined));
  const half = last.slice(0, Math.floor(last.length / 2));
  if (stream) stream.writeRaw(half);
  else if (!res.headersSent && !res.destroyed) {
    res.writeHead(200, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(last) });
    res.write(half);
  }
  // Destroyed only once the bytes are on the wire, so the client really sees a partial answer.
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write("", () => {
      droppedByServer.add(res);
      res.socket?.destroy();
      resolve();
    });
  });
}

function isErrorReply(reply: ScriptedReply): reply is ErrorReply {
  return "status" in reply;
}

function pullSteps(model: ResolvedModel): Array<Record<string, unknown>> {
  const layerSteps = modelLayers(model).flatMap(({ digest, total }) => {
    // Ollama shows the first 12 hex digits; `completed` is omitempty, so absent at the start.
    const status = `pulling ${digest.slice(7, 19)}`;
    return [0, 1 / 3, 2 / 3, 1].map((fraction) => {
      const completed = Math.floor(total * fraction);
      return completed > 0 ? { status, digest, total, completed } : { status, digest, total };
    });
  });
  return [
    { status: "pulling manifest" },
    ...layerSteps,
    { status: "verifying sha256 digest" },
    { status: "writing manifest" },
    { status: "success" },
  ];
}

export class OllamaProtocolServer {
  private readonly http: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<AbortController>();
  private readonly routes: Map<string, Route>;
  private readonly queue: DecodeQueue;
  private readonly version: string;
  private readonly initialModels: ResolvedModel[];
  private readonly pullable: ResolvedModel[];
  private readonly extraOrigins: string[];
  private readonly maxQueue: number;
  private installed: ResolvedModel[];
  /** Models that served a request, as /api/ps lists them (Ollama keeps a model loaded after use). */
  private readonly loaded = new Map<string, ResolvedModel>();
  private currentLatency: LatencyModel;
  private log: LoggedRequest[] = [];
  private listeners = new Set<() => void>();
  private script: ScriptedReply[] = [];
  private handler: ChatHandler | null = null;
  private replyIndex = 0;
  private nextId = 1;
  private counters: ServerStats = {
    requests: 0,
    chatRequests: 0,
    promptTokens: 0,
    outputTokens: 0,
    busyMs: 0,
  };
  private stopping = false;
  private closing: Promise<void> | null = null;
  private boundPort = 0;

  private constructor(options: OllamaProtocolServerOptions) {
    this.version = options.version ?? DEFAULT_VERSION;
    this.initialModels = (options.models ?? [DEFAULT_MODEL]).map((spec) => resolveModel(spec));
    this.installed = [...this.initialModels];
    this.pullable = (options.pullable ?? []).map((spec) => resolveModel(spec));
    this.extraOrigins = options.allowedOrigins ?? [];
    this.maxQueue = options.maxQueue ?? 512;
    this.currentLatency = { perRequestMs: 0, perPromptTokenMs: 0, perOutputTokenMs: 0, ...options.latency };
    this.queue = new DecodeQueue(() => this.maxQueue);
    this.routes = this.buildRoutes();
    this.http = http.createServer((req, res) => this.handle(req, res));
    this.http.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(options: OllamaProtocolServerOptions = {}): Promise<OllamaProtocolServer> {
    const server = new OllamaProtocolServer(options);
    await server.listen();
    return server;
  }

  /** e.g. "http://127.0.0.1:54321", ready for `new Ollama({ host: server.url })`. */
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  /** A snapshot of the log; the entries themselves keep updating as exchanges progress. */
  get requests(): LoggedRequest[] {
    return [...this.log];
  }

  get latency(): LatencyModel {
    return { ...this.currentLatency };
  }

  /** Takes effect for every delay from now on, including requests already decoding. */
  setLatency(latency: Partial<LatencyModel>): void {
    this.currentLatency = { ...this.currentLatency, ...latency };
  }

  /**
   * Decides replies for chat and generate when nothing is enqueued; null restores the default.
   * Called as the request arrives, before it waits for the decode slot, so replies follow
   * arrival order. Returning undefined keeps the default reply.
   */
  onChat(handler: ChatHandler | null): void {
    this.handler = handler;
  }

  /** Replies used in order, one per chat/generate request, before the onChat handler. */
  enqueue(...replies: ScriptedReply[]): void {
    this.script.push(...replies);
  }

  /** Installs a model, as if it had been pulled or created. */
  addModel(spec: string | OllamaModelSpec): void {
    const model = resolveModel(spec, new Date().toISOString());
    this.installed = [...this.installed.filter((existing) => existing.name !== model.name), model];
  }

  installedModels(): string[] {
    return this.installed.map((model) => model.name);
  }

  /** Whether a request is decoding, and how many wait behind it. */
  queueState(): { active: boolean; waiting: number } {
    return { active: this.queue.active, waiting: this.queue.pending };
  }

  stats(): ServerStats {
    return { ...this.counters };
  }

  /**
   * Clears the log, counters, enqueued replies and handler, and restores the model list.
   * Exchanges still in flight carry on (abort their clients to end them).
   */
  reset(): void {
    this.log = [];
    this.script = [];
    this.handler = null;
    this.replyIndex = 0;
    this.installed = [...this.initialModels];
    this.counters = { requests: 0, chatRequests: 0, promptTokens: 0, outputTokens: 0, busyMs: 0 };
  }

  /** Resolves with the first logged request matching `predicate`, now or later (re-checked on every change). */
  waitFor(predicate: (request: LoggedRequest) => boolean, timeoutMs = 5_000): Promise<LoggedRequest> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.log.find(predicate);
        if (hit) {
          cleanup();
          resolve(hit);
        }
        return hit !== undefined;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.log.map((r) => `${r.method} ${r.path} ${r.status ?? "-"}`).join("; ");
        reject(new Error(`No matching request within ${timeoutMs} ms (logged: ${seen || "none"})`));
      }, timeoutMs);
      const listener = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  waitForClientAbort(timeoutMs = 5_000): Promise<LoggedRequest> {
    return this.waitFor((request) => request.clientAborted, timeoutMs);
  }

  /** Stops listening and ends every exchange (destroying sockets), so nothing is left hanging. */
  async close(): Promise<void> {
    this.stopping = true;
    for (const controller of this.inFlight) controller.abort();
    this.kill();
    await this.closing;
  }

  /** Simulates Ollama dying: every socket is destroyed at once, mid-stream or not. */
  kill(): void {
    this.stopping = true;
    this.closing ??= new Promise((resolve) => this.http.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    for (const controller of this.inFlight) controller.abort();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => {
        this.http.off("error", reject);
        this.boundPort = (this.http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private buildRoutes(): Map<string, Route> {
    const root: Route = ({ res }) => sendText(res, 200, "Ollama is running");
    const version: Route = ({ res }) => sendJson(res, 200, { version: this.version });
    const tags: Route = ({ res }) => sendJson(res, 200, { models: this.listModels() });
    return new Map<string, Route>([
      ["GET /", root],
      ["HEAD /", root],
      ["GET /api/version", version],
      ["HEAD /api/version", version],
      ["GET /api/tags", tags],
      ["HEAD /api/tags", tags],
      ["POST /api/show", (exchange) => this.show(exchange)],
      ["GET /api/ps", ({ res }) => sendJson(res, 200, { models: [...this.loaded.values()].map(psEntry) })],
      ["POST /api/chat", (exchange) => this.inference(exchange, "chat")],
      ["POST /api/generate", (exchange) => this.inference(exchange, "generate")],
      ["POST /api/pull", (exchange) => this.pull(exchange)],
    ]);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startNs = process.hrtime.bigint();
    const entry = this.logArrival(req);
    const controller = new AbortController();
    this.inFlight.add(controller);
    this.trackLifecycle(res, entry, controller);
    readBody(req)
      .then((rawBody) => {
        entry.body = parseLoggedBody(rawBody);
        this.notify();
        return this.route({ req, res, entry, rawBody, signal: controller.signal, startNs });
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        // A bug in a script or here: make it visible to the test instead of hanging it.
        if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : String(error));
        else res.destroy();
      });
  }

  private logArrival(req: http.IncomingMessage): LoggedRequest {
    const entry: LoggedRequest = {
      id: this.nextId++,
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://127.0.0.1").pathname,
      headers: flattenHeaders(req.headers),
      body: undefined,
      startedAt: now(),
      decodeStartedAt: null,
      decodeFinishedAt: null,
      finishedAt: null,
      status: null,
      clientAborted: false,
    };
    this.log.push(entry);
    this.counters.requests++;
    this.notify();
    return entry;
  }

  /** Records how the exchange ended; a close before the response finished is the client leaving. */
  private trackLifecycle(res: http.ServerResponse, entry: LoggedRequest, controller: AbortController): void {
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.finishedAt = now();
      this.notify();
    });
    res.on("close", () => {
      this.inFlight.delete(controller);
      if (!res.writableFinished) {
        // Our own kill()/close() or a scripted drop is not the client going away.
        entry.clientAborted = !this.stopping && !droppedByServer.has(res);
        entry.status = res.headersSent ? res.statusCode : null;
        entry.finishedAt = now();
      }
      controller.abort();
      this.notify();
    });
  }

  private async route(exchange: Exchange): Promise<void> {
    const { req, res } = exchange;
    const cors = decideCors(req.headers.origin, req.headers.host, this.extraOrigins);
    if (cors.kind === "forbidden") return sendEmpty(res, 403);
    if (cors.kind === "allowed") {
      if (req.method === "OPTIONS") return sendEmpty(res, 204, preflightHeaders(cors.allowOrigin));
      for (const [name, value] of Object.entries(corsHeaders(cors.allowOrigin))) res.setHeader(name, value);
    }
    const route = this.routes.get(`${exchange.entry.method} ${exchange.entry.path}`);
    // gin answers unknown routes and wrong methods alike with a plain-text 404.
    if (!route) return sendText(res, 404, "404 page not found");
    await route(exchange);
  }

  /** Decodes a JSON object body with Ollama's errors; undefined once an error was sent. */
  private requireObject(exchange: Exchange, goType: string): Record<string, unknown> | undefined {
    if (exchange.rawBody.trim() === "") {
      sendError(exchange.res, 400, "missing request body");
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(exchange.rawBody) as unknown;
    } catch (error) {
      sendError(exchange.res, 400, error instanceof Error ? error.message : "invalid JSON");
      return undefined;
    }
    if (!isRecord(body)) {
      sendError(
        exchange.res,
        400,
        `json: cannot unmarshal ${goJsonKind(body)} into Go value of type ${goType}`,
      );
      return undefined;
    }
    return body;
  }

  private findModel(name: string): ResolvedModel | undefined {
    const normalized = normalizeModelName(name);
    return this.installed.find((model) => model.name === normalized);
  }

  /** Newest first, as Ollama lists them. */
  private listModels(): Array<Record<string, unknown>> {
    return [...this.installed]
      .sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt))
      .map((model) => tagsEntry(model));
  }

  private show(exchange: Exchange): void {
    const body = this.requireObject(exchange, "api.ShowRequest");
    if (!body) return;
    const name = [body.model, body.name].find(
      (value): value is string => typeof value === "string" && value !== "",
    );
    if (!name) return sendError(exchange.res, 400, "model is required");
    const model = this.findModel(name);
    if (!model) return sendError(exchange.res, 404, `model '${name}' not found`);
    sendJson(exchange.res, 200, showResponse(model));
  }

  private async inference(exchange: Exchange, endpoint: InferenceEndpoint): Promise<void> {
    const body = this.requireObject(
      exchange,
      endpoint === "chat" ? "api.ChatRequest" : "api.GenerateRequest",
    );
    if (!body) return;
    const parsed = parseInferenceRequest(endpoint, body);
    if (!parsed.ok) return sendError(exchange.res, parsed.status, parsed.error);
    const request = parsed.request;
    const model = this.findModel(request.model);
    if (!model) return sendError(exchange.res, 404, `model '${request.model}' not found`);
    this.loaded.set(model.name, model);
    if (request.think !== undefined && request.think !== false && !model.capabilities.includes("thinking")) {
      return sendError(exchange.res, 400, `"${request.model}" does not support thinking`);
    }
    this.counters.chatRequests++;
    if (isLoadRequest(request)) {
      return sendJson(
        exchange.res,
        200,
        loadObject(request, isZeroKeepAlive(request.keepAlive) ? "unload" : "load"),
      );
    }
    const reply = await this.resolveReply(request, exchange.entry);
    if (exchange.signal.aborted) return;
    if (isErrorReply(reply)) return sendScriptedError(exchange.res, reply);
    await this.withDecodeSlot(exchange, () =>
      "hang" in reply ? waitForAbort(exchange.signal) : this.decode(exchange, request, model, reply),
    );
  }

  private async resolveReply(request: InferenceRequest, entry: LoggedRequest): Promise<ScriptedReply> {
    const index = this.replyIndex++;
    const queued = this.script.shift();
    if (queued) return queued;
    const scripted = this.handler ? await this.handler(request, { index, entry }) : undefined;
    return scripted ?? defaultReply(request);
  }

  /** Waits in line for the one decode slot (503 when the line is full), runs, then hands it on. */
  private async withDecodeSlot(exchange: Exchange, work: () => Promise<void>): Promise<void> {
    let release: () => void;
    try {
      const acquiring = this.queue.acquire(exchange.signal);
      // Joining the line changes queueState(), which waitFor predicates may be watching.
      this.notify();
      release = await acquiring;
    } catch (error) {
      if (error instanceof QueueFullError) return sendError(exchange.res, 503, error.message);
      throw error;
    }
    try {
      exchange.entry.decodeStartedAt = now();
      this.notify();
      await work();
    } finally {
      exchange.entry.decodeFinishedAt = now();
      release();
      this.notify();
    }
  }

  /** Spends simulated model time while holding the decode slot. */
  private async spend(pacer: Pacer, ms: number): Promise<void> {
    this.counters.busyMs += ms;
    await pacer.advance(ms);
  }

  private async decode(
    exchange: Exchange,
    request: InferenceRequest,
    model: ResolvedModel,
    reply: ContentReply | MidStreamErrorReply | DropReply,
  ): Promise<void> {
    const plan = planOutput(request, reply, thinkingEnabled(request, model.capabilities));
    const pacer = new Pacer(exchange.signal);
    await this.spend(pacer, this.currentLatency.perRequestMs);
    const loadedNs = process.hrtime.bigint();
    await this.spend(pacer, request.promptTokens * this.currentLatency.perPromptTokenMs);
    this.counters.promptTokens += request.promptTokens;
    const promptDoneNs = process.hrtime.bigint();
    const stream = request.stream ? new NdjsonWriter(exchange.res) : undefined;
    for (const piece of plan.pieces) {
      await this.spend(pacer, this.currentLatency.perOutputTokenMs);
      this.counters.outputTokens++;
      stream?.write(streamChunk(request, piece));
    }
    if (plan.error !== undefined) {
      if (stream) return stream.end({ error: plan.error });
      return sendError(exchange.res, 500, plan.error);
    }
    const doneNs = process.hrtime.bigint();
    const metrics: Metrics = {
      total_duration: Number(doneNs - exchange.startNs),
      load_duration: Number(loadedNs - exchange.startNs),
      prompt_eval_count: request.promptTokens,
      prompt_eval_duration: Number(promptDoneNs - loadedNs),
      eval_count: plan.pieces.length,
      eval_duration: Number(doneNs - promptDoneNs),
    };
    if ("dropConnection" in reply) return dropMidBody(exchange.res, request, plan, metrics, stream);
    if (stream) stream.end(doneObject(request, plan, metrics, false));
    else sendJson(exchange.res, 200, doneObject(request, plan, metrics, true));
  }

  private async pull(exchange: Exchange): Promise<void> {
    const body = this.requireObject(exchange, "api.PullRequest");
    if (!body) return;
    const name = [body.model, body.name].find(
      (value): value is string => typeof value === "string" && value !== "",
    );
    if (!name) return sendError(exchange.res, 400, "invalid model name");
    const target = this.findPullable(name);
    const steps = target ? pullSteps(target) : [{ status: "pulling manifest" }, { error: PULL_NOT_FOUND }];
    const stream = body.stream === false ? undefined : new NdjsonWriter(exchange.res);
    const pacer = new Pacer(exchange.signal);
    await pacer.advance(this.currentLatency.perRequestMs);
    let last: Record<string, unknown> = {};
    for (const step of steps) {
      await pacer.advance(this.currentLatency.perOutputTokenMs);
      if (typeof step.error === "string") {
        // Like waitForStream: without streaming, a failure is a 500 with the error body.
        if (stream) return stream.end(step);
        return sendError(exchange.res, 500, step.error);
      }
      // Installed before "success" goes out, so a client listing right after sees it.
      if (step.status === "success" && target) this.addModel({ ...target, modifiedAt: undefined });
      stream?.write(step);
      last = step;
    }
    if (stream) stream.end();
    else sendJson(exchange.res, 200, last);
  }

  private findPullable(name: string): ResolvedModel | undefined {
    const normalized = normalizeModelName(name);
    return [...this.pullable, ...this.installed].find((model) => model.name === normalized);
  }
}
