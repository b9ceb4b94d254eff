import type { z } from "zod";
import { CloudError } from "../cloud/cloud-errors";
import type { CloudProvider } from "../cloud/cloud-provider";
import { RedactionSession, type RedactedMessages } from "../privacy/redaction-session";
import type { AuditLog } from "./audit-log";
import type { CloudPolicy } from "./cloud-policy";
import { checkDailyBudget, type InFlight } from "./daily-budget";
import { costOf } from "./price-table";
import {
  DEFAULT_EXPECTED_OUTPUT_TOKENS,
  type CostEstimate,
  type RouteDecision,
  type RouteRequest,
  type RouteTrigger,
} from "./route-decision";
import { evaluateTriggers } from "./route-triggers";
import {
  sendToCloud,
  structuredOutput,
  textOutput,
  type CloudOutput,
  type CloudSendResult,
} from "./send-to-cloud";
import { estimateMessageTokens } from "./token-estimate";
import { utcDateKey, type DailyUsage, type UsageStore } from "./usage-store";

/**
 * The one place that decides local or cloud, and the gate every cloud request passes. A task
 * asks `decide`; a "cloud" decision is sent with `sendStructured`/`sendText`, a "needs-consent"
 * one is shown to the user and then `approve`d (and sent) or `decline`d. The policy is checked
 * again at send time, so switching to "never" stops even requests already decided.
 */

export interface CloudRouterOptions {
  policy: CloudPolicy;
  /** Null when no cloud is configured (no key): everything stays local. */
  provider: CloudProvider | null;
  audit: AuditLog;
  usage: UsageStore;
  now?: () => Date;
  /** How long a consent request or an unsent cloud decision stays valid. Default 15 min. */
  ticketTtlMs?: number;
  /** The model whose price values local work ("cost avoided"); default the provider's model. */
  priceModel?: string;
  /**
   * Why a request that calls for the cloud stays local under "never", in the user's terms. The
   * CLI runs "--escalate ask" without --yes as "never" (it cannot ask), and must then say that
   * consent was missing and how to give it, not that the user turned cloud use off.
   */
  neverReason?: string;
}

export interface LocalWork {
  task: string;
  inputTokens: number;
  outputTokens: number;
}

/** A cloud answer with the placeholders already put back. */
export type CloudRouterAnswer<T> = CloudSendResult<T>;

/** A decided request waiting to be sent; holds only redacted data (and the mapping to restore it). */
interface Ticket {
  task: string;
  /** Where the user was told it would go: approving or sending it anywhere else is refused. */
  destination: Destination;
  session: RedactionSession;
  payload: RedactedMessages;
  trigger: RouteTrigger;
  reasons: string[];
  estimate: CostEstimate;
  /** Decided under "ask": sendable only once the user approved it. */
  needsApproval: boolean;
  approved: boolean;
  expiresAt: number;
}

/** What a consent request names as the destination: the provider (its label says which server) and model. */
interface Destination {
  kind: CloudProvider["name"];
  label: string;
  model: string;
}

function destinationOf(provider: CloudProvider): Destination {
  return { kind: provider.name, label: provider.label, model: provider.model };
}

function sameDestination(a: Destination, b: Destination): boolean {
  return a.kind === b.kind && a.label === b.label && a.model === b.model;
}

const DEFAULT_TICKET_TTL_MS = 15 * 60_000;

export class CloudRouter {
  private policy: CloudPolicy;
  private provider: CloudProvider | null;
  private readonly audit: AuditLog;
  private readonly usage: UsageStore;
  private readonly now: () => Date;
  private readonly ticketTtlMs: number;
  private readonly priceModel: string | undefined;
  private readonly neverReason: string;
  private readonly tickets = new Map<string, Ticket>();
  private readonly inFlight: InFlight = { requests: 0, tokens: 0 };
  private admissions: Promise<void> = Promise.resolve();

  constructor(options: CloudRouterOptions) {
    this.policy = options.policy;
    this.provider = options.provider;
    this.audit = options.audit;
    this.usage = options.usage;
    this.now = options.now ?? (() => new Date());
    this.ticketTtlMs = options.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS;
    this.priceModel = options.priceModel;
    this.neverReason =
      options.neverReason ??
      'Cloud use is off (policy "never"), so this stays on this machine. Choose "ask" or "auto" to allow it.';
  }

  /** New settings apply to every later decision and send, including tickets already issued. */
  configure(update: { policy?: CloudPolicy; provider?: CloudProvider | null }): void {
    if (update.policy) this.policy = update.policy;
    if (update.provider !== undefined) this.provider = update.provider;
  }

