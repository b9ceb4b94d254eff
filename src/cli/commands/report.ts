import { COMMAND_HELP } from "../command-help";
import { UsageError } from "../cli-errors";
import { sameFile } from "../output-file";
import { LlmError, isLlmError } from "../../llm/errors";
import { modelNarrator, factsNarrator, type Narrator } from "../../report/narrative";
import { buildReportFromHost } from "../../report/report-model";
import { saveReportWorkbook } from "../../host/xlsx/xlsx-report";
import { StreamedWorkbook } from "../../host/xlsx/streamed-workbook";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
  stringOption,
  workbookPath,
  type CliCommand,
} from "../command";

const USAGE = COMMAND_HELP.report.usage;

/**
 * `excel-slm report`: profiles, data checks, charts (as pictures) and a checked narrative on a new
 * sheet of a copy of the workbook. --facts-only skips the model and writes the summary from the facts.
 */
export const reportCommand: CliCommand = {
  options: {
    sheet: { type: "string" },
    range: { type: "string" },
    out: { type: "string" },
    "facts-only": { type: "boolean" },
  },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const out = requiredOption(context, "out", "report.xlsx");
    if (context.values["in-place"] === true || (await sameFile(file, out))) {
      // The output holds only the report sheet: written over the input it would replace the data.
      throw new UsageError(
        `report writes a new workbook holding only the report sheet, so it never writes into the input "${file}". ` +
          `Leave out --in-place and give a new file, e.g. --out report.xlsx.`,
      );
    }
    const factsOnly = context.values["facts-only"] === true;
    // Built before any work so a bad --ollama or --timeout fails at once.
    const narrator = factsOnly
      ? factsNarrator
      : withFactsOnlyAdvice(modelNarrator({ llm: ollamaClientFrom(context), model: modelFrom(context) }));
    const source = await StreamedWorkbook.open(file);
    const report = await buildReportFromHost(
      source,
      { sheet: stringOption(context, "sheet") ?? source.activeSheet, range: stringOption(context, "range") },
      { narrator },
    );
    const written = await saveReportWorkbook(report, out);
    const { narrative } = report;
    const json = {
      out,
      sheet: written.sheet,
      range: report.source,
      rows: report.rows,
      columns: report.columns,
      counts: report.counts,
      charts: report.charts.map((chart) => ({ kind: chart.kind, title: chart.title })),
      images: written.images,
      narrative: {
        source: narrative.source,
        summary: narrative.summary,
        highlights: narrative.highlights,
        attempts: narrative.attempts,
        rejectedNumbers: narrative.rejectedNumbers,
        note: narrative.note,
      },
      model: narrative.model,
    };
    const text =
      `Wrote sheet "${written.sheet}" to ${out}: ${report.source}, ${report.counts.total} issue(s), ` +
      `${report.charts.length} chart(s).\n\n${narrative.summary}` +
      (narrative.note ? `\n(${narrative.note})` : "");
    return { text, json };
  },
};

/**
 * Everything in the report but the summary is computed without a model, so when the model step
 * fails the user can still have the report: the error keeps its kind (and exit code) and says how.
 */
function withFactsOnlyAdvice(narrator: Narrator): Narrator {
  return async (facts, subject) => {
    try {
      return await narrator(facts, subject);
    } catch (error) {
      if (!isLlmError(error) || error.kind === "cancelled" || error.kind === "bad-request") throw error;
      throw new LlmError(
        error.kind,
        `${asSentence(error.message)} The report was not written. To write it without the model (the summary ` +
          `then comes from the computed facts), rerun with --facts-only.`,
        { ...error.details, cause: error },
      );
    }
  };
}

/** The message ends as a sentence, so the advice reads as the next one. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
