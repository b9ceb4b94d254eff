import type { z } from "zod";
import { CloudError, isCloudError } from "../cloud/cloud-errors";
import type { ChatMessage, CloudProvider, CloudUsage } from "../cloud/cloud-provider";
import { describeError } from "../errors/slm-error";
import type { RedactedMessages } from "../privacy/redaction-session";
import type { PiiCategory } from "../privacy/redaction-settings";
import { sha256Hex, type AuditLog, type AuditResultRecord, type CloudOutcome } from "./audit-log";
import { costOf, type PriceTable } from "./price-table";
import type { RouteTrigger } from "./route-decision";
import { utcDateKey, type UsageStore } from "./usage-store";

/**
 * The only path from the engine to a cloud model. It takes nothing but redacted messages, writes
 * the audit entry before the request (and sends nothing if that fails), and completes the entry
 * with tokens, cost and outcome afterwards, whatever happened.
 */

export interface CloudAnswer<T> {
  value: T;
  model: string;
  usage: CloudUsage;
  requestId: string | null;
}

/** What to ask the provider for: a schema-checked value, or free text. */
export interface CloudOutput<T> {
  kind: "structured" | "text";
  call(
    provider: CloudProvider,
    messages: readonly ChatMessage[],
    signal?: AbortSignal,
  ): Promise<CloudAnswer<T>>;
}

export function structuredOutput<T>(schema: z.ZodType<T>): CloudOutput<T> {
  return {
    kind: "structured",
    async call(provider, messages, signal) {
      const result = await provider.chatStructured(schema, messages, signal);
      return { value: result.value, model: result.model, usage: result.usage, requestId: result.requestId };
    },
  };
}

export function textOutput(): CloudOutput<string> {
  return {
    kind: "text",
    async call(provider, messages, signal) {
      const result = await provider.chatText(messages, signal);
      return { value: result.text, model: result.model, usage: result.usage, requestId: result.requestId };
    },
  };
}

export interface CloudSendRequest<T> {
  provider: CloudProvider;
  payload: RedactedMessages;
  output: CloudOutput<T>;
  task: string;
  trigger: RouteTrigger;
  reasons: readonly string[];
  approval: "auto" | "user";
  redactions?: Partial<Record<PiiCategory, number>>;
  signal?: AbortSignal;
}

export interface CloudSendDeps {
  audit: AuditLog;
  prices: PriceTable;
  /** false: the audit entry keeps only the payload's SHA-256. */
  logPayloads: boolean;
  usage?: UsageStore;
  now?: () => Date;
  newId?: () => string;
}

export interface CloudSendResult<T> extends CloudAnswer<T> {
  costUsd: number | null;
  auditId: string;
  /** Bookkeeping that failed after the answer arrived (the answer is still good). */
  warnings: string[];
}

function outcomeOf(error: unknown): CloudOutcome {
  return isCloudError(error, "cancelled") ? "cancelled" : "error";
}

export async function sendToCloud<T>(
  request: CloudSendRequest<T>,
  deps: CloudSendDeps,
): Promise<CloudSendResult<T>> {
  const now = deps.now ?? (() => new Date());
  const id = deps.newId?.() ?? crypto.randomUUID();
  const { provider } = request;
  const messages = request.payload.messages;
  const payloadJson = JSON.stringify(messages);

  try {
    await deps.audit.append({
      type: "request",
      id,
      time: now().toISOString(),
      provider: provider.name,
      model: provider.model,
      task: request.task,
      trigger: request.trigger,
      reason: request.reasons.join(" "),
      approval: request.approval,
      payloadSha256: await sha256Hex(payloadJson),
      ...(deps.logPayloads ? { payload: messages.map((message) => ({ ...message })) } : {}),
      redactions: request.redactions ?? {},
    });
  } catch (error) {
    throw new CloudError(
      "audit-failed",
      `Nothing was sent to ${provider.label}: the audit-log entry could not be written first (${describeError(error)}). ` +
        `Every cloud request is logged before it leaves; fix the log location or its permissions and try again.`,
      { provider: provider.name, model: provider.model },
    );
  }

  const started = performance.now();
  const warnings: string[] = [];
  const finish = async (result: Omit<AuditResultRecord, "type" | "id" | "time" | "durationMs">) => {
    try {
      await deps.audit.append({
        type: "result",
        id,
        time: now().toISOString(),
        durationMs: Math.round(performance.now() - started),
        ...result,
      });
    } catch (error) {
      warnings.push(`The audit entry ${id} could not be completed: ${describeError(error)}`);
    }
    try {
      await deps.usage?.add(utcDateKey(now()), {
        cloud: {
          requests: 1,
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          costUsd: result.costUsd ?? 0,
        },
      });
    } catch (error) {
      warnings.push(`Cloud usage could not be recorded: ${describeError(error)}`);
    }
  };

  let answer: CloudAnswer<T>;
  try {
    answer = await request.output.call(provider, messages, request.signal);
  } catch (error) {
    // An unusable answer was still billed; the provider error says how much.
    const usage = isCloudError(error) ? error.cloud.usage : undefined;
    await finish({
      outcome: outcomeOf(error),
      answeredBy: null,
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      costUsd: usage ? costOf(deps.prices, provider.model, usage) : null,
      error: {
        kind: isCloudError(error) ? error.cloudKind : "unexpected",
        message: describeError(error),
      },
    });
    throw error;
  }

  const costUsd =
    costOf(deps.prices, answer.model, answer.usage) ?? costOf(deps.prices, provider.model, answer.usage);
  await finish({
    outcome: "ok",
    answeredBy: answer.model,
    inputTokens: answer.usage.inputTokens,
    outputTokens: answer.usage.outputTokens,
    costUsd,
  });
  return { ...answer, costUsd, auditId: id, warnings };
}
