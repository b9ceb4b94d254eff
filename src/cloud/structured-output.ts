import type { z } from "zod";
import { parseStructured } from "../llm/parse-structured";
import { badOutputError, type FailureContext } from "./cloud-errors";
import type { CloudStructuredResult, CloudUsage } from "./cloud-provider";

export { parseStructured, type ParsedAnswer } from "../llm/parse-structured";

/** Both providers only accept an object at the root of a structured-output schema. */
export function isObjectSchema(jsonSchema: Record<string, unknown>): boolean {
  return jsonSchema.type === "object";
}

/** A provider's answer text checked against the schema; an off-schema answer is a "bad-output" error. */
export function structuredAnswer<T>(
  schema: z.ZodType<T>,
  answer: { raw: string; usage: CloudUsage; requestId: string | null },
  model: string,
  context: FailureContext,
): CloudStructuredResult<T> {
  const parsed = parseStructured(schema, answer.raw);
  if (!parsed.ok) {
    throw badOutputError(context, parsed.problem, { usage: answer.usage, requestId: answer.requestId });
  }
  return { value: parsed.value, ...answer, model };
}
