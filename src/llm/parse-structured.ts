import type { z } from "zod";

/**
 * Checking a model's JSON answer against the schema it was given. Ollama and the cloud providers
 * constrain decoding to the schema, but a compatible server may ignore it, and constraints a
 * grammar cannot enforce (lengths, bounds) are only checked here.
 */
export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseStructured<T>(schema: z.ZodType<T>, raw: string): ParsedAnswer<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: `not valid JSON: ${JSON.stringify(raw.slice(0, 80))}` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join(".")}` : "";
  return { ok: false, problem: `${issue?.message ?? "schema mismatch"}${where}` };
}
