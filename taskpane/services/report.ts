import { isSlmError } from "../../src/errors/slm-error";
import {
  generateReportInExcel,
  REPORT_STEPS,
  ReportNotMadeError,
  type GeneratedReport,
  type ReportStep,
} from "../../src/host/excel/ribbon-commands";
import { selectRange } from "../../src/host/excel/select-range";
import type { ValidationSuggestion } from "../../src/analysis/validation-rules";
import { isLlmError, type LlmErrorKind } from "../../src/llm/errors";
import { paneMessage } from "./pane-words";
import { paneRuntime } from "./runtime";
import { addinReportServices } from "../../src/addin/report-services";
import { operationLog } from "../../src/addin/operation-log";
import { modelFor } from "../../src/settings/settings";
import { parseRangeAddress } from "../../src/sheet/a1";

/**
 * The Report view's operations: what the report will cover (the same choice the ribbon button
 * makes: the selection's table, else the selected block or the region around the active cell), and
 * the report itself through the engine call the ribbon shares, with progress and cancellation.
 */

export interface ReportTargetSummary {
  /** With the sheet, e.g. "Data!A1:H500". */
  address: string;
  /** The Excel table's name, else the sheet's. */
  name: string;
  /** Rows under the header row. */
  dataRows: number;
  columns: number;
}

export async function readReportTarget(): Promise<ReportTargetSummary> {
  const runtime = await paneRuntime();
  // The report writer (with the analysis and layout code) loads when the Report view opens.
  const { findReportTarget } = await import("../../src/host/excel/report-writer");
  const target = await findReportTarget(runtime.excel);
  const range = parseRangeAddress(target.address);
  const rows = range.end.row - range.start.row + 1;
  // A single cell is what an empty sheet yields: nothing to report on.
  const single = rows === 1 && range.end.col === range.start.col;
  return {
    ...target,
    dataRows: single ? 0 : rows - 1,
    columns: single ? 0 : range.end.col - range.start.col + 1,
  };
}

export { REPORT_STEPS, type GeneratedReport, type ReportStep };

export interface ReportRequest {
  /** Skip the model: the summary is written by code from the computed facts. */
  factsOnly: boolean;
  signal: AbortSignal;
  onProgress: (step: ReportStep) => void;
}

/** The model the report's summary is asked of (shown while it writes). */
export async function reportModel(): Promise<string> {
  return modelFor((await paneRuntime()).settings, "report");
}

export async function generateReport(request: ReportRequest): Promise<GeneratedReport> {
  const services = await addinReportServices({ signal: request.signal, factsOnly: request.factsOnly });
  const model = request.factsOnly ? null : await reportModel();
  return operationLog.record(
    "report",
    "Report on the current table",
    () => generateReportInExcel({ ...services, onProgress: request.onProgress }),
    (made) => ({
      source: model ? "local" : "code",
      model,
      detail: `Sheet "${made.sheet}", ${made.charts} ${made.charts === 1 ? "chart" : "charts"}.`,
    }),
  );
}

export type ReportFailureKind = "cancelled" | "nothing-to-report" | "model" | "workbook";

export interface ReportFailure {
  kind: ReportFailureKind;
  message: string;
  /** The report sheet that now says why, if one was made. */
  sheet: string | null;
  /** Why the model failed, when it did. */
  llmKind?: LlmErrorKind;
}

/** Sorts a failed report into what the view can tell the user to do about it. */
export function reportFailure(error: unknown, cancelled: boolean): ReportFailure {
  const sheet = error instanceof ReportNotMadeError ? error.sheet : null;
  const cause = error instanceof ReportNotMadeError ? error.cause : error;
  if (cancelled) return { kind: "cancelled", message: "The report was cancelled.", sheet };
  if (isLlmError(cause)) return { kind: "model", message: paneMessage(cause), sheet, llmKind: cause.kind };
  if (isSlmError(cause, "input")) {
    return { kind: "nothing-to-report", message: cause.message, sheet };
  }
  return { kind: "workbook", message: paneMessage(cause), sheet };
}

/** Brings the report sheet to the front with its title selected. */
export async function goToSheet(sheet: string): Promise<void> {
  await selectRange((await paneRuntime()).excel, "A1", sheet);
}

/**
 * Data-validation rules the data suggests for the report's table (computed by code, no model),
 * and putting chosen ones on their columns.
 */
export async function suggestRulesForTarget(address: string): Promise<ValidationSuggestion[]> {
  const runtime = await paneRuntime();
  const [{ readReportTable }, { suggestValidationRules }] = await Promise.all([
    import("../../src/host/excel/report-writer"),
    import("../../src/analysis/validation-rules"),
  ]);
  return suggestValidationRules(await readReportTable(runtime.excel, address));
}

/** The rules were put on these columns, or nothing was done because these columns already have rules. */
export type RulesApplied = { applied: string[] } | { existing: string[] };

export async function applySuggestedRules(
  suggestions: readonly ValidationSuggestion[],
  replaceExisting: boolean,
): Promise<RulesApplied> {
  const runtime = await paneRuntime();
  const { applyValidationRules, ExistingRulesNeedConfirmation } =
    await import("../../src/host/excel/validation-rules-apply");
  try {
    const applied = await operationLog.record(
      "report",
      `Validation rules on ${suggestions.length} ${suggestions.length === 1 ? "column" : "columns"}`,
      () => applyValidationRules(runtime.excel, suggestions, { replaceExisting }),
      (addresses) => ({ source: "code", model: null, detail: `Rules on ${addresses.join(", ")}.` }),
    );
    return { applied };
  } catch (error) {
    if (error instanceof ExistingRulesNeedConfirmation) return { existing: error.addresses };
    throw error;
  }
}

export async function removeAppliedRules(addresses: readonly string[]): Promise<void> {
  const runtime = await paneRuntime();
  const { removeValidationRules } = await import("../../src/host/excel/validation-rules-apply");
  await removeValidationRules(runtime.excel, addresses);
}
