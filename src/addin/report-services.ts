import type { ReportServices } from "../host/excel/ribbon-commands";
import { modelFor } from "../settings/settings";
import { getAddinRuntime } from "./addin-runtime";

/**
 * The add-in's own workbook access and model, from the runtime the pane and functions share.
 * `factsOnly` skips the model (the summary is the computed facts), e.g. when Ollama is not running.
 */
export async function addinReportServices(
  options: { signal?: AbortSignal; factsOnly?: boolean } = {},
): Promise<ReportServices> {
  const runtime = await getAddinRuntime();
  // The report engine is loaded when a report is made, not with the page.
  const { factsNarrator, modelNarrator } = await import("../report/narrative");
  const model = modelFor(runtime.settings, "report");
  return {
    excel: runtime.excel,
    narrator: options.factsOnly
      ? factsNarrator
      : modelNarrator({ llm: runtime.llm, model, signal: options.signal }),
    signal: options.signal,
  };
}
