import type { CloudPolicy } from "./cloud-policy";
import type { DailyUsage } from "./usage-store";

/**
 * The "auto" policy's daily allowance. Requests already on their way count too, so a burst of
 * parallel cell calls cannot all slip under the limit before the first one is recorded.
 */

export interface InFlight {
  requests: number;
  tokens: number;
}

export type BudgetCheck = { ok: true } | { ok: false; reason: string };

export function checkDailyBudget(
  policy: CloudPolicy,
  today: DailyUsage,
  inFlight: InFlight,
  requestTokens: number,
): BudgetCheck {
  const requestsUsed = today.cloud.requests + inFlight.requests;
  if (requestsUsed + 1 > policy.maxRequestsPerDay) {
    return {
      ok: false,
      reason:
        `Today's cloud budget is used up (${requestsUsed} of ${policy.maxRequestsPerDay} requests), so this stays ` +
        `local. Raise the daily request limit, or wait until 00:00 UTC.`,
    };
  }
  const tokensUsed = today.cloud.inputTokens + today.cloud.outputTokens + inFlight.tokens;
  if (tokensUsed + requestTokens > policy.maxTokensPerDay) {
    return {
      ok: false,
      reason:
        `This request (about ${requestTokens.toLocaleString("en-US")} tokens) would exceed today's cloud token ` +
        `budget (${tokensUsed.toLocaleString("en-US")} of ${policy.maxTokensPerDay.toLocaleString("en-US")} used), ` +
        `so it stays local. Raise the daily token limit, or wait until 00:00 UTC.`,
    };
  }
  return { ok: true };
}
