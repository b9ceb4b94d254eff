import { answerConsent } from "../../routing/cloud-gate";
import type { RouteDecision, ConsentRequest } from "../../routing/route-decision";
import type { AddinRuntime } from "../../runtime/addin-runtime";
import { recalculateRange } from "./recalculate";

/**
 * Consent for custom functions. A cell cannot show a dialog: in "ask" mode it files the request in
 * the assistant's queue and shows #N/A. Once the user approves or declines there, the decision is
 * kept here under the cell's key and the cell is recalculated, so the function runs again and
 * finds the decision (cloud answer if approved, local if declined).
 */
const decided = new Map<string, RouteDecision>();

export const NEEDS_APPROVAL_MESSAGE =
  "Needs approval to use the cloud model: open the SLM assistant (Explain tab) to review and approve.";

/** The decision the user made for this key, if any; taking it uses it up. */
export function takeCellDecision(key: string): RouteDecision | undefined {
  const decision = decided.get(key);
  decided.delete(key);
  return decision;
}

/** Files the request and returns the #N/A error the cell should throw. */
export function fileCellConsent(
  runtime: Pick<AddinRuntime, "consents" | "router" | "excel">,
  filing: { key: string; task: string; cell: string | undefined; subject: string; consent: ConsentRequest },
): CustomFunctions.Error {
  runtime.consents.file({
    key: filing.key,
    task: filing.task,
    cell: filing.cell ?? null,
    subject: filing.subject,
    consent: filing.consent,
    async settle(approved) {
      decided.set(filing.key, await answerConsent(runtime.router, filing.consent.ticket, approved));
      if (filing.cell) await recalculateRange(runtime.excel, filing.cell);
    },
  });
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, NEEDS_APPROVAL_MESSAGE);
}
