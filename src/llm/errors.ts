/**
 * Typed failures of model calls. Each carries a message written for the user: what failed,
 * why, and how to fix it. Surfaces map `kind` to a cell error, an exit code or a banner.
 */
export type LlmErrorKind =
  | "unreachable" // nothing answers at the configured address
  | "model-not-found" // the model is not pulled
  | "busy" // Ollama's queue is full (503), still after retries
  | "timeout" // no answer within the time limit
  | "bad-output" // the reply did not match the requested schema, even after a retry
  | "stream-error" // the server reported an error part-way through a stream
  | "cancelled" // the caller aborted
  | "http" // any other error status from the server
  | "bad-request"; // our own input was unusable (e.g. empty prompt)

export class LlmError extends Error {
  override readonly name = "LlmError";
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; cause?: unknown; model?: string; url?: string } = {},
  ) {
    super(message);
  }
}

export function isLlmError(error: unknown, kind?: LlmErrorKind): error is LlmError {
  return error instanceof LlmError && (kind === undefined || error.kind === kind);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
