import { LlmError } from "../../llm/errors";
import {
  classifyTask,
  DEFAULT_ABSTAIN_LABEL,
  DEFAULT_CONFIDENCE_THRESHOLD,
  parseLabels,
  shownLabel,
  type Classification,
} from "../../tasks/classify";
import { UsageError } from "../cli-errors";
import { stringOption, type CliCommand } from "../command";
import { BULK_OPTIONS, makeClientAndModel, runBulkCommand } from "./bulk";

const USAGE =
  "classify <workbook.xlsx> --range 'Data!B2:B500' (--labels 'a,b,c' | --labels-range 'Data!F1:F5') --out out.xlsx " +
  "[--target 'Data!C2'] [--instructions '...'] [--with-confidence] [--threshold 0.5] [--overwrite] [--cache dir]";

export const classifyCommand: CliCommand = {
  summary: "Label each value with one of your labels (REVIEW when the model is unsure).",
  usage: USAGE,
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
    return runBulkCommand<Classification>(context, {
      usage: USAGE,
      verb: "classify",
      width: withConfidence ? 2 : 1,
      async makeTask(ctx, workbook) {
        const inline = stringOption(ctx, "labels");
        const labelsRange = stringOption(ctx, "labels-range");
        if (!inline === !labelsRange)
          throw new UsageError(`Give either --labels or --labels-range. Usage: excel-slm ${USAGE}`);
        let labels: string[];
        try {
          labels = inline ? parseLabels(inline) : parseLabels(await workbook.readRange(labelsRange!));
        } catch (error) {
          if (error instanceof LlmError) throw new UsageError(error.message);
          throw error;
        }
        const { llm, model } = makeClientAndModel(ctx);
        return classifyTask(llm, model, { labels, instructions: stringOption(ctx, "instructions") });
      },
      render(result) {
        const label = shownLabel(result, threshold, DEFAULT_ABSTAIN_LABEL);
        return withConfidence
          ? [label, result.confidence === null ? null : Math.round(result.confidence * 1000) / 1000]
          : [label];
      },
      summarise(results) {
        const counts: Record<string, number> = {};
        let abstained = 0;
        for (const result of results) {
          const label = shownLabel(result, threshold, DEFAULT_ABSTAIN_LABEL);
          if (label === DEFAULT_ABSTAIN_LABEL && result.label !== DEFAULT_ABSTAIN_LABEL) abstained++;
          counts[label] = (counts[label] ?? 0) + 1;
        }
        return { labelCounts: counts, abstained };
      },
    });
  },
};
