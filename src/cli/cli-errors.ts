import { errorClass, errorKindOf, SlmError, type SlmErrorKind } from "../errors/slm-error";

/** A problem with what the user typed: exit code 2, and the message says how to fix it. */
export class UsageError extends SlmError {
  override name = "UsageError";
  constructor(message: string) {
    super("input", message);
  }
}

/** A problem with the workbook or range the user pointed at: also exit code 2. */
export class InputError extends SlmError {
  override name = "InputError";
  constructor(message: string) {
    super("input", message);
  }
}

export const EXIT = { ok: 0, other: 1, badInput: 2, serviceUnavailable: 3 } as const;

/** The CLI's one mapping from an error to an exit code: 2 input, 3 service unavailable, 1 other. */
export function exitCodeFor(error: unknown): number {
  switch (errorClass(error)) {
    case "input":
      return EXIT.badInput;
    case "unavailable":
      return EXIT.serviceUnavailable;
    default:
      return EXIT.other;
  }
}

/** The `error.kind` of --json output. */
export function errorKind(error: unknown): SlmErrorKind {
  return errorKindOf(error);
}
