import { fillDownCells } from "../../src/host/excel/cell-writes-fill";
import {
  fillDownRange,
  NoActiveCell,
  readActiveCell,
  type ActiveCell,
} from "../../src/host/excel/cell-writes-selection";
import { planWrite, type WritePlan } from "../../src/host/excel/cell-writes";
import type { ExcelCheck } from "../../src/host/excel/scratch-check";
import { ExcelSheetHost } from "../../src/host/excel/excel-sheet-host";
import type { EvaluatedValue } from "../../src/formula/evaluation-result";
import { LlmError } from "../../src/llm/errors";
import { paneRuntime } from "./runtime";
import { operationLog, type OperationResult } from "../../src/addin/operation-log";
import { modelFor } from "../../src/settings/settings";
import { answerConsent } from "../../src/routing/cloud-gate";
import type { RouteDecision } from "../../src/routing/route-decision";
import type { FormulaResult } from "../../src/tasks/formula";

/**
 * The Formula view's operations. A formula is generated for the active cell with the same task
 * as =SLM.FORMULA (plan, compile, safety gate, headless check on the sheet's values, then the
 * cloud model as the policy allows), reading the workbook through the runtime's Excel adapter;
 * writing goes through the data-safety plan → preview → apply path.
 */
export interface FormulaAnswer {
  request: string;
  /** The cell the formula was made for (and is inserted into). */
  active: ActiveCell;
  result: FormulaResult;
  /** Which model wrote the formula shown: the local one, or the cloud one it escalated to. */
  source: "local" | "cloud";
  costUsd: number | null;
  /**
   * When the local model found no verified formula: what the router decided about the cloud
   * (its reasons, and in "ask" mode the consent request to show). Null when it was not needed.
   */
  escalation: RouteDecision | null;
}

export function writeFormula(request: string, signal?: AbortSignal): Promise<FormulaAnswer> {
  return operationLog.record("formula", request, () => generateAnswer(request, signal), describeAnswer);
}

function describeAnswer(answer: FormulaAnswer): OperationResult {
  const { result } = answer;
  const waiting = answer.escalation?.route === "needs-consent" && answer.source === "local";
  return {
    outcome: waiting ? "waiting" : "done",
    source: answer.source,
    model: result.model,
    detail:
      result.status === "verified"
        ? `Verified: ${result.formula}`
        : result.status === "not-verified"
          ? `Not verified: ${result.formula}`
          : waiting
            ? "No verified formula; the cloud model could try (needs approval)."
            : "No verified formula.",
  };
}

async function generateAnswer(request: string, signal?: AbortSignal): Promise<FormulaAnswer> {
  if (!request.trim()) {
    throw new LlmError("bad-request", "Say what to compute, e.g. “total Revenue for West in 2024”.");
  }
  const runtime = await paneRuntime();
  const active = await readActiveCell(runtime.excel);
  return runFormulaTask(request, active, {}, signal);
}

/**
 * One call into the formula task (local pipeline, then the cloud as the policy allows), mapped to
 * the view's answer. `resume` carries the user's answer to a consent request, and the local result
 * already shown, so a decline does not run the local model again.
 */
async function runFormulaTask(
  request: string,
  active: ActiveCell,
  resume: { decision?: RouteDecision; local?: FormulaResult },
  signal?: AbortSignal,
): Promise<FormulaAnswer> {
  const runtime = await paneRuntime();
  // The formula engine (parser, statistics, tokenizer) loads on the first request, not with the pane.
  const { formulaWithEscalation } = await import("../../src/tasks/formula");
  const outcome = await formulaWithEscalation(
    runtime.llm,
    modelFor(runtime.settings, "formula"),
    { host: new ExcelSheetHost(runtime.excel), sheet: active.sheet, ask: request, cell: active.cell },
    { gate: runtime.router, ...resume },
    signal,
  );
  const answer = { request, active, escalation: outcome.decision };
  switch (outcome.status) {
    case "cloud":
      return { ...answer, result: outcome.result, source: "cloud", costUsd: outcome.costUsd };
    case "needs-consent":
      return { ...answer, result: outcome.local, source: "local", costUsd: null };
    case "local":
      return { ...answer, result: outcome.result, source: "local", costUsd: null };
  }
}

/** The user answered the consent request: send it (approved) or keep the local result (declined). */
export async function decideFormulaEscalation(
  answer: FormulaAnswer,
  approved: boolean,
  signal?: AbortSignal,
): Promise<FormulaAnswer> {
  const ticket = answer.escalation?.consent?.ticket;
  if (!ticket) return answer;
  const runtime = await paneRuntime();
  const decision = await answerConsent(runtime.router, ticket, approved);
  const resume = () =>
    runFormulaTask(answer.request, answer.active, { decision, local: answer.result }, signal);
  if (!approved) return resume();
  return operationLog.record("formula", answer.request, resume, describeAnswer);
}

/** Excel's own value for the formula, computed once in a hidden scratch cell at the same address. */
export async function checkInExcel(answer: FormulaAnswer): Promise<ExcelCheck> {
  const runtime = await paneRuntime();
  // Loaded on use: it reads formulas with the tokenizer, which the first paint does not need.
  const { checkInScratchSheet } = await import("../../src/host/excel/scratch-check");
  return checkInScratchSheet(
    runtime.excel,
    { sheet: answer.active.sheet, cell: answer.active.cell },
    formulaOf(answer),
  );
}

/** Only a formula that exists can be written; an unverified one needs the caller's second confirmation. */
function formulaOf(answer: FormulaAnswer): string {
  if (!answer.result.formula) throw new Error("There is no formula to write.");
  return answer.result.formula;
}

export async function planInsert(answer: FormulaAnswer): Promise<WritePlan> {
  const runtime = await paneRuntime();
  return planWrite(runtime.excel, answer.active.address, [[formulaOf(answer)]]);
}

/** The formula in the active cell and, row by row, in the cells below it down to the data's last row. */
export async function planFillDown(answer: FormulaAnswer): Promise<WritePlan> {
  const runtime = await paneRuntime();
  const target = await fillDownRange(runtime.excel, answer.active);
  const rows = Number(/(\d+)$/.exec(target)?.[1]) - Number(/(\d+)$/.exec(answer.active.cell)?.[1]) + 1;
  return planWrite(runtime.excel, target, fillDownCells(formulaOf(answer), Math.max(1, rows)));
}

/** The checked value as a cell would show it (dates stay serial numbers, as the headless engine gives them). */
export function formatPreview(value: EvaluatedValue | null): string {
  if (value === null) return "(empty)";
  if (Array.isArray(value)) {
    const rows = value.length;
    const cols = value[0]?.length ?? 0;
    const first = value[0]?.[0];
    return `${rows}×${cols} values spilling from the cell, first ${formatScalar(first ?? null)}`;
  }
  return formatScalar(value);
}

function formatScalar(value: string | number | boolean | null): string {
  if (value === null || value === "") return "(empty)";
  if (typeof value === "number") return value.toLocaleString("en-US", { maximumFractionDigits: 10 });
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

export type { ExcelCheck };

/** True when the request failed because no cell on a worksheet was active. */
export function isNoActiveCell(error: unknown): boolean {
  return error instanceof NoActiveCell;
}
