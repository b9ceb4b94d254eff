import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { CallStats, OllamaClient } from "../llm/ollama-client";
import type { CellGrid } from "../sheet/cells";
import { encodeTable } from "../sheet/table-text";

/**
 * =SLM.ASK and `excel-slm ask`: a question, optionally about a range, answered by the local model.
 * The answer is requested as a one-field JSON object so the model cannot wrap it in chatter
 * or markdown, which would read badly in a cell.
 */

export const ASK_PROMPT_VERSION = 1;

export interface AskInput {
  prompt: string;
  /** The range the question is about, first row taken as headers. */
  context?: CellGrid;
  /** Where the context starts, so column letters in the prompt match the sheet. */
  contextOrigin?: { row: number; col: number };
  /** Shown to the model, e.g. "Data!A1:C10". */
  contextAddress?: string;
}

export interface AskResult {
  answer: string;
  model: string;
  stats: CallStats;
  contextRowsSent: number;
  contextRowsTotal: number;
}

const AnswerSchema = z.object({ answer: z.string() });

const SYSTEM_PROMPT =
  "You are a spreadsheet assistant inside Microsoft Excel. Answer the user's question accurately and " +
  "briefly, in plain text that fits in one cell: no markdown, no preamble. When a table is given, base " +
  "the answer only on it; if it does not contain the answer, say so. If part of the table was left out, " +
  "do not guess about the missing rows.";

export const MAX_PROMPT_CHARS = 8000;

export async function ask(
  llm: OllamaClient,
  model: string,
  input: AskInput,
  signal?: AbortSignal,
): Promise<AskResult> {
  const prompt = input.prompt.trim();
  if (!prompt) {
    throw new LlmError(
      "bad-request",
      'The prompt is empty. Write a question, e.g. =SLM.ASK("Summarise", A1:C10).',
    );
  }
  if (prompt.length > MAX_PROMPT_CHARS) {
    throw new LlmError(
      "bad-request",
      `The prompt is ${prompt.length.toLocaleString("en-US")} characters; the limit is ${MAX_PROMPT_CHARS.toLocaleString("en-US")}. ` +
        "Shorten it, or pass the long text as the context range.",
    );
  }
  let userContent = prompt;
  let rowsSent = 0;
  let rowsTotal = 0;
  if (input.context && input.context.length > 0) {
    const table = encodeTable(input.context, { origin: input.contextOrigin, firstRowIsHeader: true });
    rowsSent = table.rowsIncluded;
    rowsTotal = table.rowsTotal;
    const where = input.contextAddress ? ` (range ${input.contextAddress})` : "";
    userContent =
      `Table${where}:\n${table.text}\n` + (table.note ? `${table.note}\n` : "") + `\nQuestion: ${prompt}`;
  }
  const result = await llm.chatStructured({
    model,
    schema: AnswerSchema,
    signal,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: userContent },
    ],
  });
  return {
    answer: result.value.answer.trim(),
    model: result.model,
    stats: result.stats,
    contextRowsSent: rowsSent,
    contextRowsTotal: rowsTotal,
  };
}
