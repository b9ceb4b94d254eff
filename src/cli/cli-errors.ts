import { isLlmError } from "../llm/errors";

/** A problem with what the user typed: exit code 2, and the message says how to fix it. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A problem with the workbook or range the user pointed at: also exit code 2. */
export class InputError extends Error {
  override readonly name = "InputError";
}

export const EXIT = { ok: 0, other: 1, badInput: 2, serviceUnavailable: 3 } as const;

const INPUT_ERROR_NAMES = new Set([
  "UsageError",
  "InputError",
  "AddressError",
  "SheetNotFoundError",
  "WorkbookError",
  "WriteRefused",
]);

export function exitCodeFor(error: unknown): number {
  if (isLlmError(error)) {
    if (error.kind === "bad-request") return EXIT.badInput;
    if (error.kind === "bad-output" || error.kind === "cancelled") return EXIT.other;
    return EXIT.serviceUnavailable;
  }
  if (error instanceof Error && INPUT_ERROR_NAMES.has(error.name)) return EXIT.badInput;
  return EXIT.other;
}

export function errorKind(error: unknown): string {
  if (isLlmError(error)) return error.kind;
  if (error instanceof Error) return error.name;
  return "unknown";
}
