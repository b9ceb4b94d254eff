import { readActiveCell } from "../../src/host/excel/cell-writes-selection";
import { ExcelSheetHost } from "../../src/host/excel/excel-sheet-host";
import { selectRange } from "../../src/host/excel/select-range";
import type { RouteDecision } from "../../src/routing/route-decision";
import { answerConsent } from "../../src/routing/cloud-gate";
import { paneRuntime } from "./runtime";
import { operationLog } from "../../src/addin/operation-log";
import type { PendingConsent } from "../../src/routing/consent-queue";
import { modelFor } from "../../src/settings/settings";
import type { ExplainResult } from "../../src/tasks/explain";

/** What the Explain view does: read the active cell's formula, explain it, handle consent. */

export interface ActiveFormula {
  /** Sheet-qualified, e.g. "Model!F12". */
  address: string;
  sheet: string;
  /** Null when the cell holds a value, not a formula. */
  formula: string | null;
}

export async function readActiveFormula(): Promise<ActiveFormula> {
  const runtime = await paneRuntime();
  const active = await readActiveCell(runtime.excel);
  const cell = (await new ExcelSheetHost(runtime.excel).readFormulas(active.address))[0]?.[0];
  const formula = typeof cell === "string" && cell.startsWith("=") ? cell : null;
  return { address: active.address, sheet: active.sheet, formula };
}

export async function explainActive(
  target: { formula: string; address: string },
  options: { useCloud: boolean; decision?: RouteDecision },
  signal: AbortSignal,
): Promise<ExplainResult> {
  const runtime = await paneRuntime();
  const { explainFormula, explainReport } = await import("../../src/tasks/explain");
  return operationLog.record(
    "explain",
    `${target.address}: ${target.formula}`,
    async () =>
      explainReport(
        await explainFormula(
          { llm: runtime.llm, model: modelFor(runtime.settings, "explain") },
          { formula: target.formula, cell: target.address, useCloud: options.useCloud },
          { gate: runtime.router, decision: options.decision },
          signal,
        ),
      ),
    (result) =>
      result.status === "needs-consent"
        ? {
            outcome: "waiting",
            source: null,
            model: null,
            detail: "Waiting for your approval to use the cloud model.",
          }
        : { source: result.source, model: result.model, detail: result.summary },
  );
}

/** The user's answer to a consent request shown in the pane: the decision to explain with. */
export async function decideConsent(ticket: string, approved: boolean): Promise<RouteDecision> {
  const runtime = await paneRuntime();
  return answerConsent(runtime.router, ticket, approved);
}

export async function showRange(address: string, defaultSheet: string): Promise<void> {
  await selectRange((await paneRuntime()).excel, address, defaultSheet);
}

/** Requests from =SLM.EXPLAIN cells waiting for approval; calls back now and on every change. */
export function watchPendingConsents(listener: (pending: readonly PendingConsent[]) => void): () => void {
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  void paneRuntime().then((runtime) => {
    if (stopped) return;
    listener(runtime.consents.list());
    unsubscribe = runtime.consents.subscribe(listener);
  });
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}

export async function settlePendingConsent(id: string, approved: boolean): Promise<void> {
  await (await paneRuntime()).consents.settle(id, approved);
}
