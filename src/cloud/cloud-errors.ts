import { LlmError, type LlmErrorKind } from "../llm/errors";
import type { CloudUsage } from "./cloud-provider";

/**
 * Failures of cloud requests, each with a message that says what failed, why, and how to fix it.
 * A CloudError is an LlmError, so every surface that already maps LlmError kinds to cell errors,
 * exit codes or banners handles it; `cloudKind` keeps the finer cause for the task pane and tests.
 */
export type CloudErrorKind =
  | "auth" // 401: the key is wrong
  | "forbidden" // 403: the key may not use this model/project
  | "model-not-found" // 404: no such model (or deployment, or wrong base URL)
  | "rate-limited" // 429, still after the SDK's retries
  | "quota" // 429 because the account has no credit
  | "server" // 5xx, still after retries
  | "timeout" // no answer in time, on every attempt
  | "unreachable" // no connection at all
  | "bad-request" // 400/422: the provider refused the request's shape
  | "bad-output" // an answer came back but is unusable (off-schema, truncated)
  | "refused" // the model declined to answer (refusal, content filter)
  | "cancelled" // the caller aborted
  | "audit-failed" // nothing was sent: the audit entry could not be written first
  | "not-allowed"; // nothing was sent: the policy or consent does not allow it

const LLM_KIND: Record<CloudErrorKind, LlmErrorKind> = {
  auth: "http",
  forbidden: "http",
  "model-not-found": "model-not-found",
  "rate-limited": "busy",
  quota: "http",
  server: "http",
  timeout: "timeout",
  unreachable: "unreachable",
  "bad-request": "http",
  "bad-output": "bad-output",
  refused: "bad-output",
  cancelled: "cancelled",
  "audit-failed": "http",
  "not-allowed": "bad-request",
};

export interface CloudErrorDetails {
  provider?: string;
  model?: string;
  status?: number;
  /** The provider's request id (x-request-id / request-id), for support. */
  requestId?: string | null;
  /** What the provider asked us to wait before retrying, when it said. */
  retryAfterSeconds?: number | null;
  /** Tokens billed for a request that produced an unusable answer. */
  usage?: CloudUsage;
  url?: string;
}

export class CloudError extends LlmError {
  constructor(
    readonly cloudKind: CloudErrorKind,
    message: string,
    readonly cloud: CloudErrorDetails = {},
  ) {
    // No `cause`: SDK errors hold response bodies, which may echo the key back.
    super(LLM_KIND[cloudKind], message, { status: cloud.status, model: cloud.model, url: cloud.url });
  }
}

export function isCloudError(error: unknown, kind?: CloudErrorKind): error is CloudError {
  return error instanceof CloudError && (kind === undefined || error.cloudKind === kind);
}

/** What either SDK's error reduces to, so one function writes the messages for both. */
export interface ProviderFailure {
  status?: number;
  /** The provider's own explanation (error.message in the body). */
  apiMessage?: string;
  /** OpenAI `error.code` (e.g. insufficient_quota) or Anthropic `error.type` (e.g. overloaded_error). */
  code?: string;
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  timedOut?: boolean;
  aborted?: boolean;
  connectionFailed?: boolean;
}

export interface FailureContext {
  provider: string;
  label: string;
  model: string;
  /** The origin requests go to (never with credentials), for "could not connect" messages. */
  origin: string;
  timeoutMs: number;
  maxRetries: number;
  /** Azure names deployments, not models; the 404 advice differs. */
  modelIsDeployment?: boolean;
  /** Anything the provider echoes back is scrubbed of it before it reaches a message. */
  secret: string;
}

const MAX_DETAIL_CHARS = 200;

/** Replaces the secret (and its longer fragments) wherever it appears. */
export function scrubSecret(text: string, secret: string): string {
  if (!secret || secret.length < 4) return text;
  let result = text.split(secret).join("[REDACTED KEY]");
  // Providers sometimes echo a key partly masked ("sk-abc***wxyz"); drop any 12+ char run of it.
  const fragment = 12;
  if (secret.length > fragment) {
    for (let start = 0; start + fragment <= secret.length; start++) {
      const piece = secret.slice(start, start + fragment);
      if (result.includes(piece)) result = result.split(piece).join("[REDACTED KEY]");
    }
  }
  return result;
}

function detail(failure: ProviderFailure, context: FailureContext): string {
  const message = failure.apiMessage?.trim();
  if (!message) return "";
  const clean = scrubSecret(message, context.secret).replace(/\s+/g, " ");
  const cut = clean.length > MAX_DETAIL_CHARS ? `${clean.slice(0, MAX_DETAIL_CHARS - 1)}…` : clean;
  return `: ${cut}`;
}

