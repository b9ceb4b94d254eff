import { errorClass } from "../errors/slm-error";

/**
 * What the assistant did in this session, for the Activity view: each formula written, formula
 * explained, selection classified and report made, with where the answer came from. Kept in the
 * page's memory only (the write journal keeps what a write replaced; the audit log, on the
 * server, keeps every cloud request).
 */
export type OperationKind = "formula" | "explain" | "classify" | "extract" | "validate" | "report" | "ask";

export interface Operation {
  id: number;
  time: string;
  kind: OperationKind;
  /** One line: what was asked, e.g. the formula request or the range classified. */
  subject: string;
  outcome: "done" | "cancelled" | "failed" | "waiting";
  /** "local" model, "cloud" model, or "code" (computed without a model). */
  source: "local" | "cloud" | "code" | null;
  model: string | null;
  /** The result or the error, in a few words. */
  detail: string;
}

export type OperationResult = Pick<Operation, "source" | "model" | "detail"> & {
  outcome?: Operation["outcome"];
};

const MAX_OPERATIONS = 50;

export class OperationLog {
  private readonly operations: Operation[] = [];
  private readonly listeners = new Set<(operations: readonly Operation[]) => void>();
  private nextId = 1;

  list(): readonly Operation[] {
    return [...this.operations];
  }

  add(operation: Omit<Operation, "id" | "time">): void {
    this.operations.unshift({ ...operation, id: this.nextId++, time: new Date().toISOString() });
    this.operations.length = Math.min(this.operations.length, MAX_OPERATIONS);
    const snapshot = this.list();
    this.listeners.forEach((listener) => listener(snapshot));
  }

  subscribe(listener: (operations: readonly Operation[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs an operation and records how it ended, whatever happens; returns or rethrows its result. */
  async record<T>(
    kind: OperationKind,
    subject: string,
    run: () => Promise<T>,
    describe: (result: T) => OperationResult,
  ): Promise<T> {
    try {
      const result = await run();
      const { outcome = "done", ...rest } = describe(result);
      this.add({ kind, subject, outcome, ...rest });
      return result;
    } catch (error) {
      const cancelled = errorClass(error) === "cancelled";
      this.add({
        kind,
        subject,
        outcome: cancelled ? "cancelled" : "failed",
        source: null,
        model: null,
        detail: cancelled ? "Cancelled." : error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}

/** One log for the page's life, shared by every view. */
export const operationLog = new OperationLog();
