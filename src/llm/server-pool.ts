import type { ModelServer, ModelServerKind, StructuredChatModel } from "./chat-model";
import { LlmError, isLlmError } from "./errors";
import type { StructuredChatCall, StructuredResult } from "./ollama-client";
import { sameModelName } from "./ollama-server";

/**
 * Several model servers serving the same model, used as one. Each request goes to a server with a
 * free slot (its own concurrency: Ollama decodes one at a time by default, vLLM-style servers
 * many), so the bulk engine keeps every server busy. A server that fails (nothing listening, the
 * connection dropped, a 5xx) is marked down and the request moves to another server; a request is
 * only sent again after its earlier try has failed, so no item is answered twice, and each server
 * gets a request at most once, so a request that breaks every server still ends. Down servers are
 * probed and come back when they answer.
 */

export interface PoolMember {
  server: ModelServer;
  /** Requests it decodes at once. */
  concurrency: number;
}

export interface PoolOptions {
  /** How often a down server is probed (its model list). Default 5 s. */
  healthCheckMs?: number;
}

/** One server's state, for the pane's Settings and the CLI's summary. */
export interface ServerStatus {
  url: string;
  kind: ModelServerKind;
  state: "up" | "down";
  /** Requests under way there now, and how many it takes at once. */
  active: number;
  concurrency: number;
  answered: number;
  /** Requests that failed there (and moved on to another server when one was up). */
  failed: number;
  lastError?: string;
}

interface Slot {
  member: PoolMember;
  status: ServerStatus;
  /** Why it went down: with one server, its own error is the run's error. */
  lastFailure?: unknown;
}

interface Job {
  request: StructuredChatCall<unknown>;
  tried: Set<Slot>;
  lastError?: unknown;
  resolve(result: StructuredResult<unknown>): void;
  reject(error: unknown): void;
}

/** Failures that say something about the server, not the request: try another server. */
export function isServerFailure(error: unknown): boolean {
  if (!isLlmError(error)) return false;
  if (["unreachable", "stream-error", "busy", "timeout"].includes(error.kind)) return true;
  return error.kind === "http" && (error.details.status === undefined || error.details.status >= 500);
}

export class ModelServerPool implements StructuredChatModel {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly healthCheckMs: number;
  private healthTimer: ReturnType<typeof setInterval> | undefined;

  constructor(members: readonly PoolMember[], options: PoolOptions = {}) {
    if (members.length === 0) throw new LlmError("bad-request", "A pool needs at least one model server.");
    this.slots = members.map((member) => ({
      member: { ...member, concurrency: Math.max(1, member.concurrency) },
      status: {
        url: member.server.baseUrl,
        kind: member.server.kind,
        state: "up",
        active: 0,
        concurrency: Math.max(1, member.concurrency),
        answered: 0,
        failed: 0,
      },
    }));
    this.healthCheckMs = options.healthCheckMs ?? 5_000;
  }

  /** Requests the pool decodes at once: what the bulk engine should keep in flight. */
  get capacity(): number {
    return this.slots.reduce((sum, slot) => sum + slot.member.concurrency, 0);
  }

  status(): ServerStatus[] {
    return this.slots.map((slot) => ({ ...slot.status }));
  }

  /**
   * Before a run: every server that answers must serve `model`, or the run is refused (mixing
   * models would mix answers). Servers that do not answer are marked down; none answering is an error.
   */
  async checkModel(model: string, signal?: AbortSignal): Promise<void> {
    // One server cannot disagree with itself; its own errors (not running, model not pulled) say it best.
    if (this.slots.length < 2) return;
    const lists = await Promise.allSettled(this.slots.map((slot) => slot.member.server.modelNames(signal)));
    const missing: string[] = [];
    lists.forEach((list, index) => {
      const slot = this.slots[index]!;
      if (list.status === "rejected") return this.markDown(slot, list.reason);
      if (!list.value.some((name) => sameModelName(slot.status.kind, name, model))) {
        const has = list.value.slice(0, 5).join(", ") || "no models";
        missing.push(`${slot.status.url} does not serve it (it has: ${has})`);
      }
    });
    if (missing.length > 0) {
      throw new LlmError(
        "model-not-found",
        `All servers must serve the same model, "${model}", and ${missing.join("; ")}. Pull or load ` +
          `"${model}" there, or leave that server out: mixing models would mix answers.`,
        { model },
      );
    }
    if (this.slots.every((slot) => slot.status.state === "down")) throw this.allDownError();
  }

