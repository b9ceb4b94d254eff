import { tableFromRange, type AnalysisTable } from "../../src/analysis/table";
import { dataTable, type DataColumnType } from "../../src/ask-data/table-columns";
import { askTableRange } from "../../src/host/excel/ask-table-range";
import { watchSelectionSettled } from "../../src/host/excel/ask-selection-watch";
import { planWrite, type WritePlan } from "../../src/host/excel/cell-writes";
import { ExcelSheetHost } from "../../src/host/excel/excel-sheet-host";
import { isLlmError } from "../../src/llm/errors";
import { answerConsent } from "../../src/routing/cloud-gate";
import type { RouteDecision } from "../../src/routing/route-decision";
import { formatRangeAddress, parseRangeAddress, type RangeAddress } from "../../src/sheet/a1";
import { modelFor } from "../../src/settings/settings";
import { DataConversation, type DataAnswer, type DataOutcome } from "../../src/tasks/ask-conversation";
import { operationLog } from "../../src/addin/operation-log";
import { paneRuntime } from "./runtime";

/**
 * The Ask tab's one way to the engine, the workbook and the add-in: which table the selection
 * means, the conversation about it (tasks/ask-conversation.ts), and the writes an answer offers.
 * The conversation lives in this module for the pane's session (one workbook): it is kept across
 * tab switches, cleared on demand, and never written into the workbook.
 */

export interface AskColumn {
  header: string;
  type: DataColumnType;
}

/** What the tab says it will read: "Reads Sales!A1:H500, 499 rows". */
export interface AskSource {
  address: string;
  rows: number;
  columns: AskColumn[];
}

export type { DataAnswer, DataOutcome };

interface Session {
  address: string;
  /** The cells the conversation was built from, to notice edits between questions. */
  cells: string;
  conversation: DataConversation;
}

let session: Session | null = null;

interface ReadTable {
  address: string;
  table: AnalysisTable;
}

async function readTable(selected?: string): Promise<ReadTable> {
  const runtime = await paneRuntime();
  const address = await askTableRange(runtime.excel, selected);
  const grid = await new ExcelSheetHost(runtime.excel).readRange(address);
  return { address, table: tableFromRange(address, grid) };
}

/** The table the selection (or the table the active cell is in) gives, with its columns' kinds. */
export async function readAskSource(selected?: string): Promise<AskSource> {
  const read = await readTable(selected);
  const table = dataTable(read.table);
  return {
    address: read.address,
    rows: table.rowCount,
    columns: table.columns.map((column) => ({ header: column.header, type: column.type })),
  };
}

/**
 * Asks about the table the selection gives now. The same table keeps its memory; another table
 * starts a new conversation (earlier answers were about other columns). Cells edited since the
 * last question are read afresh, so numbers are always computed from what the sheet holds.
 */
export async function askAboutSelection(
  question: string,
  options: { signal?: AbortSignal; onToken?: (soFar: string) => void; decision?: RouteDecision },
): Promise<DataOutcome> {
  const conversation = await conversationFor(await readTable());
  return operationLog.record(
    "ask",
    question,
    () => conversation.ask(question, options),
    (outcome) =>
      outcome.status === "needs-consent"
        ? {
            outcome: "waiting",
            source: null,
            model: null,
            detail: "Waiting for your approval to use the cloud model.",
          }
        : { source: outcome.answer.source, model: outcome.answer.model, detail: outcome.answer.answer },
  );
}

/** Calls back after each settled selection change; returns a stop function. */
export function watchAskSelection(onChange: () => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void paneRuntime().then((runtime) => {
    if (!stopped) stop = watchSelectionSettled(runtime.excel, onChange);
  });
  return () => {
    stopped = true;
    stop?.();
  };
}

async function conversationFor({ address, table }: ReadTable): Promise<DataConversation> {
  const cells = JSON.stringify(table.grid);
  if (session && session.address === address && session.cells === cells) return session.conversation;
  const runtime = await paneRuntime();
  const range = parseRangeAddress(address);
  const fresh = new DataConversation({
    llm: runtime.llm,
    model: modelFor(runtime.settings, "ask"),
    table,
    address,
    contextTokens: runtime.settings.numCtx,
    formulaSource: { host: new ExcelSheetHost(runtime.excel), sheet: range.sheet ?? "", range: address },
    escalation: { gate: runtime.router },
  });
  const conversation =
    session && session.address === address ? session.conversation.continuedIn(fresh) : fresh;
  session = { address, cells, conversation };
  return conversation;
}

/** Forgets every question asked so far. */
export function clearConversation(): void {
  session?.conversation.clear();
}

/** The user's answer to a consent request: the decision to ask again with. */
export async function decideAskConsent(ticket: string, approved: boolean): Promise<RouteDecision> {
  return answerConsent((await paneRuntime()).router, ticket, approved);
}

/** True when the failure is Ollama not answering: the tab then shows the connection help. */
export function isOllamaUnreachable(error: unknown): boolean {
  return isLlmError(error, "unreachable");
}

/**
 * The verified formula, planned into the first free cell two rows below the table's first column
 * (never into the table); applied through the data-safety preview and write journal.
 */
export async function planFormulaInsert(answer: DataAnswer): Promise<WritePlan> {
  if (answer.formula?.status !== "verified" || !session) {
    throw new Error("This answer has no verified formula to insert.");
  }
  const range = parseRangeAddress(session.address);
  const target = belowTable(range);
  return planWrite((await paneRuntime()).excel, target, [[answer.formula.formula.formula]]);
}

function belowTable(range: RangeAddress): string {
  const cell = { row: range.end.row + 2, col: range.start.col };
  return formatRangeAddress({ ...range, start: cell, end: cell });
}
