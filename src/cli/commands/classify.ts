import { LlmError } from "../../llm/errors";
import type { RenderedResult } from "../../tasks/cell-tasks";
import { parseLabels } from "../../tasks/classify";
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
    "abstain-label": { type: "string" },
  },
  async run(context) {
    const withConfidence = context.values["with-confidence"] === true;
    return runBulkCommand(context, {
      usage: USAGE,
      verb: "classify",
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
