/**
 * Ask your data: a conversation about one table whose numbers are computed, not guessed.
 *
 * Host-agnostic API (CLI chat, the pane's Ask tab, tests):
 *
 *   const conversation = new DataConversation({ llm, model, table, address: "Data!A1:H500",
 *     contextTokens: 8192, formulaSource: { host, sheet: "Data", range: "Data!A1:H500" },
 *     escalation: { gate } });
 *   const outcome = await conversation.ask("total revenue by region", { signal, onToken });
 *   if (outcome.status === "answered") show(outcome.answer);   // DataAnswer, below
 *   else fileConsent(outcome);                                  // needs-consent: ask again with { decision }
 *   conversation.clear();                                       // forget every turn
 *
 * Each question: (1) the local model answers with an analysis plan (src/ask-data/analysis-plan.ts),
 * repaired at most twice when it does not fit the table; (2) code runs it on every row; (3) the
 * local model writes the answer from the result table only, and its numbers are checked against
 * the computation (report/number-check.ts): an answer with any other number is replaced by one
 * written from the facts (`check: "rewritten"`). `onToken` streams that draft: surfaces show it as
 * provisional until the answer resolves. A question no plan answers, or that asks for reasoning
 * beyond plans, goes through runWithEscalation (never/ask/auto) with the computed facts, not rows.
 * Memory (earlier questions, plans, result summaries) lives in this object only, trimmed to the
 * model's context a whole turn at a time; it is never written into the workbook.
 */
import type { AnalysisTable } from "../analysis/table";
import type { AnalysisPlan } from "../ask-data/analysis-plan";
import { resultLines } from "../ask-data/answer-facts";
import { writeAnswer, type NumberCheck } from "../ask-data/answer-writer";
import {
  roughTokens,
  summariseResult,
  trimHistory,
  type RememberedTurn,
} from "../ask-data/conversation-memory";
import { offerFormula, type FormulaOffer, type FormulaSource } from "../ask-data/plan-formula";
import type { PlanResult } from "../ask-data/plan-result";
import { planInWords } from "../ask-data/plan-words";
import { planAndCompute, planMessages } from "../ask-data/planner";
import { dataTable, type DataTable } from "../ask-data/table-columns";
import { tableOutline } from "../ask-data/table-outline";
import { LlmError } from "../llm/errors";
import type { OllamaClient } from "../llm/ollama-client";
import type { ConsentRequest, RouteDecision } from "../routing/route-decision";
import { answerBeyondPlans, type BeyondPlansAnswer } from "./ask-beyond-plans";
import type { EscalationContext } from "./escalation";

export interface DataAnswer {
  question: string;
  /** The prose shown to the user: checked, or rewritten from the facts. */
  answer: string;
  /** "passed": every number in it was computed; "rewritten": the model's text stated others. */
  check: NumberCheck;
  /** The numbers the model wrote that were not computed (why it was rewritten). */
  unsupported: string[];
  plan: AnalysisPlan | null;
  /** "Sum of Revenue by Region, rows where Year is 2024". */
  planWords: string;
  result: PlanResult | null;
  /** A verified formula for the same number, or why none is offered; null when the plan has no equivalent. */
  formula: FormulaOffer | null;
  source: "local" | "cloud";
  model: string;
  tokens: { prompt: number; output: number };
  wallMs: number;
  /** How the history sent with this question was trimmed. */
  memory: { turnsKept: number; turnsSummarised: number };
}

export type DataOutcome =
  | { status: "answered"; answer: DataAnswer }
  | {
      status: "needs-consent";
      question: string;
      consent: ConsentRequest;
      consentKey: string;
      decision: RouteDecision;
    };

export interface ConversationOptions {
  llm: OllamaClient;
  model: string;
  table: AnalysisTable;
  /** "Data!A1:H500": shown to the model and in consent requests. */
  address?: string;
  /** The local model's context window in tokens (num_ctx): the history is trimmed to fit it. */
  contextTokens: number;
  /** Where formulas can be verified; without it no formula is offered. */
  formulaSource?: FormulaSource;
  /** The user's cloud policy; without it questions beyond plans are answered locally. */
  escalation?: EscalationContext<BeyondPlansAnswer>;
}

export interface AskOptions {
  signal?: AbortSignal;
  onToken?: (soFar: string) => void;
  /** The user's answer to an earlier needs-consent outcome for this question. */
  decision?: RouteDecision;
}

/** Tokens kept free for the model's reply and the prompt's fixed parts besides the outline. */
const REPLY_RESERVE_TOKENS = 1024;
export const MAX_QUESTION_CHARS = 2000;

interface Turn extends RememberedTurn {
  result: PlanResult | null;
}

