import type { CloudGate } from "../routing/cloud-gate";
import { consentKey } from "../routing/consent-key";
import type { ConsentRequest, RouteDecision, RouteRequest } from "../routing/route-decision";

/**
 * The one way a task reaches the cloud model. A task says what its local run is, what it would
 * send and how it sends; this decides, asks for consent (or takes the answer the user already
 * gave), sends, and returns one of three outcomes. Surfaces only map the outcome: a cell value or
 * #N/A plus the consent queue, a pane answer, CLI output. They never call the router themselves.
 */

/** The tasks that may escalate; also the first part of their consent keys. */
export type EscalatingTaskName = "ask" | "explain" | "formula" | "classify-review";

export type Escalated<Local, Cloud = Local> =
  | {
      status: "local";
      result: Local;
      /** Why it stayed local; null when nothing called for the cloud (no router was asked). */
      decision: RouteDecision | null;
    }
  | { status: "cloud"; result: Cloud; decision: RouteDecision; costUsd: number | null }
  | {
      status: "needs-consent";
      task: EscalatingTaskName;
      /** Exactly what would be sent, where, and at what cost, as the router prepared it. */
      consent: ConsentRequest;
      /** Under this key the request waits, and the user's answer is kept until it runs again. */
      consentKey: string;
      decision: RouteDecision;
      /** The local result, for tasks that ran the local model first (formula); null otherwise. */
      local: Local | null;
    };

/** Why a request went where it went, as surfaces print it. */
export type RouteSummary = Pick<RouteDecision, "route" | "trigger" | "reasons">;

export function routeSummary(decision: RouteDecision | null): RouteSummary | null {
  return decision ? { route: decision.route, trigger: decision.trigger, reasons: decision.reasons } : null;
}

/** Decisions the user made later, kept by consent key (cells: decided in the pane, then recalculated). */
export interface ConsentDecisions {
  /** The decision for this key, if any; taking it uses it up. */
  take(key: string): RouteDecision | undefined;
}

/** Who may send, and what the user already said about this request. */
export interface EscalationContext<Local = unknown> {
  gate: CloudGate;
  /** The user's answer to this request's consent request: approved ("cloud") or declined ("local"). */
  decision?: RouteDecision;
  /** Where answers given later are kept; looked up by this request's consent key. */
  decisions?: ConsentDecisions;
  /** Who asks (e.g. the calling cell): the same request from two cells waits twice. */
  requester?: string;
  /** Consent given in advance (the CLI's --yes): a consent request is approved at once. */
  preapproved?: boolean;
  /** When resuming after the user declined: the local result already in hand, so it is not made again. */
  local?: Local;
}

export interface LocalRun<Local> {
  result: Local;
  /** Tokens the local model used: counted as local work (and cost avoided); omitted, nothing is counted. */
  usage?: { inputTokens: number; outputTokens: number };
}

export interface CloudRun<Cloud> {
  result: Cloud;
  costUsd: number | null;
}

export interface EscalatingTask<Local, Cloud> {
  task: EscalatingTaskName;
  /** What identifies the request for its consent key (besides the task and the requester). */
  keyParts: readonly (string | null | undefined)[];
  /**
   * "decide-first": the route is decided before any model runs (ask, explain, review).
   * "local-first": the local model runs first and its result says whether to ask (formula).
   */
  order: "decide-first" | "local-first";
  /** The request to route; null when nothing calls for the cloud. Local-first tasks get their local result. */
  routeRequest(local: Local | null): Promise<RouteRequest | null>;
  runLocal(): Promise<LocalRun<Local>>;
  /** Sends under a "cloud" decision, through the gate that made it. */
  runCloud(decision: RouteDecision, gate: CloudGate): Promise<CloudRun<Cloud>>;
}

export async function runWithEscalation<Local, Cloud>(
  spec: EscalatingTask<Local, Cloud>,
  context?: EscalationContext<Local>,
): Promise<Escalated<Local, Cloud>> {
  if (!context) return { status: "local", result: (await spec.runLocal()).result, decision: null };
  const key = consentKey(spec.task, [context.requester, ...spec.keyParts]);
  // Taken at once, so an answer is used up by the run it was given for, whichever way that goes.
  const known = context.decision ?? context.decisions?.take(key);
  const run = new EscalationRun(spec, context, key);

  if (spec.order === "decide-first") {
    const request = await spec.routeRequest(null);
    if (!request) return run.local(null, null);
    return run.follow(known ?? (await context.gate.decide(request)), null);
  }
  // A known "cloud" answer skips the local model: it already failed before the user was asked.
  if (known) return run.follow(known, context.local ?? null);
  const local = await run.localResult(null);
  const request = await spec.routeRequest(local);
  if (!request) return { status: "local", result: local, decision: null };
  return run.follow(await context.gate.decide(request), local);
}

class EscalationRun<Local, Cloud> {
  constructor(
    private readonly spec: EscalatingTask<Local, Cloud>,
    private readonly context: EscalationContext<Local>,
    private readonly key: string,
  ) {}

  async follow(decided: RouteDecision, local: Local | null): Promise<Escalated<Local, Cloud>> {
    let decision = decided;
    if (decision.route === "needs-consent" && decision.consent) {
      if (!this.context.preapproved) {
        return {
          status: "needs-consent",
          task: this.spec.task,
          consent: decision.consent,
          consentKey: this.key,
          decision,
          local,
        };
      }
      decision = await this.context.gate.approve(decision.consent.ticket);
    }
    if (decision.route === "cloud") {
      const answer = await this.spec.runCloud(decision, this.context.gate);
      return { status: "cloud", result: answer.result, decision, costUsd: answer.costUsd };
    }
    return this.local(local, decision);
  }

  async local(local: Local | null, decision: RouteDecision | null): Promise<Escalated<Local, Cloud>> {
    return { status: "local", result: await this.localResult(local), decision };
  }

  /** The local result in hand, or a local run, counted as local work when it reports its tokens. */
  async localResult(inHand: Local | null): Promise<Local> {
    if (inHand !== null) return inHand;
    const run = await this.spec.runLocal();
    if (run.usage) {
      // Accounting must not cost the user the answer (e.g. the relay went away mid-request).
      await this.context.gate.recordLocal({ task: this.spec.task, ...run.usage }).catch(() => undefined);
    }
    return run.result;
  }
}
