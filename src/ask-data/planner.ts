import type { Message } from "ollama/browser";
import { isLlmError } from "../llm/errors";
import type { OllamaClient } from "../llm/ollama-client";
import { analysisPlanSchema, type AnalysisPlan, type ComputablePlan } from "./analysis-plan";
import { executePlan } from "./execute-plan";
import { AnalysisPlanError } from "./plan-error";
import type { PlanResult } from "./plan-result";
import type { DataTable } from "./table-columns";

/**
 * The first model call: question → analysis plan, executed at once on every row. A plan that does
 * not fit the table goes back to the model with the error for at most MAX_REPAIR_ROUNDS more tries,
 * as formula plans do (tasks/formula.ts). The model never sees rows, only the table's outline.
 */

export const MAX_REPAIR_ROUNDS = 2;
export const ANALYSIS_PROMPT_VERSION = 1;

const SYSTEM_PROMPT =
  "You turn a question about a spreadsheet table into one analysis plan, as JSON. Never compute or " +
  "guess numbers yourself: code runs the plan on every row. Name columns exactly as the table's headers. " +
  'A follow-up question ("only West", "and per quarter?") changes the previous plan: keep its parts ' +
  "unless the question replaces them. Use beyond_plans only when no computation answers the question, " +
  "such as a request to explain why or to predict.";

export interface PlanRequest {
  outline: string;
  history: string;
  question: string;
}

export type PlanOutcome =
  | { status: "planned"; plan: ComputablePlan; planJson: string; result: PlanResult }
  | { status: "beyond-plans"; plan: AnalysisPlan; planJson: string; reason: string }
  | { status: "no-plan"; reason: string };

export interface PlanRun {
  outcome: PlanOutcome;
  model: string;
  requests: number;
  promptTokens: number;
  outputTokens: number;
  /** Each round's problem, for the answer's record. */
  problems: string[];
}

export function planMessages(request: PlanRequest): Message[] {
  const parts = [request.outline, request.history, `Question: ${request.question}`].filter(Boolean);
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}

export async function planAndCompute(
  llm: OllamaClient,
  model: string,
  table: DataTable,
  request: PlanRequest,
  signal?: AbortSignal,
): Promise<PlanRun> {
  const messages = planMessages(request);
  const run: PlanRun = {
    outcome: { status: "no-plan", reason: "" },
    model,
    requests: 0,
    promptTokens: 0,
    outputTokens: 0,
    problems: [],
  };
  for (let round = 0; round <= MAX_REPAIR_ROUNDS; round++) {
    let plan: AnalysisPlan;
    let raw: string;
    try {
      run.requests++;
      const reply = await llm.chatStructured({
        model,
        messages,
        schema: analysisPlanSchema,
        signal,
        maxAttempts: 1,
      });
      run.model = reply.model;
      run.promptTokens += reply.stats.promptTokens;
      run.outputTokens += reply.stats.outputTokens;
      plan = reply.value;
      raw = reply.raw;
    } catch (error) {
      if (!isLlmError(error, "bad-output")) throw error;
      run.problems.push(`round ${round}: not a plan in the required JSON shape`);
      messages.push({
        role: "user",
        content:
          "Your answer was not a valid plan in the required JSON shape. Answer again with one plan object.",
      });
      continue;
    }
    messages.push({ role: "assistant", content: raw });
    const planJson = JSON.stringify(plan);
    if (plan.kind === "beyond_plans") {
      run.outcome = { status: "beyond-plans", plan, planJson, reason: plan.reason };
      return run;
    }
    try {
      run.outcome = { status: "planned", plan, planJson, result: executePlan(plan, table) };
      return run;
    } catch (error) {
      if (!(error instanceof AnalysisPlanError)) throw error;
      run.problems.push(`round ${round}: ${error.message}`);
      messages.push({
        role: "user",
        content: `That plan does not fit the table: ${error.message} Answer with a corrected plan.`,
      });
    }
  }
  run.outcome = {
    status: "no-plan",
    reason: `No plan fitted the table after ${MAX_REPAIR_ROUNDS} repair rounds: ${run.problems.at(-1) ?? "no answer"}`,
  };
  return run;
}