export class DataConversation {
  private readonly table: DataTable;
  private readonly outline: string;
  private history: Turn[] = [];

  constructor(private readonly options: ConversationOptions) {
    this.table = dataTable(options.table);
    if (this.table.rowCount === 0) {
      throw new LlmError(
        "bad-request",
        "The table has no data rows below its header row: select a table with data.",
      );
    }
    this.outline = tableOutline(this.table, options.address);
  }

  /** The questions asked so far, oldest first. */
  get questions(): string[] {
    return this.history.map((turn) => turn.question);
  }

  clear(): void {
    this.history = [];
  }

  /**
   * `next` (the same table re-read after the user edited cells) with this conversation's memory,
   * so a follow-up still sees the earlier questions while its numbers come from the new cells.
   */
  continuedIn(next: DataConversation): DataConversation {
    next.history = [...this.history];
    return next;
  }

  async ask(question: string, options: AskOptions = {}): Promise<DataOutcome> {
    const started = Date.now();
    const asked = question.trim();
    if (!asked)
      throw new LlmError(
        "bad-request",
        "The question is empty. Ask about the table, e.g. 'total Revenue by Region'.",
      );
    if (asked.length > MAX_QUESTION_CHARS) {
      throw new LlmError(
        "bad-request",
        `The question is ${asked.length} characters; the limit is ${MAX_QUESTION_CHARS}.`,
      );
    }
    const fixed = roughTokens(
      planMessages({ outline: this.outline, history: "", question: asked })
        .map((m) => m.content)
        .join("\n"),
    );
    const history = trimHistory(this.history, this.options.contextTokens - REPLY_RESERVE_TOKENS - fixed);
    const memory = { turnsKept: history.turnsKept, turnsSummarised: history.turnsSummarised };
    const { llm, model } = this.options;
    const planned = await planAndCompute(
      llm,
      model,
      this.table,
      { outline: this.outline, history: history.text, question: asked },
      options.signal,
    );
    const tokens = { prompt: planned.promptTokens, output: planned.outputTokens };
    const outcome = planned.outcome;

    if (outcome.status === "planned") {
      const planWords = planInWords(outcome.plan);
      const written = await writeAnswer(
        llm,
        model,
        { question: asked, planWords, result: outcome.result },
        options,
      );
      tokens.prompt += written.stats?.promptTokens ?? 0;
      tokens.output += written.stats?.outputTokens ?? 0;
      const source = this.options.formulaSource;
      const formula = source ? await offerFormula(outcome.plan, outcome.result, source) : null;
      this.remember({
        question: asked,
        planJson: outcome.planJson,
        planWords,
        result: outcome.result,
        resultSummary: summariseResult(resultLines(outcome.result)),
      });
      return answered({
        question: asked,
        answer: written.text,
        check: written.check,
        unsupported: written.unsupported,
        plan: outcome.plan,
        planWords,
        result: outcome.result,
        formula,
        source: "local",
        model: written.model,
        tokens,
        wallMs: Date.now() - started,
        memory,
      });
    }

    const reason = outcome.reason;
    const escalated = await answerBeyondPlans(
      llm,
      model,
      {
        question: asked,
        reason,
        outline: this.outline,
        history: history.text,
        address: this.options.address,
        computed: this.history.flatMap((turn) =>
          turn.result ? [{ planWords: turn.planWords, result: turn.result }] : [],
        ),
      },
      { signal: options.signal, onToken: options.onToken },
      this.options.escalation
        ? { ...this.options.escalation, ...(options.decision ? { decision: options.decision } : {}) }
        : undefined,
    );
    if (escalated.status === "needs-consent") {
      return {
        status: "needs-consent",
        question: asked,
        consent: escalated.consent,
        consentKey: escalated.consentKey,
        decision: escalated.decision,
      };
    }
    const beyond = escalated.result;
    const planWords = `No computation fits: ${reason}`;
    this.remember({
      question: asked,
      planJson: null,
      planWords,
      result: null,
      resultSummary: beyond.text.slice(0, 300),
    });
    return answered({
      question: asked,
      answer: beyond.text,
      check: beyond.check,
      unsupported: beyond.unsupported,
      plan: outcome.status === "beyond-plans" ? outcome.plan : null,
      planWords,
      result: null,
      formula: null,
      source: escalated.status,
      model: beyond.model,
      tokens: { prompt: tokens.prompt + beyond.promptTokens, output: tokens.output + beyond.outputTokens },
      wallMs: Date.now() - started,
      memory,
    });
  }

  private remember(turn: Turn): void {
    this.history.push(turn);
  }
}

function answered(answer: DataAnswer): DataOutcome {
  return { status: "answered", answer };
}
