import { z } from "zod";
import { readFormula } from "../formula/formula-tokens";
import type { OllamaClient } from "../llm/ollama-client";
import type { CloudGate } from "../routing/cloud-gate";
import type { ConsentRequest, RouteDecision } from "../routing/route-decision";
import { scoreFormulaComplexity } from "../routing/formula-complexity";

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
  /** In "ask" mode, approve sending without a prompt (the CLI's --yes). */
  approve?: boolean;
  /** A decision the user already made on a consent request (approved or declined): used as is. */
  decision?: RouteDecision;
}

export type ExplainResult =
  | ({
      status: "explained";
      source: "local" | "cloud";
      model: string;
      costUsd: number | null;
    } & ExplainCommon &
      Explanation)
  | ({ status: "needs-consent"; consent: ConsentRequest } & ExplainCommon);

interface ExplainCommon {
  formula: string;
  cell: string | null;
  referencedRanges: string[];
  complexity: { score: number; reasons: string[] };
  route: { route: RouteDecision["route"]; trigger: RouteDecision["trigger"]; reasons: string[] };
}

const SYSTEM_PROMPT =
  "You explain Excel formulas to analysts. Say what the formula computes and how, step by step, in plain " +
  "words; name the ranges it uses as written. Do not invent values that are not in the formula.";

export async function explainFormula(
  deps: { llm: OllamaClient; model: string; router: CloudGate },
  request: ExplainRequest,
  signal?: AbortSignal,
): Promise<ExplainResult> {
  const formula = request.formula.trim().startsWith("=")
    ? request.formula.trim()
    : `=${request.formula.trim()}`;
  const complexity = scoreFormulaComplexity(formula);
  const referencedRanges = [...new Set(readFormula(formula).references.map((reference) => reference.text))];
  const messages = [
    { role: "system" as const, content: SYSTEM_PROMPT },
    {
      role: "user" as const,
      content: `Formula${request.cell ? ` in ${request.cell}` : ""}:\n${formula}\n\nExplain it.`,
    },
  ];
  let decision =
    request.decision ??
    (await deps.router.decide({
      task: "explain",
      messages,
      signals: { formulaToExplain: formula, userAskedForCloud: request.useCloud === true },
    }));
  const common = (d: RouteDecision): ExplainCommon => ({
    formula,
    cell: request.cell ?? null,
    referencedRanges,
    complexity: { score: complexity.score, reasons: complexity.reasons },
    route: { route: d.route, trigger: d.trigger, reasons: d.reasons },
  });

  if (decision.route === "needs-consent" && decision.ticket) {
    if (!request.approve) return { status: "needs-consent", consent: decision.consent!, ...common(decision) };
    decision = await deps.router.approve(decision.ticket);
  }
  if (decision.route === "cloud") {
    const answer = await deps.router.sendStructured(decision, ExplanationSchema, signal);
    return {
      status: "explained",
      source: "cloud",
      model: answer.model,
      costUsd: answer.costUsd,
      ...answer.value,
      ...common(decision),
    };
  }
  const local = await deps.llm.chatStructured({
    model: deps.model,
    messages,
    schema: ExplanationSchema,
    signal,
  });
  // Accounting must not cost the user the answer (e.g. the relay went away mid-request).
  await deps.router
    .recordLocal({
      task: "explain",
      inputTokens: local.stats.promptTokens,
      outputTokens: local.stats.outputTokens,
    })
    .catch(() => undefined);
  return {
    status: "explained",
    source: "local",
    model: local.model,
    costUsd: null,
    ...local.value,
    ...common(decision),
  };
}
