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
