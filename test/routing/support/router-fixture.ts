import { z } from "zod";
import type { CloudProvider } from "../../../src/cloud/cloud-provider";
import { MemoryAuditLog, type AuditLog } from "../../../src/routing/audit-log";
import { CloudPolicySchema, type CloudMode, type CloudPolicy } from "../../../src/routing/cloud-policy";
import { CloudRouter } from "../../../src/routing/cloud-router";
import type { RouteDecision, RouteRequest, RouteTrigger } from "../../../src/routing/route-decision";
import { MemoryUsageStore, type UsageStore } from "../../../src/routing/usage-store";

/** Routers, requests for each trigger, and the way a task walks a decision through. */

export const Answer = z.object({ answer: z.string() });

export const NOW = new Date("2025-06-01T12:00:00Z");
export const TODAY = "2025-06-01";

export const COMPLEX_FORMULA =
  '=LET(r,XLOOKUP(A2,Data!A:A,Data!B:B),IF(ISNA(r),IFERROR(VLOOKUP(A2,Old!A:C,3,FALSE),""),ROUND(r*(1+Tax!B1),2)))';

export function policy(mode: CloudMode, overrides: Partial<CloudPolicy> = {}): CloudPolicy {
  return { ...CloudPolicySchema.parse({ mode, cloudReviewOfAbstains: true }), ...overrides };
}

export interface Fixture {
  router: CloudRouter;
  audit: MemoryAuditLog;
  usage: MemoryUsageStore;
}

export function makeRouter(
  provider: CloudProvider | null,
  cloudPolicy: CloudPolicy,
  options: { audit?: AuditLog; usage?: UsageStore; now?: () => Date } = {},
): Fixture {
  const audit = new MemoryAuditLog();
  const usage = new MemoryUsageStore();
  const router = new CloudRouter({
    policy: cloudPolicy,
    provider,
    audit: options.audit ?? audit,
    usage: options.usage ?? usage,
    now: options.now ?? (() => NOW),
  });
  return { router, audit, usage };
}

const baseMessages = [
  { role: "system" as const, content: "You explain spreadsheet formulas." },
  { role: "user" as const, content: "Explain this for the owner, ann.lee@example.com." },
];

/** A request that fires exactly `trigger` (or nothing, for "none"). */
export function requestFor(trigger: RouteTrigger | "abstain-review-off"): RouteRequest {
  switch (trigger) {
    case "user-request":
      return { task: "ask", messages: baseMessages, signals: { userAskedForCloud: true } };
    case "complex-formula":
      return { task: "explain", messages: baseMessages, signals: { formulaToExplain: COMPLEX_FORMULA } };
    case "no-verified-formula":
      return { task: "formula", messages: baseMessages, signals: { noVerifiedFormula: true } };
    case "low-confidence":
    case "abstain-review-off":
      return {
        task: "classify",
        messages: baseMessages,
        signals: { abstained: { confidence: 0.31, threshold: 0.5 } },
      };
    case "context-overflow":
      return {
        task: "ask",
        messages: [...baseMessages, { role: "user", content: "row data ".repeat(400) }],
        signals: { localContextTokens: 512 },
      };
    case "no-analysis-plan":
      return { task: "ask", messages: baseMessages, signals: { noAnalysisPlan: "no plan fitted the table" } };
    case "none":
      return { task: "explain", messages: baseMessages, signals: { formulaToExplain: "=SUM(A1:A3)" } };
  }
}

export type Consent = "approve" | "decline";

/** What a task does with a decision: run locally, or send (after asking, when the policy says so). */
export async function runLikeATask(
  router: CloudRouter,
  request: RouteRequest,
  consent: Consent = "approve",
): Promise<{ decision: RouteDecision; answer: string | null }> {
  const decision = await router.decide(request);
  if (decision.route === "local") return { decision, answer: null };
  let sendable = decision;
  if (decision.route === "needs-consent") {
    if (!decision.ticket) throw new Error("needs-consent without a ticket");
    if (consent === "decline") return { decision: router.decline(decision.ticket), answer: null };
    sendable = router.approve(decision.ticket);
  }
  const result = await router.sendStructured(sendable, Answer);
  return { decision: sendable, answer: result.value.answer };
}
