import {
  applyWrite,
  getWriteJournal,
  type WritePlan,
  type WriteRecord,
} from "../../src/host/excel/cell-writes";
import { planFreeze, refreshSelection } from "../../src/host/excel/cell-writes-selection";
import { getAddinRuntime } from "../../src/runtime/addin-runtime";
import type { RestoreOutcome, WriteJournal } from "../../src/runtime/write-journal";

/**
 * The data-safety operations the pane's components call: apply a previewed plan, the journal of
 * writes (list, subscribe, restore) and the selection actions (freeze, refresh).
 */
export async function applyPlan(
  plan: WritePlan,
  label: string,
  overwriteConfirmed: boolean,
): Promise<WriteRecord> {
  const runtime = await getAddinRuntime();
  return applyWrite(runtime.excel, plan, { label, overwriteConfirmed });
}

export function writeJournal(): Promise<WriteJournal> {
  return getWriteJournal();
}

export async function restoreWrite(id: string, overwriteEdits = false): Promise<RestoreOutcome> {
  return (await getWriteJournal()).restore(id, { overwriteEdits });
}

export async function planFreezeSelection(): Promise<WritePlan> {
  return planFreeze((await getAddinRuntime()).excel);
}

export async function refreshSelectedCells(): Promise<{ cells: number; address: string }> {
  const runtime = await getAddinRuntime();
  return refreshSelection(runtime.excel, runtime.engine);
}

/** What a view shows of a planned write (the plan itself stays with the services). */
export type { CellInput, WritePlan } from "../../src/host/excel/cell-writes";
