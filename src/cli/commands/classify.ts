import { LlmError } from "../../llm/errors";
import type { RenderedResult } from "../../tasks/cell-tasks";
import { DEFAULT_ABSTAIN_LABEL, DEFAULT_CONFIDENCE_THRESHOLD, parseLabels } from "../../tasks/classify";
import { COMMAND_HELP } from "../command-help";
import { UsageError } from "../cli-errors";
import { stringOption, type CliCommand } from "../command";
import { BULK_OPTIONS, runBulkCommand, type BulkSummary } from "./bulk";

const USAGE = COMMAND_HELP.classify.usage;

export const classifyCommand: CliCommand = {
  options: {
    ...BULK_OPTIONS,
    labels: { type: "string" },
    "labels-range": { type: "string" },
    instructions: { type: "string" },
    "with-confidence": { type: "boolean" },
    threshold: { type: "string" },
  },
  async run(context) {
    const withConfidence = context.values["with-confidence"] === true;
    const thresholdText = stringOption(context, "threshold");
    const threshold = thresholdText === undefined ? DEFAULT_CONFIDENCE_THRESHOLD : Number(thresholdText);
    if (!(threshold >= 0 && threshold <= 1))
      throw new UsageError(`--threshold must be between 0 and 1 (got "${thresholdText}")`);
    return runBulkCommand(context, {
      usage: USAGE,
      verb: "classify",
      abstain: { confidenceThreshold: threshold, abstainLabel: DEFAULT_ABSTAIN_LABEL },
      async spec(ctx, workbook) {
        const inline = stringOption(ctx, "labels");
        const labelsRange = stringOption(ctx, "labels-range");
        if (!inline === !labelsRange)
          throw new UsageError(`Give either --labels or --labels-range. Usage: excel-slm ${USAGE}`);
        let labels: string[];
        try {
          labels = parseLabels(inline ?? (await workbook.readRange(labelsRange!)));
        } catch (error) {
          if (error instanceof LlmError) throw new UsageError(error.message);
          throw error;
        }
        return { kind: "classify", labels, instructions: stringOption(ctx, "instructions"), withConfidence };
      },
      summary: labelSummary(),
    });
  },
};

/** Cells per shown label, and how many the model was too unsure of to label. */
function labelSummary(): BulkSummary {
  const labelCounts: Record<string, number> = {};
  let abstained = 0;
  return {
    add(result: RenderedResult) {
      const label = String(result.value);
      labelCounts[label] = (labelCounts[label] ?? 0) + 1;
      if (result.abstained) abstained++;
    },
    json: () => ({ labelCounts, abstained }),
  };
}
