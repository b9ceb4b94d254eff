import { LlmError } from "../../llm/errors";
import type { CellRuntime } from "./cell-runtime";
import { parseRangeAddress } from "../../sheet/a1";
import { formulaWithEscalation, type FormulaRequest } from "../../tasks/formula";
import { cellEscalation, fileCellConsent } from "./cell-consent";
import { modelFor } from "../../settings/settings";
import { ExcelSheetHost } from "./excel-sheet-host";

/**
 * The body of =SLM.FORMULA: a formula for a request about a table, returned as text only when it
 * ran on the live sheet without error. A custom function may read the workbook but not write it,
 * so verification runs the headless engine on the values read through Office.js; inserting the
 * formula into cells is the task pane's job. When the local model finds no verified formula, the
 * cloud model may try as the policy allows; in "ask" mode the cell waits in the consent queue.
 */
export async function formulaForCell(
  runtime: CellRuntime,
  request: string,
  contextAddress: string | undefined,
  callerAddress: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  if (!request.trim()) {
    throw new LlmError(
      "bad-request",
      'Say what to compute, e.g. =SLM.FORMULA("total Revenue for West in 2024", A1:F500).',
    );
  }
  const host = new ExcelSheetHost(runtime.excel);
  const anchor = contextAddress || callerAddress;
  const sheet = anchor ? parseRangeAddress(anchor).sheet : undefined;
  if (!sheet)
    throw new LlmError(
      "bad-request",
      "Could not tell which sheet the request is about; pass the table's range.",
    );
  const formulaRequest: FormulaRequest = { host, sheet, ask: request, range: contextAddress || undefined };
  const outcome = await formulaWithEscalation(
    runtime.llm,
    modelFor(runtime.settings, "formula"),
    formulaRequest,
    cellEscalation(runtime, callerAddress),
    signal,
  );
  if (outcome.status === "needs-consent") {
    throw fileCellConsent(runtime, outcome, { cell: callerAddress, subject: request });
  }
  const result = outcome.result;
  if (result.verified && result.formula) return result.formula;
  const candidate = result.formula ? ` Unverified candidate: ${result.formula}` : "";
  const reason =
    result.status === "not-verified"
      ? `Not verified: ${result.reason}`
      : (result.reason ?? "No verified formula.");
  throw new CustomFunctions.Error(
    CustomFunctions.ErrorCode.notAvailable,
    `${reason}${candidate}`.slice(0, 250),
  );
}
