/**
 * The one error type of excel-slm. Every failure a user can see is an SlmError (or a subclass
 * that adds details, such as LlmError, CloudError or WriteRefused) with a `kind` from one list.
 * Each surface maps the kind's class once: a cell error (#VALUE!/#N/A), a pane notice, an exit
 * code. Nothing matches on `error.name`.
 */
export type SlmErrorKind =
  // What the user gave is unusable: an option, a range, a workbook, a request, a target.
  | "input"
  // A model or service did not answer usefully.
  | "unreachable" // nothing answers at the configured address
  | "model-not-found" // the model is not pulled (or no such cloud model/deployment)
  | "busy" // the server's queue is full, still after retries
  | "timeout" // no answer within the time limit
  | "stream-error" // the server reported an error part-way through a stream
  | "http" // any other error status from the server
  // Our own request to the model was unusable (e.g. an empty prompt): an input problem.
  | "bad-request"
  // An answer came back but is unusable (off-schema, wrong shape, no verified formula).
  | "bad-output"
  // The user (or Excel) cancelled.
  | "cancelled"
  // The user must answer first: consent to send to the cloud, or confirm an overwrite.
  | "needs-consent"
  | "needs-confirmation"
  // Something else went wrong in a file or the workbook (disk full, Excel refused a write).
  | "failed";

/** What a surface needs to know to map an error: exit code, cell error, notice. */
export type ErrorClass = "input" | "unavailable" | "model-output" | "cancelled" | "needs-answer" | "other";

const CLASS_OF: Record<SlmErrorKind, ErrorClass> = {
  input: "input",
  "bad-request": "input",
  unreachable: "unavailable",
  "model-not-found": "unavailable",
  busy: "unavailable",
  timeout: "unavailable",
  "stream-error": "unavailable",
  http: "unavailable",
  "bad-output": "model-output",
  cancelled: "cancelled",
  "needs-consent": "needs-answer",
  "needs-confirmation": "needs-answer",
  failed: "other",
};

export class SlmError extends Error {
  override name = "SlmError";
  constructor(
    readonly kind: SlmErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSlmError(error: unknown, kind?: SlmErrorKind): error is SlmError {
  return error instanceof SlmError && (kind === undefined || error.kind === kind);
}

/**
 * The class of any thrown value. The platform's own abort (fetch, AbortSignal.throwIfAborted)
 * is a DOMException named "AbortError": the one place a platform error is recognised.
 */
export function errorClass(error: unknown): ErrorClass {
  if (error instanceof SlmError) return CLASS_OF[error.kind];
  if (error instanceof Error && error.name === "AbortError") return "cancelled";
  return "other";
}

/** The kind to report (e.g. in --json): the SlmError's own, "cancelled" for an abort, else "failed". */
export function errorKindOf(error: unknown): SlmErrorKind {
  if (error instanceof SlmError) return error.kind;
  return errorClass(error) === "cancelled" ? "cancelled" : "failed";
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
