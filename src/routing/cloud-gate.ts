import type { z } from "zod";
import type { CloudSendResult } from "./send-to-cloud";
import type { RouteDecision, RouteRequest } from "./route-decision";
import type { DailyUsage } from "./usage-store";

/**
 * What a task needs from the router: decide, get consent, send, count local work. The CLI holds a
 * CloudRouter itself (it reads the key from the environment); the add-in page holds a
 * RelayCloudRouter that asks the local server's /cloud relay, where the key and the real router live.
 */
export interface CloudGate {
  decide(request: RouteRequest): Promise<RouteDecision>;
  approve(ticket: string): RouteDecision | Promise<RouteDecision>;
  decline(ticket: string): RouteDecision | Promise<RouteDecision>;
  sendStructured<T>(
    decision: RouteDecision,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<CloudSendResult<T>>;
  sendText(decision: RouteDecision, signal?: AbortSignal): Promise<CloudSendResult<string>>;
  recordLocal(work: { task: string; inputTokens: number; outputTokens: number }): Promise<DailyUsage>;
  today(): Promise<DailyUsage>;
}

/** The user's answer to a consent request: a "cloud" decision to send with, or a "local" one. */
export async function answerConsent(
  gate: CloudGate,
  ticket: string,
  approved: boolean,
): Promise<RouteDecision> {
  return approved ? gate.approve(ticket) : gate.decline(ticket);
}

/**
 * A gate that is built on first use. The CLI's router loads the cloud SDKs and creates $SLM_HOME,
 * and a formula the local model proves never needs it: loading it only when a task reaches the
 * router keeps such runs as fast (and as free of set-up errors) as runs without --cloud.
 */
export function lazyCloudGate(load: () => Promise<CloudGate>): CloudGate {
  let loading: Promise<CloudGate> | null = null;
  const gate = () => (loading ??= load());
  return {
    decide: async (request) => (await gate()).decide(request),
    approve: async (ticket) => (await gate()).approve(ticket),
    decline: async (ticket) => (await gate()).decline(ticket),
    sendStructured: async (decision, schema, signal) =>
      (await gate()).sendStructured(decision, schema, signal),
    sendText: async (decision, signal) => (await gate()).sendText(decision, signal),
    recordLocal: async (work) => (await gate()).recordLocal(work),
    today: async () => (await gate()).today(),
  };
}
