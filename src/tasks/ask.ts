import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { CallStats, OllamaClient } from "../llm/ollama-client";
import type { CellGrid } from "../sheet/cells";
import { encodeTable, type EncodedTable } from "../sheet/table-text";
import { runWithEscalation, type Escalated, type EscalationContext } from "./escalation";

/**
 * =SLM.ASK and `excel-slm ask`: a question, optionally about a range, answered by the local model.
 * The answer is requested as a one-field JSON object so the model cannot wrap it in chatter
 * or markdown, which would read badly in a cell. A range too large for the local model's context
 * may go to the cloud model whole, as the user's policy allows; otherwise the local model gets the
 * part that fits and is told what was left out.
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

/** An answer, from whichever model gave it. */
export interface AskAnswer {
  answer: string;
  model: string;
  /** Null for a cloud answer (the provider reports tokens, not Ollama's timings). */
  stats: CallStats | null;
  contextRowsSent: number;
  contextRowsTotal: number;
  /** Set when code computed the answer's numbers from a plan (ask-table.ts), on every row. */
  computed?: { planWords: string; check: "passed" | "rewritten" };
}

/** The outcome: answered locally (with why, when the range did not fit), by the cloud, or waiting for consent. */
export type AskOutcome = Escalated<AskAnswer>;

/** Lets a range that does not fit the local model go to the cloud model. */
export interface AskEscalation extends EscalationContext<AskAnswer> {
  /** The local model's context window in tokens (num_ctx, or /api/show's if smaller); asked only when a range is cut. */
  localContextTokens: () => Promise<number>;
}

/** What the cloud model may get at most: far more than a local prompt, still bounded. */
const CLOUD_TABLE_LIMITS = { maxRows: 5000, maxChars: 400_000 };

const AnswerSchema = z.object({ answer: z.string() });

const SYSTEM_PROMPT =
  "You are a spreadsheet assistant inside Microsoft Excel. Answer the user's question accurately and " +
  "briefly, in plain text that fits in one cell: no markdown, no preamble. When a table is given, base " +
  "the answer only on it; if it does not contain the answer, say so. If part of the table was left out, " +
  "do not guess about the missing rows.";

export const MAX_PROMPT_CHARS = 8000;

/** The prompt trimmed, or a bad-request error saying what to change. */
export function checkedPrompt(text: string): string {
  const prompt = text.trim();
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
  return prompt;
}

export async function ask(
  llm: OllamaClient,
  model: string,
  input: AskInput,
  signal?: AbortSignal,
  escalation?: AskEscalation,
): Promise<AskOutcome> {
  const prompt = checkedPrompt(input.prompt);
  const table = input.context;
  const local =
    table && table.length > 0
      ? encodeTable(table, { origin: input.contextOrigin, firstRowIsHeader: true })
      : null;
  // Only a range the local model gets part of may go to the cloud model, whole (within its own,
  // larger limits).
  const cut = table && local && local.rowsIncluded < local.rowsTotal ? table : null;
  const whole =
    cut && escalation
      ? encodeTable(cut, { origin: input.contextOrigin, firstRowIsHeader: true, ...CLOUD_TABLE_LIMITS })
      : null;

  return runWithEscalation<AskAnswer, AskAnswer>(
    {
      task: "ask",
      keyParts: [prompt, input.contextAddress],
      order: "decide-first",
      async routeRequest() {
        if (!cut || !whole || !escalation) return null;
        return {
          task: "ask",
          messages: messagesFor(prompt, whole, input.contextAddress),
          tables: [cut],
          signals: { localContextTokens: await escalation.localContextTokens() },
          expectedOutputTokens: 300,
        };
      },
      async runLocal() {
        const result = await llm.chatStructured({
          model,
          schema: AnswerSchema,
          signal,
          messages: messagesFor(prompt, local, input.contextAddress),
        });
        return {
          result: {
            answer: result.value.answer.trim(),
            model: result.model,
            stats: result.stats,
            contextRowsSent: local?.rowsIncluded ?? 0,
            contextRowsTotal: local?.rowsTotal ?? 0,
          },
          usage: { inputTokens: result.stats.promptTokens, outputTokens: result.stats.outputTokens },
        };
      },
      async runCloud(decision, gate) {
        const answer = await gate.sendStructured(decision, AnswerSchema, signal);
        return {
          result: {
            answer: answer.value.answer.trim(),
            model: answer.model,
            stats: null,
            contextRowsSent: whole?.rowsIncluded ?? 0,
            contextRowsTotal: whole?.rowsTotal ?? 0,
          },
          costUsd: answer.costUsd,
        };
      },
    },
    escalation,
  );
}

function messagesFor(prompt: string, table: EncodedTable | null, address: string | undefined) {
  const where = address ? ` (range ${address})` : "";
  const userContent = table
    ? `Table${where}:\n${table.text}\n` + (table.note ? `${table.note}\n` : "") + `\nQuestion: ${prompt}`
    : prompt;
  return [
    { role: "system" as const, content: SYSTEM_PROMPT },
    { role: "user" as const, content: userContent },
  ];
}