function retries(count: number): string {
  return count === 1 ? "1 retry" : `${count} retries`;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** The message table: one place for what the user reads when a cloud request fails. */
export function cloudErrorFrom(failure: ProviderFailure, context: FailureContext): CloudError {
  const { label, model } = context;
  const base: CloudErrorDetails = {
    provider: context.provider,
    model,
    status: failure.status,
    requestId: failure.requestId ?? null,
    retryAfterSeconds: failure.retryAfterSeconds ?? null,
    url: context.origin,
  };
  const make = (kind: CloudErrorKind, message: string) => new CloudError(kind, message, base);
  const status = failure.status;
  const why = detail(failure, context);

  if (failure.aborted) return make("cancelled", "The cloud request was cancelled.");
  if (failure.timedOut) {
    return make(
      "timeout",
      `${label} did not answer within ${seconds(context.timeoutMs)} s (${context.maxRetries + 1} attempts). ` +
        `The service is slow or the request is large; try again, shorten the input, or raise the cloud timeout.`,
    );
  }
  if (status === undefined || failure.connectionFailed) {
    return make(
      "unreachable",
      `Could not connect to ${label} at ${context.origin}. Check the network connection and proxy, ` +
        `and that the configured base URL or endpoint is right.`,
    );
  }
  if (status === 401) {
    return make(
      "auth",
      `${label} rejected the API key (HTTP 401${why}). The key is missing, mistyped, revoked, or belongs to ` +
        `another provider or resource. Set a valid key (the CLI reads SLM_CLOUD_API_KEY) and try again.`,
    );
  }
  if (status === 403) {
    return make(
      "forbidden",
      `${label} refused access to "${model}" (HTTP 403${why}). The key is valid but not allowed to use this ` +
        `model or project (permissions, organisation policy or region). Grant the key access, or choose a model it may use.`,
    );
  }
  if (status === 404) {
    const what = context.modelIsDeployment ? "deployment" : "model";
    return make(
      "model-not-found",
      `${label} has no ${what} "${model}" (HTTP 404${why}). Check the ${what} name` +
        `${context.modelIsDeployment ? " in the Azure portal" : ""} and the configured base URL or endpoint.`,
    );
  }
  if (status === 429) {
    if (
      failure.code === "insufficient_quota" ||
      /quota|credit balance|billing/i.test(failure.apiMessage ?? "")
    ) {
      return make(
        "quota",
        `${label} says the account has no quota or credit left (HTTP 429${why}). Add credit or raise the ` +
          `spending limit in the provider's billing settings, or switch the cloud policy to "never".`,
      );
    }
    const wait =
      typeof failure.retryAfterSeconds === "number" ? `; it asks to wait ${failure.retryAfterSeconds} s` : "";
    return make(
      "rate-limited",
      `${label} is rate-limiting requests (HTTP 429) and still was after ${retries(context.maxRetries)}${wait}. ` +
        `Wait a moment and try again, send fewer requests at once, or raise the rate limit of your plan.`,
    );
  }
  if (status === 400 || status === 422 || status === 413) {
    return make(
      "bad-request",
      `${label} rejected the request as invalid (HTTP ${status}${why}). The model may not support structured ` +
        `output, or the input is too long for it; choose another model or send less data.`,
    );
  }
  if (status >= 500) {
    const overloaded = status === 529 || status === 503 || failure.code === "overloaded_error";
    return make(
      "server",
      `${label} ${overloaded ? "is overloaded" : "had an internal error"} (HTTP ${status}) and still was after ` +
        `${retries(context.maxRetries)}. The problem is on the provider's side; try again later or check its status page.`,
    );
  }
  return make(
    "bad-request",
    `${label} answered with an error (HTTP ${status}${why}). Check the cloud provider settings and try again.`,
  );
}

/** Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = headers.get("retry-after");
  if (!raw) return null;
  const value = Number.parseFloat(raw);
  if (Number.isFinite(value) && value >= 0) return value;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, Math.round((date - now) / 1000)) : null;
}

/** The origin of a base URL, without any credentials or query a user may have put in it. */
export function safeOrigin(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "the configured address";
  }
}

export function badOutputError(
  context: Pick<FailureContext, "provider" | "label" | "model">,
  problem: string,
  extra: { usage?: CloudUsage; requestId?: string | null; refused?: boolean },
): CloudError {
  const message = extra.refused
    ? `${context.label}'s model "${context.model}" declined to answer (${problem}). Rephrase the request, or keep it local.`
    : `${context.label}'s model "${context.model}" gave an unusable answer (${problem}). Try again, or choose a more capable model.`;
  return new CloudError(extra.refused ? "refused" : "bad-output", message, {
    provider: context.provider,
    model: context.model,
    usage: extra.usage,
    requestId: extra.requestId ?? null,
  });
}