  async decide(request: RouteRequest): Promise<RouteDecision> {
    this.dropExpiredTickets();
    const policy = this.policy;
    const expectedOutput = request.expectedOutputTokens ?? DEFAULT_EXPECTED_OUTPUT_TOKENS;
    const inputTokens = request.signals.inputTokens ?? (await estimateMessageTokens(request.messages));
    const { fired, notes } = evaluateTriggers(request, policy, inputTokens, expectedOutput);
    const first = fired[0];
    if (!first) {
      return {
        route: "local",
        trigger: "none",
        reasons: notes.length ? notes : ["Nothing in this request calls for the cloud model."],
      };
    }
    const reasons = fired.map((fire) => fire.reason);
    if (policy.mode === "never") {
      return {
        route: "local",
        trigger: first.trigger,
        reasons: [...reasons, this.neverReason],
      };
    }
    const provider = this.provider;
    if (!provider) {
      return {
        route: "local",
        trigger: first.trigger,
        reasons: [
          ...reasons,
          "No cloud provider is set up (model and API key), so this stays on this machine.",
        ],
      };
    }

    const session = new RedactionSession(policy.redaction);
    for (const table of request.tables ?? []) session.learnTable(table);
    const composed = request.composeCloudMessages?.(
      (request.tables ?? []).map((table) => session.redactGrid(table)),
    );
    const payload = session.redactMessages(composed ?? request.messages);
    const estimate = await this.estimate(provider, payload, expectedOutput);

    if (policy.mode === "auto") {
      const budget = checkDailyBudget(
        policy,
        await this.today(),
        this.inFlight,
        estimate.inputTokens + estimate.outputTokens,
      );
      if (!budget.ok) {
        return {
          route: "local",
          trigger: first.trigger,
          reasons: [...reasons, budget.reason],
          estimatedCost: estimate,
        };
      }
    }

    const ticket = crypto.randomUUID();
    const needsApproval = policy.mode === "ask";
    const expiresAt = this.now().getTime() + this.ticketTtlMs;
    this.tickets.set(ticket, {
      task: request.task,
      destination: destinationOf(provider),
      session,
      payload,
      trigger: first.trigger,
      reasons,
      estimate,
      needsApproval,
      approved: false,
      expiresAt,
    });

    if (needsApproval) {
      return {
        route: "needs-consent",
        trigger: first.trigger,
        reasons: [...reasons, `Policy "ask": sending it to ${provider.label} needs your approval.`],
        estimatedCost: estimate,
        ticket,
        consent: {
          ticket,
          provider: provider.label,
          model: provider.model,
          payload: payload.messages.map((message) => ({ ...message })),
          redactions: session.counts(),
          estimatedCost: estimate,
          expiresAt: new Date(expiresAt).toISOString(),
        },
      };
    }
    return {
      route: "cloud",
      trigger: first.trigger,
      reasons: [...reasons, `Policy "auto": within today's budget, so it goes to ${provider.label}.`],
      estimatedCost: estimate,
      ticket,
    };
  }

  /**
   * The user said yes: the ticket becomes a "cloud" decision that `sendStructured`/`sendText` accept.
   * The yes was for the provider and model the consent request named; if the cloud set-up changed
   * since, it is refused (and the ticket dropped) rather than sent somewhere the user never saw.
   */
  approve(ticketId: string): RouteDecision {
    const ticket = this.liveTicket(ticketId);
    this.checkDestination(ticketId, ticket);
    ticket.approved = true;
    return {
      route: "cloud",
      trigger: ticket.trigger,
      reasons: [...ticket.reasons, "You approved sending it."],
      estimatedCost: ticket.estimate,
      ticket: ticketId,
    };
  }

  /** The user said no: the ticket is dropped and the request stays local. */
  decline(ticketId: string): RouteDecision {
    const ticket = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
    return {
      route: "local",
      trigger: ticket?.trigger ?? "none",
      reasons: [
        ...(ticket?.reasons ?? []),
        "You declined sending it to the cloud, so it stays on this machine.",
      ],
    };
  }

