/**
 * The HTTP plumbing the OpenAI- and Anthropic-protocol test servers share (test/support/
 * openai-protocol-server.ts, anthropic-protocol-server.ts): a real server on 127.0.0.1 at an
 * ephemeral port, a log of every request (headers and body), replies scripted per request
 * (queued, or decided by a handler), latency and per-reply delays, replies that never come, dropped connections,
 * and kill()/close() that leave nothing hanging. Each protocol supplies its routes and bodies.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { abortableSleep, isAbortError, waitForAbort } from "../../support/ollama-protocol-queue";

export interface LoggedRequest {
  id: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text if it was not JSON; undefined if empty. */
  body: unknown;
  rawBody: string;
  startedAt: number;
  finishedAt: number | null;
  status: number | null;
  /** The client closed the connection before the response ended. */
  clientAborted: boolean;
}

/** Replies any protocol understands. */
export interface ErrorReply {
  status: number;
  message?: string;
  /** The provider's error type (OpenAI `error.type`, Anthropic `error.type`). */
  type?: string;
  /** OpenAI `error.code`. */
  code?: string | null;
  /** Sent as `retry-after` (seconds; fractions work with both SDKs). */
  retryAfter?: number | string;
  /** Sent as `retry-after-ms`, which both SDKs read first. */
  retryAfterMs?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Never answers; the exchange ends when the client gives up. */
export interface HangReply {
  hang: true;
}

/** Destroys the connection without a response (a dropped connection). */
export interface DropReply {
  drop: true;
}

export type CommonReply = ErrorReply | HangReply | DropReply;

export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  entry: LoggedRequest;
  signal: AbortSignal;
}

export interface ReplyInfo<TRequest> {
  /** 0 for the first scripted-route request since start (or reset), then 1, 2, ... */
  index: number;
  request: TRequest;
  entry: LoggedRequest;
}

export type ReplyHandler<TRequest, TReply> = (
  info: ReplyInfo<TRequest>,
) => TReply | CommonReply | undefined | Promise<TReply | CommonReply | undefined>;

export function isErrorReply(reply: object): reply is ErrorReply {
  return "status" in reply && typeof (reply as { status: unknown }).status === "number";
}

export function isHangReply(reply: object): reply is HangReply {
  return "hang" in reply;
}

export function isDropReply(reply: object): reply is DropReply {
  return "drop" in reply;
}

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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function retryHeaders(reply: ErrorReply): Record<string, string> {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
  if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
  return headers;
}

export function randomId(prefix: string, length = 24): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

export abstract class ScriptedProtocolServer<TRequest, TReply extends object> {
  private readonly http: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<AbortController>();
  private log: LoggedRequest[] = [];
  private listeners = new Set<() => void>();
  private script: Array<TReply | CommonReply> = [];
  private handler: ReplyHandler<TRequest, TReply> | null = null;
  private replyIndex = 0;
  private latencyMs = 0;
  private nextId = 1;
  private stopping = false;
  private closing: Promise<void> | null = null;
  private boundPort = 0;

  protected constructor() {
    this.http = http.createServer((req, res) => this.handle(req, res));
    this.http.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Answers one exchange; the body is already in `exchange.entry.body`. */
  protected abstract route(exchange: Exchange): Promise<void>;

  /** e.g. "http://127.0.0.1:54321" */
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  /** A snapshot of the log; entries keep updating while their exchanges run. */
  get requests(): LoggedRequest[] {
    return [...this.log];
  }

  /** Replies used in order, one per scripted-route request, before the handler. */
  enqueue(...replies: Array<TReply | CommonReply>): void {
    this.script.push(...replies);
  }

  /** Decides replies when nothing is enqueued; undefined keeps the default; null removes it. */
  onRequest(handler: ReplyHandler<TRequest, TReply> | null): void {
    this.handler = handler;
  }

  /** Time every answer takes unless its reply sets `delayMs` (simulated model latency). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Clears the log, script, handler and latency. Exchanges in flight carry on. */
  reset(): void {
    this.log = [];
    this.script = [];
    this.handler = null;
    this.replyIndex = 0;
    this.latencyMs = 0;
  }

  waitFor(predicate: (request: LoggedRequest) => boolean, timeoutMs = 5_000): Promise<LoggedRequest> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.log.find(predicate);
        if (hit) {
          cleanup();
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`No matching request within ${timeoutMs} ms (logged: ${this.log.length})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.kill();
    await this.closing;
  }

  /** Every socket is destroyed at once, as if the server died. */
  kill(): void {
    this.stopping = true;
    this.closing ??= new Promise((resolve) => this.http.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    for (const controller of this.inFlight) controller.abort();
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => {
        this.http.off("error", reject);
        this.boundPort = (this.http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** The scripted reply for this request: queued first, then the handler, else undefined (default). */
  protected async nextReply(
    request: TRequest,
    entry: LoggedRequest,
  ): Promise<TReply | CommonReply | undefined> {
    const index = this.replyIndex++;
    const queued = this.script.shift();
    if (queued) return queued;
    return this.handler ? await this.handler({ index, request, entry }) : undefined;
  }

  /**
   * Plays the parts every protocol shares: the delay, a hang, a dropped connection. Returns false
   * when the exchange is over (or gone) and nothing more should be written.
   */
  protected async prelude(exchange: Exchange, reply: object | undefined): Promise<boolean> {
    const delayMs =
      reply && "delayMs" in reply && typeof reply.delayMs === "number" ? reply.delayMs : this.latencyMs;
    try {
      if (delayMs > 0) await abortableSleep(delayMs, exchange.signal);
    } catch (error) {
      if (isAbortError(error)) return false;
      throw error;
    }
    if (reply && isHangReply(reply)) {
      await waitForAbort(exchange.signal);
      return false;
    }
    if (reply && isDropReply(reply)) {
      exchange.req.socket.destroy();
      return false;
    }
    return !exchange.signal.aborted;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const entry: LoggedRequest = {
      id: this.nextId++,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body: undefined,
      rawBody: "",
      startedAt: now(),
      finishedAt: null,
      status: null,
      clientAborted: false,
    };
    this.log.push(entry);
    this.notify();
    const controller = new AbortController();
    this.inFlight.add(controller);
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.finishedAt = now();
      this.notify();
    });
    res.on("close", () => {
      this.inFlight.delete(controller);
      if (!res.writableFinished) {
        entry.clientAborted = !this.stopping;
        entry.finishedAt = now();
      }
      controller.abort();
      this.notify();
    });
    readBody(req)
      .then((raw) => {
        entry.rawBody = raw;
        entry.body = parseBody(raw);
        this.notify();
        // A client that already left must not use up a scripted reply meant for the next request.
        if (controller.signal.aborted) return;
        return this.route({ req, res, entry, signal: controller.signal });
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        else res.destroy();
      });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function parseBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
