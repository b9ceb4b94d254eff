import { z } from "zod";
import { LlmError } from "../llm/errors";
import type { StructuredChatModel } from "../llm/chat-model";
import type { PackedTask } from "../bulk/bulk-engine";
import { estimateItemTokens, ITEM_SAFETY_RULE, PACKED_REPLY_RULE, runPacked } from "./packed-items";

/** =SLM.VALIDATE: does each value satisfy a plain-language rule? TRUE/FALSE with a short reason. */
export const RULE_CHECK_PROMPT_VERSION = 2; // 2: the compact {"answers": [...]} reply

export interface RuleVerdict {
  valid: boolean;
  reason: string;
}

const VerdictSchema = z.object({
  valid: z.boolean().describe("true when the item satisfies the rule"),
  reason: z.string().describe("at most 12 words"),
});

/** The rule, trimmed; refused when blank (the same message in a cell, the pane and the CLI). */
export function ruleText(rule: string): string {
  const text = rule.trim();
  if (!text) throw new LlmError("bad-request", 'Give the rule to check, e.g. "is a valid EU VAT number".');
  return text;
}

export function ruleCheckTask(
  llm: StructuredChatModel,
  model: string,
  rule: string,
): PackedTask<RuleVerdict> {
  const text = ruleText(rule);
  const system =
    `You check spreadsheet values against a rule: ${JSON.stringify(text)}. For each numbered item decide ` +
    `whether it satisfies the rule ("valid") and give a short reason (at most 12 words). ${ITEM_SAFETY_RULE} ` +
    PACKED_REPLY_RULE;
  return {
    family: JSON.stringify(["validate", model, RULE_CHECK_PROMPT_VERSION, text]),
    cacheParts: ["validate", model, RULE_CHECK_PROMPT_VERSION, text],
    itemTokens: estimateItemTokens,
    async run(inputs, signal) {
      const { values, call } = await runPacked(llm, { model, system, inputs, value: VerdictSchema, signal });
      return { results: values.map((v) => ({ valid: v.valid, reason: v.reason.trim() })), stats: call.stats };
    },
    encode: (result) => JSON.stringify(result),
    decode: (text) => VerdictSchema.parse(JSON.parse(text)),
  };
}
