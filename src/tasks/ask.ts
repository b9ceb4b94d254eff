import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { CallStats, OllamaClient } from "../llm/ollama-client";
import type { CloudGate } from "../routing/cloud-gate";
import type { ConsentRequest, RouteDecision } from "../routing/route-decision";
import type { CellGrid } from "../sheet/cells";
import { encodeTable, type EncodedTable } from "../sheet/table-text";

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

export interface AskResult {
  answer: string;
  model: string;
  /** Null for a cloud answer (the provider reports tokens, not Ollama's timings). */
  stats: CallStats | null;
  contextRowsSent: number;
  contextRowsTotal: number;
  source: "local" | "cloud";
  /** Why it went where it did, when the range did not fit the local model; null otherwise. */
  route: Pick<RouteDecision, "route" | "trigger" | "reasons"> | null;
  costUsd: number | null;
}

/** Lets a range that does not fit the local model go to the cloud model. */
export interface AskEscalation {
  router: CloudGate;
  /** The local model's context window in tokens (num_ctx, or /api/show's if smaller); asked only when a range is cut. */
  localContextTokens: () => Promise<number>;
  /** A decision the user already made on a consent request. */
  decision?: RouteDecision;
}

/** The range needs the cloud model and the policy is "ask": nothing was sent. */
export class AskNeedsConsent extends Error {
  override readonly name = "AskNeedsConsent";
  constructor(readonly consent: ConsentRequest) {
    super(`The range does not fit the local model; sending it to ${consent.provider} needs your approval.`);
  }
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

export async function ask(
  llm: OllamaClient,
  model: string,
  input: AskInput,
  signal?: AbortSignal,
  escalation?: AskEscalation,
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
  let local: EncodedTable | null = null;
  if (input.context && input.context.length > 0) {
    local = encodeTable(input.context, { origin: input.contextOrigin, firstRowIsHeader: true });
  }
  let route: AskResult["route"] = null;
  if (input.context && local && local.rowsIncluded < local.rowsTotal && escalation) {
    const whole = encodeTable(input.context, {
      origin: input.contextOrigin,
      firstRowIsHeader: true,
      ...CLOUD_TABLE_LIMITS,
    });
    const messages = messagesFor(prompt, whole, input.contextAddress);
    const decision =
      escalation.decision ??
      (await escalation.router.decide({
        task: "ask",
        messages,
        tables: [input.context],
        signals: { localContextTokens: await escalation.localContextTokens() },
        expectedOutputTokens: 300,
      }));
    if (decision.route === "needs-consent" && decision.consent) throw new AskNeedsConsent(decision.consent);
    route = { route: decision.route, trigger: decision.trigger, reasons: decision.reasons };
    if (decision.route === "cloud") {
      const answer = await escalation.router.sendStructured(decision, AnswerSchema, signal);
      return {
        answer: answer.value.answer.trim(),
        model: answer.model,
        stats: null,
        contextRowsSent: whole.rowsIncluded,
        contextRowsTotal: whole.rowsTotal,
        source: "cloud",
        route,
        costUsd: answer.costUsd,
      };
    }
  }
  const result = await llm.chatStructured({
    model,
    schema: AnswerSchema,
    signal,
    messages: messagesFor(prompt, local, input.contextAddress),
  });
  if (escalation) {
    await escalation.router
      .recordLocal({
        task: "ask",
        inputTokens: result.stats.promptTokens,
        outputTokens: result.stats.outputTokens,
      })
      .catch(() => undefined);
  }
  return {
    answer: result.value.answer.trim(),
    model: result.model,
    stats: result.stats,
    contextRowsSent: local?.rowsIncluded ?? 0,
    contextRowsTotal: local?.rowsTotal ?? 0,
    source: "local",
    route,
    costUsd: null,
  };
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
