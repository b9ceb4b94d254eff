import { LlmError } from "../../llm/errors";
import { getAddinRuntime } from "../../runtime/addin-runtime";
import { commonFailure, runOverGrid, type CellOutcome } from "../../tasks/bulk-cells";
import { classifyTask, parseLabels, shownLabel } from "../../tasks/classify";
import { extractTask } from "../../tasks/extract";
import { ruleCheckTask } from "../../tasks/rule-check";
import { modelFor } from "../../settings/settings";
import { toCellError } from "./custom-function-call";

/**
 * The bodies of =SLM.CLASSIFY, =SLM.EXTRACT and =SLM.VALIDATE: grids in, grids of the same
 * shape out (they spill), one engine item per non-blank cell, errors per cell where only some
 * cells failed and one error for the whole formula when all failed for the same reason.
 */
type CellResult = string | number | boolean | CustomFunctions.Error;

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

function toCells<R>(
  outcomes: CellOutcome<R>[][],
  render: (result: R) => CellResult[],
  width: number,
): CellResult[][] {
  const failure = commonFailure(outcomes);
  if (failure) throw failure;
  return outcomes.map((row) =>
    row.flatMap((outcome): CellResult[] => {
      const pad = (first: CellResult): CellResult[] => [first, ...Array<CellResult>(width - 1).fill("")];
      switch (outcome.kind) {
        case "blank":
          return pad("");
        case "passed-error":
          return pad(passedError(outcome.code));
        case "failed":
          return pad(toCellError(outcome.error));
        case "result":
          return render(outcome.result);
      }
    }),
  );
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
  const parsed = parseLabelCells(labels);
  lastLabels = { raw, parsed };
  return parsed;
}

function parseLabelCells(labels: unknown[][]): string[] {
  const cells = labels
    .flat()
    .filter((value) => value !== null && value !== undefined && String(value).trim() !== "");
  return cells.length === 1 ? parseLabels(String(cells[0])) : parseLabels([cells]);
}

export async function classifyCells(
  values: unknown[][],
  labels: unknown[][],
  instructions: string | undefined,
  withConfidence: boolean,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  const labelList = labelsFrom(labels);
  if (withConfidence) requireSingleColumn(values, "with_confidence");
  const runtime = await getAddinRuntime();
  const { confidenceThreshold, abstainLabel } = runtime.settings;
  const model = modelFor(runtime.settings, "classify");
  const task = memoTask(runtime.llm, ["classify", model, labelList, instructions], () =>
    classifyTask(runtime.llm, model, { labels: labelList, instructions }),
  );
  const outcomes = await runOverGrid(runtime.engine, task, values, signal);
  return toCells(
    outcomes,
    (result) => {
      const label = shownLabel(result, confidenceThreshold, abstainLabel);
      if (!withConfidence) return [label];
      return [label, result.confidence === null ? "" : Math.round(result.confidence * 1000) / 1000];
    },
    withConfidence ? 2 : 1,
  );
}

export async function extractCells(
  values: unknown[][],
  what: string,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  const runtime = await getAddinRuntime();
  const model = modelFor(runtime.settings, "extract");
  const task = memoTask(runtime.llm, ["extract", model, what], () => extractTask(runtime.llm, model, what));
  const outcomes = await runOverGrid(runtime.engine, task, values, signal);
  return toCells(outcomes, (result) => [result], 1);
}

export async function validateCells(
  values: unknown[][],
  rule: string,
  withReason: boolean,
  signal: AbortSignal,
): Promise<CellResult[][]> {
  if (withReason) requireSingleColumn(values, "with_reason");
  const runtime = await getAddinRuntime();
  const model = modelFor(runtime.settings, "validate");
  const task = memoTask(runtime.llm, ["validate", model, rule], () =>
    ruleCheckTask(runtime.llm, model, rule),
  );
  const outcomes = await runOverGrid(runtime.engine, task, values, signal);
  return toCells(
    outcomes,
    (verdict) => (withReason ? [verdict.valid, verdict.reason] : [verdict.valid]),
    withReason ? 2 : 1,
  );
}
