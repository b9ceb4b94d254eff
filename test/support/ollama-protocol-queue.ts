/**
 * Scheduling pieces of the Ollama protocol test server: the single decode slot (Ollama's default
 * OLLAMA_NUM_PARALLEL=1 with an OLLAMA_MAX_QUEUE bound) and abortable, drift-free pacing.
 */

export class QueueFullError extends Error {
  constructor() {
    super("server busy, please try again.  maximum pending requests exceeded");
    this.name = "QueueFullError";
  }
}

export function abortError(): Error {
  return new DOMException("The request was aborted", "AbortError");
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError();
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** For a reply that never comes: settles only when the exchange ends. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** A release function; calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  grant: () => void;
}

/**
 * One request decodes at a time; the rest wait in arrival order. A waiter whose client goes away
 * leaves the line, as Ollama drops a cancelled queued request.
 */
export class DecodeQueue {
  private busy = false;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly maxQueue: () => number) {}

  get pending(): number {
    return this.waiters.length;
  }

  get active(): boolean {
    return this.busy;
  }

  acquire(signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(abortError());
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxQueue()) return Promise.reject(new QueueFullError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiter so nobody can overtake it.
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.busy = false;
    };
  }
}

/**
 * Sleeps against a running deadline rather than per call, so many tiny delays (per token) add up
 * to the configured total instead of drifting by each timer's overshoot.
 */
export class Pacer {
  private deadline = performance.now();

  constructor(private readonly signal: AbortSignal) {}

  async advance(ms: number): Promise<void> {
    throwIfAborted(this.signal);
    if (ms <= 0) return;
    this.deadline += ms;
    const wait = this.deadline - performance.now();
    if (wait > 0) await abortableSleep(wait, this.signal);
  }
}
