import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { StructuredChatModel } from "../llm/chat-model";
import type { PackedTask } from "../bulk/bulk-engine";
import { estimateItemTokens, ITEM_SAFETY_RULE, PACKED_REPLY_RULE, runPacked } from "./packed-items";

/** =SLM.EXTRACT: the requested field from each text, "" when the text does not contain it. */
export const EXTRACT_PROMPT_VERSION = 2; // 2: the compact {"answers": [...]} reply

/** The field to extract, trimmed; refused when blank (the same message in a cell, the pane and the CLI). */
export function extractField(what: string): string {
  const field = what.trim();
  if (!field) throw new LlmError("bad-request", 'Say what to extract, e.g. "invoice number".');
  return field;
}

export function extractTask(llm: StructuredChatModel, model: string, what: string): PackedTask<string> {
  const field = extractField(what);
  const system =
    `You extract one field from spreadsheet values. The field is: ${JSON.stringify(field)}. For each numbered ` +
    `item return the field's value exactly as written in the item, or an empty string "" when the item does ` +
    `not contain it. Never invent a value. ${ITEM_SAFETY_RULE} ${PACKED_REPLY_RULE}`;
  return {
    family: JSON.stringify(["extract", model, EXTRACT_PROMPT_VERSION, field]),
    cacheParts: ["extract", model, EXTRACT_PROMPT_VERSION, field],
    itemTokens: estimateItemTokens,
    async run(inputs, signal) {
      const { values, call } = await runPacked(llm, { model, system, inputs, value: z.string(), signal });
      return { results: values.map((value) => value.trim()), stats: call.stats };
    },
    encode: (result) => JSON.stringify(result),
    decode: (text) => z.string().parse(JSON.parse(text)),
  };
}
