import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formulaPlanSchema, isFillDown } from "../../src/formula/plan-schema";

/** Walks a JSON Schema and yields every object property with its schema. */
function* properties(schema: unknown, path = ""): Generator<[string, Record<string, unknown>]> {
  if (!schema || typeof schema !== "object") return;
  const node = schema as Record<string, unknown>;
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, child] of Object.entries(props ?? {})) {
    yield [`${path}.${name}`, child];
    yield* properties(child, `${path}.${name}`);
  }
  for (const key of ["items", "anyOf", "oneOf"]) {
    const value = node[key];
    const children = Array.isArray(value) ? value : value ? [value] : [];
    for (const child of children) yield* properties(child, path);
  }
}

describe("formulaPlanSchema", () => {
  const json = z.toJSONSchema(formulaPlanSchema) as Record<string, unknown>;

  it("is a union of flat objects told apart by kind", () => {
    const variants = (json.oneOf ?? json.anyOf) as Record<string, unknown>[];
    expect(variants).toHaveLength(13);
    for (const variant of variants) {
      const kind = (variant.properties as Record<string, Record<string, unknown>>).kind;
      expect(kind?.const ?? kind?.enum).toBeDefined();
    }
  });

  it("describes every field the model fills in", () => {
    const undocumented = [...properties(json)]
      .filter(([path, schema]) => !path.endsWith(".kind") && !schema.description)
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it("stays small enough for a grammar (no nesting beyond one list of conditions)", () => {
    const depth = (schema: unknown): number => {
      if (!schema || typeof schema !== "object") return 0;
      const node = schema as Record<string, unknown>;
      const children = [
        ...Object.values((node.properties as Record<string, unknown>) ?? {}),
        ...(Array.isArray(node.anyOf) ? node.anyOf : []),
        ...(node.items ? [node.items] : []),
      ];
      const objectLevel = node.type === "object" ? 1 : 0;
      return objectLevel + Math.max(0, ...children.map(depth));
    };
    for (const variant of (json.oneOf ?? json.anyOf) as unknown[])
      expect(depth(variant)).toBeLessThanOrEqual(2);
    expect(JSON.stringify(json).length).toBeLessThan(16_000);
  });

  it("says which plans are filled down", () => {
    expect(isFillDown({ kind: "running_total", valueColumn: "Revenue" })).toBe(true);
    expect(
      isFillDown({ kind: "lookup", lookupColumn: "Product", matchColumn: "Product", returnColumn: "Price" }),
    ).toBe(true);
    expect(
      isFillDown({ kind: "lookup", lookupValue: "x", matchColumn: "Product", returnColumn: "Price" }),
    ).toBe(false);
    expect(isFillDown({ kind: "aggregate", function: "count", criteria: [] })).toBe(false);
  });

  it("accepts the plans a model writes and rejects unknown kinds", () => {
    expect(
      formulaPlanSchema.safeParse({
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "Date", operator: "between", value: "2024-01-01", valueTo: "2024-03-31" }],
      }).success,
    ).toBe(true);
    expect(formulaPlanSchema.safeParse({ kind: "pivot", column: "Region" }).success).toBe(false);
    expect(
      formulaPlanSchema.safeParse({ kind: "top_n", valueColumn: "Revenue", n: 0, order: "largest" }).success,
    ).toBe(false);
  });
});
