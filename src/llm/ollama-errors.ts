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

/**
 * ollama-js's complaint when a stream ends cleanly but without Ollama's final `done` line: the
 * answer was cut off (a proxy closing the response, a server that stopped mid-answer).
 */
export function isStreamCutShort(error: unknown): boolean {
  return error instanceof Error && /did not receive done or success response in stream/i.test(error.message);
}

/**
 * The answer had started (a status line and part of the body arrived) and then the connection
 * went. Ollama was reachable, so "not reachable" would send the user to the wrong fix.
 */
export function droppedMidAnswerError(
  context: { baseUrl: string; model?: string; tries: number },
  cause?: unknown,
): LlmError {
  const where = context.model ? `"${context.model}" at ${context.baseUrl}` : context.baseUrl;
  const tries = context.tries > 1 ? ` (${context.tries} tries, each cut off)` : "";
  return new LlmError(
    "stream-error",
    `The connection dropped while Ollama was answering (${where}), so the answer was cut off${tries}. ` +
      `Ollama may have restarted or run out of memory, or a proxy, VPN or firewall closed the connection. ` +
      `Check that Ollama is still running (\`ollama ps\`) and try again; if it keeps happening, ` +
      `look at Ollama's server log or choose a smaller model.`,
    { cause, model: context.model, url: context.baseUrl },
  );
}

/**
 * An answer was cut off, and on retrying nothing listens any more: Ollama most likely stopped
 * part-way through (crashed, was quit or restarted). Both facts matter to the user.
 */
export function droppedThenUnreachableError(
  context: { baseUrl: string; model?: string },
  cause?: unknown,
): LlmError {
  return new LlmError(
    "unreachable",
    `The connection dropped while Ollama was answering, and on retrying nothing answers at ${context.baseUrl} ` +
      `any more: Ollama seems to have stopped part-way (crashed, quit, or ran out of memory). ` +
      `Start it again (run \`ollama serve\` or open the Ollama app) and retry; if it keeps stopping, ` +
      `look at Ollama's server log or choose a smaller model.`,
    { cause, model: context.model, url: context.baseUrl },
  );
}

/** The connection was accepted and then closed before any answer: something is there, but it hung up. */
export function droppedBeforeAnswerError(baseUrl: string, cause?: unknown): LlmError {
  return new LlmError(
    "unreachable",
    `The connection to ${baseUrl} was closed before Ollama answered, also on retrying. Ollama may be ` +
      `restarting, or the program listening there is not Ollama. Check that Ollama is running ` +
      `(\`ollama serve\` or the Ollama app) and that the address is right (setting "Ollama URL", ` +
      `env OLLAMA_HOST, CLI --ollama).`,
    { cause, url: baseUrl },
  );
}

/**
 * A response that no Ollama sends: Ollama answers its API with JSON (NDJSON when streaming),
 * so an HTML page or plain text means another program holds the address.
 */
export function notOllamaError(
  context: { baseUrl: string; path: string; status: number },
  body: { contentType: string; text: string },
): LlmError {
  return new LlmError(
    "http",
    `The server at ${context.baseUrl} is not Ollama: it answered ${context.path} with ` +
      `${describeForeignBody(body)} (HTTP ${context.status}) instead of Ollama's JSON. ` +
      `Another program is probably using that address. Point excel-slm at Ollama (setting "Ollama URL", ` +
      `env OLLAMA_HOST, CLI --ollama) and check the port: Ollama listens on 11434 unless OLLAMA_HOST says otherwise.`,
    { status: context.status, url: context.baseUrl },
  );
}

const MAX_QUOTED_CHARS = 60;

function quoted(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > MAX_QUOTED_CHARS ? `${flat.slice(0, MAX_QUOTED_CHARS)}…` : flat);
}

/** A few words on what came back, so the user can recognise the program that answered. */
function describeForeignBody(body: { contentType: string; text: string }): string {
  const text = body.text.trim();
  if (/html/i.test(body.contentType) || /^<(!doctype|html|head|body)\b/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `an HTML page titled ${quoted(title)}` : "an HTML page";
  }
  if (!text) return `an empty ${body.contentType || "untyped"} body`;
  return `${body.contentType ? `${body.contentType.split(";")[0]!.trim()} ` : ""}text ${quoted(text)}`;
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
    // Ollama says `model "x" not found`; a bare "Not Found" from some other server is no missing model.
    if (status === 404 && context.model && /\bmodel\b.*\bnot found/i.test(text)) {
      return modelNotFoundError(context.model);
    }
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
