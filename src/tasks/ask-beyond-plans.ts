import { factsOf, unsupportedNumbers, type ComputedFacts } from "../ask-data/answer-facts";
import type { NumberCheck } from "../ask-data/answer-writer";
import type { OllamaClient } from "../llm/ollama-client";
import { runWithEscalation, type Escalated, type EscalationContext } from "./escalation";

/**
 * A question about a table that no analysis plan answers ("explain why East is so low"), or none
 * after repair: answered in words from what the conversation computed, by the cloud model when the
 * user's policy allows (runWithEscalation: redacted, audited, consent), else by the local model.
 * Either way the model gets the table's outline and the computed results, never its rows, and its
 * numbers are checked against those results: an answer citing any other number is not shown.
 */

export interface BeyondPlansRequest {
  question: string;
  /** Why no plan answers it, from the planner. */
  reason: string;
  outline: string;
  history: string;
  address: string | undefined;
  /** Results computed earlier in the conversation: the only numbers an answer may state. */
  computed: readonly ComputedFacts[];
}

export interface BeyondPlansAnswer {
  text: string;
  check: NumberCheck;
  unsupported: string[];
  model: string;
  promptTokens: number;
  outputTokens: number;
}

const SYSTEM_PROMPT =
  "You answer a question about a spreadsheet table. You get the table's columns and the results code " +
  "has computed in this conversation, not its rows. Reason in plain words from those results only; " +
  "never state a number or date that is not in them. If they do not answer the question, say which " +
  "computation would. Two to four sentences, no markdown.";

export async function answerBeyondPlans(
  llm: OllamaClient,
  model: string,
  request: BeyondPlansRequest,
  options: { signal?: AbortSignal; onToken?: (soFar: string) => void },
  escalation?: EscalationContext<BeyondPlansAnswer>,
): Promise<Escalated<BeyondPlansAnswer>> {
  const messages = [
    { role: "system" as const, content: SYSTEM_PROMPT },
    {
      role: "user" as const,
      content: [request.outline, request.history, `Question: ${request.question}`]
        .filter(Boolean)
        .join("\n\n"),
    },
  ];
  const check = (
    text: string,
    by: Omit<BeyondPlansAnswer, "text" | "check" | "unsupported">,
  ): BeyondPlansAnswer => {
    const unsupported = unsupportedNumbers(text, factsOf(request.computed));
    if (text && unsupported.length === 0) return { text, check: "passed", unsupported, ...by };
    return {
      text:
        (text
          ? `The answer cited numbers that were not computed (${unsupported.join(", ")}), so it is not shown. `
          : "") +
        `No computation answered this: ${request.reason} Ask for a total, count, average, comparison or list over the table's columns.`,
      check: "rewritten",
      unsupported,
      ...by,
    };
  };
  return runWithEscalation<BeyondPlansAnswer, BeyondPlansAnswer>(
    {
      task: "ask",
      keyParts: [request.question, request.address, request.history],
      order: "decide-first",
      async routeRequest() {
        return {
          task: "ask",
          messages,
          signals: { noAnalysisPlan: request.reason },
          expectedOutputTokens: 300,
        };
      },
      async runLocal() {
        const reply = await llm.chatText({
          model,
          messages,
          signal: options.signal,
          onText: options.onToken,
        });
        const usage = { inputTokens: reply.stats.promptTokens, outputTokens: reply.stats.outputTokens };
        return {
          result: check(reply.text.trim(), {
            model: reply.model,
            promptTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
          }),
          usage,
        };
      },
      async runCloud(decision, gate) {
        const reply = await gate.sendText(decision, options.signal);
        return {
          result: check(reply.value.trim(), {
            model: reply.model,
            promptTokens: reply.usage.inputTokens,
            outputTokens: reply.usage.outputTokens,
          }),
          costUsd: reply.costUsd,
        };
      },
    },
    escalation,
  );
}
