import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { StructuredChatModel } from "../llm/chat-model";
import type { PackedTask } from "../bulk/bulk-engine";
import { labelConfidences } from "./label-confidence";
import { estimateItemTokens, ITEM_SAFETY_RULE, PACKED_REPLY_RULE, runPacked } from "./packed-items";

/** =SLM.CLASSIFY: one of the user's labels per value. The labels are a JSON-Schema enum. */
export const CLASSIFY_PROMPT_VERSION = 2; // 2: the compact {"answers": [...]} reply
export const MAX_LABELS = 100;

export interface Classification {
  label: string;
  /** 0–1, or null when Ollama gave no token probabilities. */
  confidence: number | null;
}

/**
 * The one label parser of =SLM.CLASSIFY, the pane and the CLI: "a, b, c" text, or a range of label
 * cells where one filled cell is read as "a, b, c" text and several cells are one label each.
 * Labels are trimmed, blanks dropped, duplicates (ignoring case) refused.
 */
export function parseLabels(source: string | readonly (readonly unknown[])[]): string[] {
  const raw = typeof source === "string" ? source.split(",") : labelCellTexts(source);
  const labels = raw.map((label) => label.trim()).filter((label) => label.length > 0);
  if (labels.length < 2) {
    throw new LlmError(
      "bad-request",
      `Give at least two labels, as "a, b, c" or a range of cells (got ${labels.length}).`,
    );
  }
  if (labels.length > MAX_LABELS) {
    throw new LlmError("bad-request", `At most ${MAX_LABELS} labels are supported (got ${labels.length}).`);
  }
  const seen = new Set<string>();
  for (const label of labels) {
    const folded = label.toLowerCase();
    if (seen.has(folded))
      throw new LlmError("bad-request", `The label "${label}" appears twice; labels must differ.`);
    seen.add(folded);
  }
  return labels;
}

function labelCellTexts(cells: readonly (readonly unknown[])[]): string[] {
  const filled = cells
    .flat()
    .filter((value) => value !== null && value !== undefined && String(value).trim() !== "")
    .map((value) => String(value));
  return filled.length === 1 ? filled[0]!.split(",") : filled;
}

export function classifyTask(
  llm: StructuredChatModel,
  model: string,
  params: { labels: readonly string[]; instructions?: string },
): PackedTask<Classification> {
  const labels = [...params.labels];
  const instructions = params.instructions?.trim() ?? "";
  const labelSchema = z.enum(labels as [string, ...string[]]);
  const system = classifySystemPrompt(labels, instructions);
  return {
    family: JSON.stringify(["classify", model, CLASSIFY_PROMPT_VERSION, labels, instructions]),
    cacheParts: ["classify", model, CLASSIFY_PROMPT_VERSION, JSON.stringify(labels), instructions],
    itemTokens: estimateItemTokens,
    async run(inputs, signal) {
      const { values, call } = await runPacked(llm, {
        model,
        system,
        inputs,
        value: labelSchema,
        signal,
        logprobs: true,
      });
      const confidences = labelConfidences(call.raw, call.logprobs, inputs.length);
      return {
        results: values.map((label, index) => ({ label, confidence: confidences[index] ?? null })),
        stats: call.stats,
      };
    },
    encode: (result) => JSON.stringify(result),
    decode: (text) => {
      const parsed = JSON.parse(text) as Classification;
      if (!labels.includes(parsed.label)) throw new Error("cached label is not in the current label set");
      return parsed;
    },
  };
}

export function classifySystemPrompt(labels: readonly string[], instructions: string): string {
  return (
    `You label spreadsheet values. For each numbered item choose exactly one label from this list: ` +
    `${JSON.stringify(labels)}.` +
    (instructions ? ` Guidance from the user: ${instructions}` : "") +
    ` Judge each item on its own. ${ITEM_SAFETY_RULE} ${PACKED_REPLY_RULE}`
  );
}
