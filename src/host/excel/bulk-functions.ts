import { LlmError } from "../../llm/errors";
import type { CellRuntime } from "./cell-runtime";
import { commonFailure, runOverGrid } from "../../tasks/bulk-cells";
import { renderOutcomeGrid, type OutcomeCell } from "../../tasks/cell-task-grid";
import { cellTask, type CellTask, type CellTaskSpec } from "../../tasks/cell-tasks";
import { parseLabels } from "../../tasks/classify";
import { modelFor } from "../../settings/settings";
import { toCellError } from "./custom-function-call";

/**
 * The bodies of =SLM.CLASSIFY, =SLM.EXTRACT and =SLM.VALIDATE: grids in, grids of the same
 * shape out (they spill), one engine item per non-blank cell, errors per cell where only some
 * cells failed and one error for the whole formula when all failed for the same reason. What each
 * task sends and how its results read is src/tasks/cell-tasks.ts; this file adds Excel's cells.
 */
type CellResult = OutcomeCell<string | CustomFunctions.Error>;

/** Errors a function may return as they are; #NAME? and #REF! are input-only in Excel. */
function returnableErrorCode(code: string): CustomFunctions.ErrorCode | undefined {
  const codes: Record<string, CustomFunctions.ErrorCode> = {
    "#N/A": CustomFunctions.ErrorCode.notAvailable,
    "#VALUE!": CustomFunctions.ErrorCode.invalidValue,
    "#DIV/0!": CustomFunctions.ErrorCode.divisionByZero,
    "#NUM!": CustomFunctions.ErrorCode.invalidNumber,
    "#NULL!": CustomFunctions.ErrorCode.nullReference,
  };
  return codes[code];
}

function passedError(code: string): CustomFunctions.Error {
  const known = returnableErrorCode(code);
  return known
    ? new CustomFunctions.Error(known)
    : new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, `The input cell shows ${code}.`);
}

/**
 * A fill-down calls the function once per row with the same labels: build each task once per
 * client (the client changes when settings do).
 */
const taskMemo = new WeakMap<object, Map<string, unknown>>();

function memoTask<T>(owner: object, key: readonly unknown[], make: () => T): T {
  let tasks = taskMemo.get(owner);
  if (!tasks) taskMemo.set(owner, (tasks = new Map()));
  const id = JSON.stringify(key);
  let task = tasks.get(id) as T | undefined;
  if (task === undefined) {
    if (tasks.size >= 64) tasks.clear();
    task = make();
    tasks.set(id, task);
  }
  return task;
}

function requireSingleColumn(values: unknown[][], option: string): void {
  if ((values[0]?.length ?? 0) > 1) {
    throw new LlmError("bad-request", `${option} needs a single column of values (it adds a second column).`);
  }
}

/** Labels as one "a, b, c" text or a range of label cells; the last parse is reused (fill-downs). */
let lastLabels: { raw: string; parsed: string[] } | undefined;

function labelsFrom(labels: unknown[][]): string[] {
  const raw = labels.map((row) => row.join("\u0001")).join("\u0002");
  if (lastLabels?.raw === raw) return lastLabels.parsed;
  const parsed = parseLabels(labels);
  lastLabels = { raw, parsed };
  return parsed;
}

async function runCellTask(
  runtime: CellRuntime,
  spec: CellTaskSpec,
  values: unknown[][],
  signal: AbortSignal,
): Promise<CellResult[][]> {
  const { settings } = runtime;
  const model = modelFor(settings, spec.kind);
  const abstain = { confidenceThreshold: settings.confidenceThreshold, abstainLabel: settings.abstainLabel };
  const task = memoTask<CellTask>(runtime.llm, [spec, model, abstain], () =>
    cellTask(runtime.llm, model, spec, abstain),
  );
  const outcomes = await runOverGrid(runtime.engine, task.packed, values, signal);
  const failure = commonFailure(outcomes);
  if (failure) throw failure;
  return renderOutcomeGrid<string | CustomFunctions.Error>(task, outcomes, {
    empty: "",
    passedError,
    failed: toCellError,
  });
}

export async function classifyCells(
  runtime: CellRuntime,
  values: unknown[][],
  labels: unknown[][],
  instructions: string | undefined,
  withConfidence: boolean,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  const labelList = labelsFrom(labels);
  if (withConfidence) requireSingleColumn(values, "with_confidence");
  return runCellTask(
    runtime,
    { kind: "classify", labels: labelList, instructions, withConfidence },
    values,
    signal,
  );
}

export async function extractCells(
  runtime: CellRuntime,
  values: unknown[][],
  what: string,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  return runCellTask(runtime, { kind: "extract", what }, values, signal);
}

export async function validateCells(
  runtime: CellRuntime,
  values: unknown[][],
  rule: string,
  withReason: boolean,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  if (withReason) requireSingleColumn(values, "with_reason");
  return runCellTask(runtime, { kind: "validate", rule, withReason }, values, signal);
}
