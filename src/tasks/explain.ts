import { z } from "zod";
import { readFormula } from "../formula/formula-tokens";
import type { OllamaClient } from "../llm/ollama-client";
import type { ConsentRequest } from "../routing/route-decision";
import { scoreFormulaComplexity } from "../routing/formula-complexity";
import {
  routeSummary,
  runWithEscalation,
  type Escalated,
  type EscalationContext,
  type RouteSummary,
} from "./escalation";

/**
 * =SLM.EXPLAIN and `excel-slm explain`: a plain-language explanation of a formula. Simple
 * formulas are explained by the local model; complex ones (scored by nesting, functions, length,
 * LET/LAMBDA, arrays, other sheets) go to the cloud model only as the user's policy allows, and
 * the result always says which model answered and why.
 */
export const EXPLAIN_PROMPT_VERSION = 1;

export const ExplanationSchema = z.object({
  summary: z.string().describe("One or two sentences: what the formula computes, in plain words"),
  steps: z.array(z.string()).max(10).describe("How it gets there, one short step per item, in order"),
});

export type Explanation = z.infer<typeof ExplanationSchema>;

export interface ExplainRequest {
  formula: string;
  /** Where the formula is, e.g. "Model!F12" (helps the model name its inputs). */
  cell?: string;
  /** The user asked for the cloud model explicitly. */
  useCloud?: boolean;
}

/** An explanation, from whichever model gave it. */
export type Explained = Explanation & { model: string };

/** What is known about the formula whichever way it goes. */
export interface ExplainSubject {
  formula: string;
  cell: string | null;
  referencedRanges: string[];
  complexity: { score: number; reasons: string[] };
}

export type ExplainOutcome = Escalated<Explained> & { subject: ExplainSubject };

/** The outcome as one flat record: what the CLI prints as JSON and the Explain view shows. */
export type ExplainResult =
  | ({
      status: "explained";
      source: "local" | "cloud";
      model: string;
      costUsd: number | null;
    } & ExplainCommon &
      Explanation)
  | ({ status: "needs-consent"; consent: ConsentRequest; consentKey: string } & ExplainCommon);

interface ExplainCommon extends ExplainSubject {
  route: RouteSummary;
}

const SYSTEM_PROMPT =
  "You explain Excel formulas to analysts. Say what the formula computes and how, step by step, in plain " +
  "words; name the ranges it uses as written. Do not invent values that are not in the formula.";

export async function explainFormula(
  deps: { llm: OllamaClient; model: string },
  request: ExplainRequest,
  escalation: EscalationContext<Explained>,
  signal?: AbortSignal,
): Promise<ExplainOutcome> {
  const formula = request.formula.trim().startsWith("=")
    ? request.formula.trim()
    : `=${request.formula.trim()}`;
  const complexity = scoreFormulaComplexity(formula);
  const subject: ExplainSubject = {
    formula,
    cell: request.cell ?? null,
    referencedRanges: [...new Set(readFormula(formula).references.map((reference) => reference.text))],
    complexity: { score: complexity.score, reasons: complexity.reasons },
  };
  const messages = [
    { role: "system" as const, content: SYSTEM_PROMPT },
    {
      role: "user" as const,
      content: `Formula${request.cell ? ` in ${request.cell}` : ""}:\n${formula}\n\nExplain it.`,
    },
  ];
  const outcome = await runWithEscalation<Explained, Explained>(
    {
      task: "explain",
      keyParts: [formula, request.cell, request.useCloud ? "cloud" : ""],
      order: "decide-first",
      routeRequest: async () => ({
        task: "explain",
        messages,
        signals: { formulaToExplain: formula, userAskedForCloud: request.useCloud === true },
      }),
      async runLocal() {
        const local = await deps.llm.chatStructured({
          model: deps.model,
          messages,
          schema: ExplanationSchema,
          signal,
        });
        return {
          result: { ...local.value, model: local.model },
          usage: { inputTokens: local.stats.promptTokens, outputTokens: local.stats.outputTokens },
        };
      },
      async runCloud(decision, gate) {
        const answer = await gate.sendStructured(decision, ExplanationSchema, signal);
        return { result: { ...answer.value, model: answer.model }, costUsd: answer.costUsd };
      },
    },
    escalation,
  );
  return { ...outcome, subject };
}

/** Flattens an outcome for the CLI's JSON and the Explain view. */
export function explainReport(outcome: ExplainOutcome): ExplainResult {
  // A decide-first task always has a decision; the fallback only satisfies the type.
  const route = routeSummary(outcome.decision) ?? { route: "local", trigger: "none", reasons: [] };
  const common: ExplainCommon = { ...outcome.subject, route };
  if (outcome.status === "needs-consent") {
    return { status: "needs-consent", consent: outcome.consent, consentKey: outcome.consentKey, ...common };
  }
  const { model, summary, steps } = outcome.result;
  return {
    status: "explained",
    source: outcome.status,
    model,
    costUsd: outcome.status === "cloud" ? outcome.costUsd : null,
    summary,
    steps,
    ...common,
  };
}
