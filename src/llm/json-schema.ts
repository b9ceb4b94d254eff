import { z } from "zod";

/**
 * The JSON Schema sent as Ollama's `format`. Ollama turns it into a grammar, so keep schemas
 * flat and small; the `$schema` marker is dropped because it only adds prompt-irrelevant noise.
 */
export function jsonSchemaFor(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}
