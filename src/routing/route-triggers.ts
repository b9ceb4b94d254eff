import type { CloudPolicy } from "./cloud-policy";
import { scoreFormulaComplexity } from "./formula-complexity";
import type { RouteRequest, RouteTrigger } from "./route-decision";

/**
 * The reasons a request might leave the machine, checked in a fixed order so the recorded
 * trigger is predictable: an explicit user request first, then what the local model cannot
 * do at all (input too large, no verified formula), then what it may do badly.
 */

export interface FiredTrigger {
  trigger: Exclude<RouteTrigger, "none">;
  reason: string;
}

export interface TriggerEvaluation {
  fired: FiredTrigger[];
  /** Why signals that were present did not fire (shown when the request stays local). */
  notes: string[];
}

export function evaluateTriggers(
  request: RouteRequest,
  policy: CloudPolicy,
  inputTokens: number,
  expectedOutputTokens: number,
): TriggerEvaluation {
  const { signals } = request;
  const fired: FiredTrigger[] = [];
  const notes: string[] = [];

  if (signals.userAskedForCloud) {
    fired.push({ trigger: "user-request", reason: "You asked for the cloud model." });
  }

  if (signals.localContextTokens !== undefined) {
    const needed = inputTokens + expectedOutputTokens;
    if (needed > signals.localContextTokens) {
      fired.push({
        trigger: "context-overflow",
        reason:
          `The input is about ${inputTokens.toLocaleString("en-US")} tokens (plus room for the answer); ` +
          `the local model's context holds ${signals.localContextTokens.toLocaleString("en-US")}.`,
      });
    }
  }

  if (signals.noVerifiedFormula) {
    fired.push({
      trigger: "no-verified-formula",
      reason: "The local model found no formula that passed verification, even after repair.",
    });
  }

  if (signals.noAnalysisPlan !== undefined) {
    fired.push({
      trigger: "no-analysis-plan",
      reason: `No computation the local model can plan answers this question (${signals.noAnalysisPlan}).`,
    });
  }

  if (signals.formulaToExplain !== undefined) {
    const complexity = scoreFormulaComplexity(signals.formulaToExplain);
    const summary = complexity.reasons.join(", ");
    if (complexity.score >= policy.complexFormulaScore) {
      fired.push({
        trigger: "complex-formula",
        reason: `The formula is complex (score ${complexity.score} ≥ ${policy.complexFormulaScore}: ${summary}).`,
      });
    } else {
      notes.push(
        `The formula is simple enough for the local model (score ${complexity.score} < ${policy.complexFormulaScore}).`,
      );
    }
  }

  if (signals.abstained) {
    const { confidence, threshold } = signals.abstained;
    const shown =
      confidence === null ? "unknown confidence" : `confidence ${confidence.toFixed(2)} < ${threshold}`;
    if (policy.cloudReviewOfAbstains) {
      fired.push({
        trigger: "low-confidence",
        reason: `The local classification abstained (${shown}) and cloud review of abstentions is on.`,
      });
    } else {
      notes.push(`The local classification abstained (${shown}), but cloud review of abstentions is off.`);
    }
  }

  return { fired, notes };
}
