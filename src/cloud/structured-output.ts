export { parseStructured, type ParsedAnswer } from "../llm/parse-structured";

/** Both providers only accept an object at the root of a structured-output schema. */
export function isObjectSchema(jsonSchema: Record<string, unknown>): boolean {
  return jsonSchema.type === "object";
}
