import { LlmError } from "../../llm/errors";
import { getAddinRuntime } from "../../runtime/addin-runtime";
import { explainFormula } from "../../tasks/explain";
import { ExcelSheetHost } from "./excel-sheet-host";

/**
 * The body of =SLM.EXPLAIN(formula_or_cell). Given a cell, Excel passes the cell's value, so the
 * formula is read from the cell's address; given text, the text is the formula. The answer ends
 * with which model wrote it. In "ask" mode a cell cannot ask for consent: it shows #N/A and the
 * request waits for approval in the assistant.
 */
export async function explainForCell(
  argument: unknown,
  argumentAddress: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const runtime = await getAddinRuntime();
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
  const result = await explainFormula(
    { llm: runtime.llm, model: runtime.settings.model, router: runtime.router },
    { formula, cell: argumentAddress },
    signal,
  );
  if (result.status === "needs-consent") {
    throw new CustomFunctions.Error(
      CustomFunctions.ErrorCode.notAvailable,
      "Needs approval to use the cloud model: open the SLM assistant to review and approve.",
    );
  }
  return `${result.summary} (${result.source}: ${result.model})`;
}
