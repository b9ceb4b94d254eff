import { applyWrite, type WritePlan, type WriteRecord } from "../../src/host/excel/cell-writes";
import { planFreeze, refreshSelection } from "../../src/host/excel/cell-writes-selection";
import { writeJournal as addinWriteJournal } from "../../src/addin/addin-runtime";
import { paneRuntime } from "./runtime";
import type { RestoreOutcome, WriteJournal } from "../../src/sheet/write-journal";

/**
 * The data-safety operations the pane's components call: apply a previewed plan, the journal of
 * writes (list, subscribe, restore) and the selection actions (freeze, refresh).
 */
export async function applyPlan(
  plan: WritePlan,
  label: string,
  overwriteConfirmed: boolean,
): Promise<WriteRecord> {
  const runtime = await paneRuntime();
  return applyWrite(runtime.excel, plan, { label, overwriteConfirmed, journal: await addinWriteJournal() });
}

export function writeJournal(): Promise<WriteJournal> {
  return addinWriteJournal();
}

export async function restoreWrite(id: string, overwriteEdits = false): Promise<RestoreOutcome> {
  return (await addinWriteJournal()).restore(id, { overwriteEdits });
}

export async function planFreezeSelection(): Promise<WritePlan> {
  return planFreeze((await paneRuntime()).excel);
}

export async function refreshSelectedCells(): Promise<{ cells: number; address: string }> {
  const runtime = await paneRuntime();
  return refreshSelection(runtime.excel, runtime.engine);
}

/** What a view shows of a planned write (the plan itself stays with the services). */
export type { CellInput, WritePlan } from "../../src/host/excel/cell-writes";
