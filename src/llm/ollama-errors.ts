import { LlmError } from "./errors";

/**
 * Turns what ollama-js and fetch throw into LlmErrors with messages a user can act on.
 * ollama-js does not export its ResponseError, so it is recognised by shape.
 */
interface ResponseErrorShape {
  name: "ResponseError";
  status_code: number;
  error: string;
}

function isResponseError(error: unknown): error is ResponseErrorShape {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "ResponseError" &&
    typeof (error as { status_code?: unknown }).status_code === "number"
  );
}

/** The error code behind a failed fetch in Node (undici puts it on `cause`). */
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError || networkErrorCode(error) !== undefined;
}

/** A dropped connection may succeed on retry; a refused one means nothing is listening. */
export function isTransientConnectionFailure(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
}

export function unreachableError(baseUrl: string, cause?: unknown): LlmError {
  return new LlmError(
    "unreachable",
    `Ollama is not reachable at ${baseUrl}. Start it (run \`ollama serve\` or open the Ollama app), ` +
      `or point the add-in at the right address (setting "Ollama URL", env OLLAMA_HOST, CLI --ollama).`,
    { cause, url: baseUrl },
  );
}

export function modelNotFoundError(model: string): LlmError {
  return new LlmError(
    "model-not-found",
    `The model "${model}" is not installed in Ollama. Install it with \`ollama pull ${model}\`, ` +
      `or choose an installed model.`,
    { model, status: 404 },
  );
}

export function busyError(status = 503): LlmError {
  return new LlmError(
    "busy",
    "Ollama is busy (its request queue is full) and stayed busy after several retries. " +
      "Wait for running work to finish, or raise OLLAMA_MAX_QUEUE.",
    { status },
  );
}

/** Maps anything a model call threw to an LlmError; `baseUrl` and `model` make the message concrete. */
export function toLlmError(error: unknown, context: { baseUrl: string; model?: string }): LlmError {
  if (error instanceof LlmError) return error;
  if (isResponseError(error)) {
    const status = error.status_code;
    const text = error.error || `HTTP ${status}`;
    if (status === 404 && context.model && /not found/i.test(text)) return modelNotFoundError(context.model);
    if (status === 503) return busyError(status);
    // The local relay answers 502 when it cannot reach Ollama; its body already explains.
    if (status === 502) return new LlmError("unreachable", text, { status, url: context.baseUrl });
    if (status === 403 && !error.error) {
      return new LlmError(
        "http",
        `Ollama refused the request from this page's origin (HTTP 403). Use the local relay ` +
          `(the default), or add this origin to OLLAMA_ORIGINS and restart Ollama.`,
        { status },
      );
    }
    return new LlmError("http", `Ollama answered with an error (HTTP ${status}): ${text}`, { status });
  }
  if (isConnectionFailure(error)) return unreachableError(context.baseUrl, error);
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError("stream-error", `Ollama reported an error while answering: ${message}`, {
    cause: error,
  });
}
