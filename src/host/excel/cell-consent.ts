import { answerConsent } from "../../routing/cloud-gate";
import type { RouteDecision } from "../../routing/route-decision";
import type { CellRuntime } from "./cell-runtime";
import type { ConsentDecisions, Escalated, EscalationContext } from "../../tasks/escalation";
import { recalculateRange } from "./recalculate";

/**
 * Consent for custom functions. A cell cannot show a dialog: in "ask" mode it files the request in
 * the assistant's queue and shows #N/A. Once the user approves or declines there, the decision is
 * kept here under the request's consent key and the cell is recalculated, so the function runs
 * again and the task finds the decision (cloud answer if approved, local if declined).
 */
const decided = new Map<string, RouteDecision>();

export const NEEDS_APPROVAL_MESSAGE =
  "Needs approval to use the cloud model: open the SLM assistant (Explain tab) to review and approve.";

/** Decisions made in the pane, each used up by the cell run that takes it. */
const cellDecisions: ConsentDecisions = {
  take(key) {
    const decision = decided.get(key);
    decided.delete(key);
    return decision;
  },
};

/** How a cell's task may escalate: the runtime's router, decisions from the pane, the cell as requester. */
export function cellEscalation<Local>(
  runtime: Pick<CellRuntime, "router">,
  cell: string | undefined,
): EscalationContext<Local> {
  return { gate: runtime.router, decisions: cellDecisions, requester: cell };
}

type WaitingForConsent = Extract<Escalated<unknown>, { status: "needs-consent" }>;

/** Files the request and returns the #N/A error the cell should throw. */
export function fileCellConsent(
  runtime: Pick<CellRuntime, "consents" | "router" | "excel">,
  waiting: WaitingForConsent,
  filing: { cell: string | undefined; subject: string },
): CustomFunctions.Error {
  const { consent, consentKey } = waiting;
  runtime.consents.file({
    key: consentKey,
    task: waiting.task,
    cell: filing.cell ?? null,
    subject: filing.subject,
    consent,
    async settle(approved) {
      decided.set(consentKey, await answerConsent(runtime.router, consent.ticket, approved));
      if (filing.cell) await recalculateRange(runtime.excel, filing.cell);
    },
  });
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, NEEDS_APPROVAL_MESSAGE);
}
