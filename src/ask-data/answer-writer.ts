import type { CallStats, OllamaClient } from "../llm/ollama-client";
import type { ReportFact } from "../report/report-types";
import { answerFacts, factsOnlyAnswer, resultText, unsupportedNumbers } from "./answer-facts";
import type { PlanResult } from "./plan-result";

/**
 * The second model call: the answer in words, written from the result table only. Its numbers are
 * checked against the computation (answer-facts.ts); an answer stating any other number is replaced
 * by one written by code from the facts, and says so ("rewritten"), so an invented number is never
 * shown as fact. Streamed tokens are provisional until the check has passed.
 */

export const ANSWER_WRITER_VERSION = 1;

const SYSTEM_PROMPT =
  "You answer a question about a spreadsheet from a result that code computed. Write one to three " +
  "plain sentences, no markdown. Use only the numbers and dates in the result, written as they appear " +
  "there (you may round them); never compute, add or estimate new numbers. If the result is empty, say so.";

export type NumberCheck = "passed" | "rewritten";

export interface WrittenAnswer {
  text: string;
  check: NumberCheck;
  /** Numbers the model wrote that were not computed (why it was rewritten). */
  unsupported: string[];
  /** The model's own text, kept when it was rewritten, for the record; null otherwise. */
  rejectedText: string | null;
  model: string;
  stats: CallStats | null;
}

export interface WriteRequest {
  question: string;
  planWords: string;
  result: PlanResult;
}

export async function writeAnswer(
  llm: OllamaClient,
  model: string,
  request: WriteRequest,
  options: { signal?: AbortSignal; onToken?: (soFar: string) => void } = {},
): Promise<WrittenAnswer> {
  const reply = await llm.chatText({
    model,
    signal: options.signal,
    onText: options.onToken,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      {
        role: "user",
        content: `Question: ${request.question}\nComputed: ${request.planWords}\nResult:\n${resultText(request.result)}`,
      },
    ],
  });
  return checkedAnswer(reply.text.trim(), request, { model: reply.model, stats: reply.stats });
}

/** Checks prose against the result; also used for answers from elsewhere (the cloud). */
export function checkedAnswer(
  text: string,
  request: WriteRequest,
  by: { model: string; stats: CallStats | null },
): WrittenAnswer {
  const facts: ReportFact[] = answerFacts(request.result, request.planWords);
  const unsupported = text ? unsupportedNumbers(text, facts) : [];
  if (text && unsupported.length === 0) {
    return { text, check: "passed", unsupported, rejectedText: null, ...by };
  }
  return {
    text: factsOnlyAnswer(request.result, request.planWords),
    check: "rewritten",
    unsupported,
    rejectedText: text || null,
    ...by,
  };
}