  sendStructured<T>(
    decision: RouteDecision,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<CloudRouterAnswer<T>> {
    return this.send(decision, structuredOutput(schema), signal);
  }

  sendText(decision: RouteDecision, signal?: AbortSignal): Promise<CloudRouterAnswer<string>> {
    return this.send(decision, textOutput(), signal);
  }

  /** Counts work done locally, and what it would have cost in the cloud. */
  async recordLocal(work: LocalWork): Promise<DailyUsage> {
    const model = this.priceModel ?? this.provider?.model;
    const avoided = model
      ? costOf(this.policy.prices, model, { inputTokens: work.inputTokens, outputTokens: work.outputTokens })
      : null;
    return this.usage.add(utcDateKey(this.now()), {
      local: { requests: 1, inputTokens: work.inputTokens, outputTokens: work.outputTokens },
      costAvoidedUsd: avoided ?? 0,
    });
  }

  today(): Promise<DailyUsage> {
    return this.usage.get(utcDateKey(this.now()));
  }

  private async send<T>(
    decision: RouteDecision,
    output: CloudOutput<T>,
    signal?: AbortSignal,
  ): Promise<CloudRouterAnswer<T>> {
    const ticketId = decision.ticket;
    if (decision.route !== "cloud" || !ticketId) {
      throw notAllowed(`the decision was "${decision.route}", not "cloud"`);
    }
    const ticket = this.liveTicket(ticketId);
    const policy = this.policy;
    const provider = this.provider;
    if (policy.mode === "never") throw notAllowed('cloud use was switched off (policy "never")');
    if (!provider) throw notAllowed("no cloud provider is set up");
    this.checkDestination(ticketId, ticket);
    // Checked before the ticket is used up, so an early send does not cost the user the approval.
    if ((ticket.needsApproval || policy.mode === "ask") && !ticket.approved) {
      throw notAllowed("it needs your approval first");
    }
    // Single use, and taken before any await, so two sends of one ticket cannot both go out.
    this.tickets.delete(ticketId);
    const tokens = ticket.estimate.inputTokens + ticket.estimate.outputTokens;
    await this.admit(policy.mode === "auto" && !ticket.approved ? policy : null, tokens);
    try {
      const result = await sendToCloud(
        {
          provider,
          payload: ticket.payload,
          output,
          task: ticket.task,
          trigger: ticket.trigger,
          reasons: ticket.reasons,
          approval: ticket.approved ? "user" : "auto",
          redactions: ticket.session.counts(),
          signal,
        },
        {
          audit: this.audit,
          prices: policy.prices,
          logPayloads: policy.logPayloads,
          usage: this.usage,
          now: this.now,
        },
      );
      return { ...result, value: ticket.session.restoreValue(result.value) };
    } finally {
      this.inFlight.requests--;
      this.inFlight.tokens -= tokens;
    }
  }

  /**
   * Reserves room for a request among those in flight. Admissions run one at a time, so a burst
   * of parallel sends sees each other's reservations and no more than the budget gets through.
   */
  private admit(budgetPolicy: CloudPolicy | null, tokens: number): Promise<void> {
    const admission = this.admissions.then(async () => {
      if (budgetPolicy) {
        const budget = checkDailyBudget(budgetPolicy, await this.today(), this.inFlight, tokens);
        if (!budget.ok) throw notAllowed(budget.reason);
      }
      this.inFlight.requests++;
      this.inFlight.tokens += tokens;
    });
    this.admissions = admission.catch(() => undefined);
    return admission;
  }

  private async estimate(
    provider: CloudProvider,
    payload: RedactedMessages,
    outputTokens: number,
  ): Promise<CostEstimate> {
    const inputTokens = await estimateMessageTokens(payload.messages);
    return {
      model: provider.model,
      inputTokens,
      outputTokens,
      usd: costOf(this.policy.prices, provider.model, { inputTokens, outputTokens }),
    };
  }

  private liveTicket(ticketId: string): Ticket {
    const ticket = this.tickets.get(ticketId);
    if (!ticket) throw notAllowed("its ticket is unknown or was already used");
    if (ticket.expiresAt < this.now().getTime()) {
      this.tickets.delete(ticketId);
      throw notAllowed("its ticket expired; ask again");
    }
    return ticket;
  }

  /** Refuses a ticket decided for another provider or model than the one now configured. */
  private checkDestination(ticketId: string, ticket: Ticket): void {
    const now = this.provider ? destinationOf(this.provider) : null;
    if (now && sameDestination(now, ticket.destination)) return;
    this.tickets.delete(ticketId);
    const was = `${ticket.destination.label} (${ticket.destination.model})`;
    throw notAllowed(
      now
        ? `it was prepared for ${was}, but the cloud provider is now ${now.label} (${now.model}); ask again to review it for the new provider`
        : `it was prepared for ${was}, but no cloud provider is set up any more`,
    );
  }

  private dropExpiredTickets(): void {
    const now = this.now().getTime();
    for (const [id, ticket] of this.tickets) if (ticket.expiresAt < now) this.tickets.delete(id);
  }
}

function notAllowed(why: string): CloudError {
  return new CloudError("not-allowed", `The request was not sent to the cloud: ${why}.`);
}
