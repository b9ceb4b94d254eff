import { LlmError } from "../../llm/errors";
import type { CellRuntime } from "./cell-runtime";
import { modelFor } from "../../settings/settings";
import { explainFormula } from "../../tasks/explain";
import { ExcelSheetHost } from "./excel-sheet-host";
import { cellEscalation, fileCellConsent } from "./cell-consent";

/**
 * The body of =SLM.EXPLAIN(formula_or_cell). Given a cell, Excel passes the cell's value, so the
 * formula is read from the cell's address; given text, the text is the formula. The answer ends
 * with which model wrote it. In "ask" mode a cell cannot ask for consent: it shows #N/A, the
 * request waits in the assistant's queue, and once the user decides the cell is recalculated and
 * answers from the cloud (approved) or locally (declined).
 */

export async function explainForCell(
  runtime: CellRuntime,
  argument: unknown,
  argumentAddress: string | undefined,
  signal: AbortSignal,
  callerAddress?: string,
): Promise<string> {
  let formula = typeof argument === "string" && argument.trim().startsWith("=") ? argument.trim() : null;
  if (!formula && argumentAddress) {
    formula = (await new ExcelSheetHost(runtime.excel).readFormulas(argumentAddress))[0]?.[0] ?? null;
  }
  if (!formula) {
    throw new LlmError(
      "bad-request",
      'Give a cell that holds a formula, or the formula as text, e.g. =SLM.EXPLAIN(F12) or =SLM.EXPLAIN("=SUM(A1:A9)").',
    );
  }
  const outcome = await explainFormula(
    { llm: runtime.llm, model: modelFor(runtime.settings, "explain") },
    { formula, cell: argumentAddress },
    cellEscalation(runtime, callerAddress),
    signal,
  );
  if (outcome.status === "needs-consent") {
    throw fileCellConsent(runtime, outcome, { cell: callerAddress, subject: formula });
  }
  const result = outcome.result;
  return `${result.summary} (${outcome.status}: ${result.model})`;
}