  chatStructured<T>(request: StructuredChatCall<T>): Promise<StructuredResult<T>> {
    return new Promise<StructuredResult<T>>((resolve, reject) => {
      if (request.signal?.aborted) return reject(new LlmError("cancelled", "The request was cancelled."));
      const job: Job = {
        request: request as StructuredChatCall<unknown>,
        tried: new Set(),
        resolve: resolve as (result: StructuredResult<unknown>) => void,
        reject,
      };
      request.signal?.addEventListener(
        "abort",
        () => {
          const index = this.queue.indexOf(job);
          if (index < 0) return; // under way: the server call itself is aborted
          this.queue.splice(index, 1);
          reject(new LlmError("cancelled", "The request was cancelled."));
        },
        { once: true },
      );
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the health checks (the CLI calls it when a run ends, so the process can exit). */
  close(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }

  private pump(): void {
    for (let index = 0; index < this.queue.length;) {
      const job = this.queue[index]!;
      const slot = this.freeSlotFor(job);
      if (slot === "none-left") {
        this.queue.splice(index, 1);
        job.reject(this.noServerLeftError(job));
        continue;
      }
      if (slot === "wait") {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      this.send(job, slot);
    }
  }

  /** The least busy up server this job has not tried; "wait" when all such are full. */
  private freeSlotFor(job: Job): Slot | "wait" | "none-left" {
    const candidates = this.slots.filter((slot) => slot.status.state === "up" && !job.tried.has(slot));
    if (candidates.length === 0) return "none-left";
    const free = candidates.filter((slot) => slot.status.active < slot.member.concurrency);
    if (free.length === 0) return "wait";
    return free.reduce((best, slot) =>
      slot.status.active / slot.member.concurrency < best.status.active / best.member.concurrency
        ? slot
        : best,
    );
  }

  private send(job: Job, slot: Slot): void {
    job.tried.add(slot);
    slot.status.active++;
    slot.member.server.chatStructured(job.request).then(
      (result) => {
        slot.status.active--;
        slot.status.answered++;
        job.resolve(result);
        this.pump();
      },
      (error: unknown) => {
        slot.status.active--;
        if (isServerFailure(error) && !job.request.signal?.aborted) {
          slot.status.failed++;
          job.lastError = error;
          this.markDown(slot, error);
          this.queue.unshift(job); // first in line: it has waited longest
        } else {
          job.reject(error);
        }
        this.pump();
      },
    );
  }

  private markDown(slot: Slot, error: unknown): void {
    slot.status.state = "down";
    slot.lastFailure = error;
    slot.status.lastError = error instanceof Error ? error.message : String(error);
    this.healthTimer ??= setInterval(() => void this.probeDownServers(), this.healthCheckMs);
    // A probe timer must not keep a finished CLI run alive.
    (this.healthTimer as { unref?: () => void }).unref?.();
  }

  private async probeDownServers(): Promise<void> {
    const down = this.slots.filter((slot) => slot.status.state === "down");
    await Promise.all(
      down.map(async (slot) => {
        try {
          await slot.member.server.modelNames(AbortSignal.timeout(this.healthCheckMs));
          slot.status.state = "up";
        } catch (error) {
          slot.status.lastError = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    if (this.slots.every((slot) => slot.status.state === "up")) this.close();
    this.pump();
  }

  private noServerLeftError(job: Job): unknown {
    // Tried on one server only (a pool of one): its own error, unchanged.
    if (job.tried.size === 1 && this.slots.length === 1) return job.lastError;
    if (job.lastError === undefined && this.slots.every((slot) => slot.status.state === "down")) {
      return this.allDownError();
    }
    return new LlmError(
      "unreachable",
      `No model server could answer this request: ${this.slots.length === 1 ? "the server" : `each of the ${this.slots.length} servers`} failed or is down` +
        ` (last: ${job.lastError instanceof Error ? job.lastError.message : String(job.lastError)}).`,
      { cause: job.lastError },
    );
  }

  private allDownError(): unknown {
    if (this.slots.length === 1 && this.slots[0]!.lastFailure !== undefined)
      return this.slots[0]!.lastFailure;
    const reasons = this.slots.map((slot) => `${slot.status.url}: ${slot.status.lastError ?? "down"}`);
    return new LlmError(
      "unreachable",
      `None of the ${this.slots.length} model server${this.slots.length === 1 ? "" : "s"} answered. ${reasons.join(" | ")}`,
    );
  }
}
