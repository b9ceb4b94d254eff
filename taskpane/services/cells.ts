import { applyWrite, planWrite, type WritePlan } from "../../src/host/excel/cell-writes";
import { readLabelCells, readSelection, type SelectionSnapshot } from "../../src/host/excel/selection-read";
import { resultsWrite, type ResultsWriteRequest } from "../../src/tasks/selection-results";
import { selectRows } from "../../src/host/excel/selection-select";
import { writeJournal as addinWriteJournal } from "../../src/addin/addin-runtime";
import { paneRuntime } from "./runtime";
import { operationLog } from "../../src/addin/operation-log";
import type { WriteRecord } from "../../src/sheet/write-journal";
import type { RouteDecision } from "../../src/routing/route-decision";
import { modelFor } from "../../src/settings/settings";
import type { CloudReviewRequest, CloudReviewResult } from "../../src/tasks/cloud-review";
import { cellTask, checkCellTaskSpec } from "../../src/tasks/cell-tasks";
import { parseLabels } from "../../src/tasks/classify";
import {
  runSelection,
  type SelectionProgress,
  type SelectionRunResult,
  type SelectionTaskSpec,
} from "../../src/tasks/selection-run";

/**
 * What the Cells view may do: read the selection, run classify/extract/validate over it through
 * the shared bulk engine (the cache =SLM.* formulas use), plan and write the results through the
 * write journal, and select rows. The view never touches Office.js or the network itself.
 */
export type { SelectionSnapshot } from "../../src/host/excel/selection-read";
export type { WritePlan } from "../../src/host/excel/cell-writes";

/** The current selection, or the cells at `address` when given (a re-read before a run). */
export async function readCellsSelection(address?: string): Promise<SelectionSnapshot> {
  return readSelection((await paneRuntime()).excel, address);
}

/** "Use selection as labels": the selected cells' labels and where they are (for formulas). */
export async function labelsFromSelection(): Promise<{ address: string; labels: string[] }> {
  const { address, cells } = await readLabelCells((await paneRuntime()).excel);
  return { address, labels: parseLabels(cells) };
}

export async function runOnCells(
  spec: SelectionTaskSpec,
  values: readonly unknown[],
  options: { signal: AbortSignal; onProgress: (progress: SelectionProgress) => void },
): Promise<SelectionRunResult> {
  checkCellTaskSpec(spec);
  const runtime = await paneRuntime();
  const { confidenceThreshold, abstainLabel } = runtime.settings;
  const model = modelFor(runtime.settings, spec.kind);
  const task = cellTask(runtime.llm, model, spec, { confidenceThreshold, abstainLabel });
  return operationLog.record(
    spec.kind,
    `${values.length} ${values.length === 1 ? "cell" : "cells"}`,
    () => runSelection(runtime.engine, task, values, options),
    (result) => ({
      outcome: result.cancelled ? "cancelled" : "done",
      source: "local",
      model,
      detail: `${result.progress.done} of ${result.progress.total} answered, ${result.progress.errors} failed.`,
    }),
  );
}

export async function planResults(request: ResultsWriteRequest): Promise<WritePlan> {
  const { target, cells } = resultsWrite(request);
  return planWrite((await paneRuntime()).excel, target, cells);
}

export async function writeResults(
  plan: WritePlan,
  label: string,
  overwriteConfirmed: boolean,
): Promise<WriteRecord> {
  return applyWrite((await paneRuntime()).excel, plan, {
    label,
    overwriteConfirmed,
    journal: await addinWriteJournal(),
  });
}

/** Selects the given data rows from the input column to the results column. Returns the address. */
export async function selectSheetRows(
  sheet: string,
  rows: readonly number[],
  fromColumn: number,
  toColumn: number,
): Promise<string> {
  return selectRows((await paneRuntime()).excel, { sheet, rows, fromColumn, toColumn });
}

/**
 * Sends the cells the local model abstained on to the cloud model for review, as the user's
 * policy allows (Settings: cloud review of unsure classifications, "ask" or "auto").
 */
export async function reviewInCloud(
  request: CloudReviewRequest,
  decision?: RouteDecision,
  signal?: AbortSignal,
): Promise<CloudReviewResult> {
  const runtime = await paneRuntime();
  const { reviewAbstentions } = await import("../../src/tasks/cloud-review");
  return reviewAbstentions(runtime.router, request, { decision, signal });
}
