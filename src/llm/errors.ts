import { SlmError, type SlmErrorKind } from "../errors/slm-error";

/**
 * Typed failures of model calls: SlmErrors whose kind is one of the model kinds, with the
 * request's details. Each carries a message written for the user: what failed, why, and how to
 * fix it.
 */
export type LlmErrorKind = Extract<
  SlmErrorKind,
  | "unreachable"
  | "model-not-found"
  | "busy"
  | "timeout"
  | "bad-output"
  | "stream-error"
  | "cancelled"
  | "http"
  | "bad-request"
>;

export class LlmError extends SlmError {
  override name = "LlmError";
  constructor(
    override readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; cause?: unknown; model?: string; url?: string } = {},
  ) {
    super(kind, message);
  }
}

export function isLlmError(error: unknown, kind?: LlmErrorKind): error is LlmError {
  return error instanceof LlmError && (kind === undefined || error.kind === kind);
}
