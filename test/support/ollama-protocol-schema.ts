/**
 * The smallest deterministic value that satisfies a JSON Schema, used as the protocol server's
 * unscripted reply to a `format` schema. It stands in for grammar-constrained decoding: tests of
 * structured output get a parseable, schema-valid answer without scripting one.
 *
 * Covers what zod's `toJSONSchema` emits (object/array/string/number/integer/boolean/null, enum,
 * const, anyOf/oneOf/allOf, $ref into $defs, min/max bounds, common string formats). Patterns
 * are not solved; a schema that needs one should be answered by a scripted reply.
 */

type Schema = Record<string, unknown>;

const MAX_DEPTH = 32;

const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  time: "00:00:00",
  duration: "PT0S",
  email: "a@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "00000000-0000-0000-0000-000000000000",
  ipv4: "127.0.0.1",
  ipv6: "::1",
  hostname: "localhost",
};

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function minimalInstance(schema: unknown): unknown {
  return build(schema, schema, 0);
}

function build(node: unknown, root: unknown, depth: number): unknown {
  // `true`, `{}` and anything unreadable accept any value; null is the smallest.
  if (!isSchema(node) || depth > MAX_DEPTH) return null;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (typeof node.$ref === "string") return build(resolveRef(root, node.$ref), root, depth + 1);
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.length > 0) return build(branches[0], root, depth + 1);
  }
  if (Array.isArray(node.allOf)) return build(mergeAllOf(node, root), root, depth + 1);
  return buildTyped(node, root, depth);
}

function buildTyped(node: Schema, root: unknown, depth: number): unknown {
  switch (pickType(node)) {
    case "object":
      return buildObject(node, root, depth);
    case "array":
      return buildArray(node, root, depth);
    case "string":
      return buildString(node);
    case "integer":
      return buildNumber(node, true);
    case "number":
      return buildNumber(node, false);
    case "boolean":
      return false;
    default:
      return null;
  }
}

/** `#/$defs/Name` style pointers only; that is all schema generators emit. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return node;
}

/** Flattens allOf (resolving $refs) into one schema: properties and required lists are unioned. */
function mergeAllOf(node: Schema, root: unknown): Schema {
  const { allOf, ...rest } = node;
  const merged: Schema = { ...rest };
  const parts = Array.isArray(allOf) ? allOf : [];
  for (const raw of parts) {
    const part = isSchema(raw) && typeof raw.$ref === "string" ? resolveRef(root, raw.$ref) : raw;
    if (!isSchema(part)) continue;
    const properties = { ...(isSchema(merged.properties) ? merged.properties : {}) };
    Object.assign(properties, isSchema(part.properties) ? part.properties : {});
    const required = new Set([...stringList(merged.required), ...stringList(part.required)]);
    Object.assign(merged, part, { properties, required: [...required] });
  }
  return merged;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function pickType(node: Schema): string | undefined {
  const { type } = node;
  if (typeof type === "string") return type;
  if (Array.isArray(type) && typeof type[0] === "string") return type[0];
  if ("properties" in node || "required" in node) return "object";
  if ("items" in node || "prefixItems" in node) return "array";
  if ("minLength" in node || "format" in node || "pattern" in node) return "string";
  if ("minimum" in node || "maximum" in node) return "number";
  return undefined;
}

function buildObject(node: Schema, root: unknown, depth: number): Record<string, unknown> {
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = new Set(stringList(node.required));
  const result: Record<string, unknown> = {};
  // Declared order first, so the output reads like what a model produces.
  for (const key of Object.keys(properties)) {
    if (required.has(key)) result[key] = build(properties[key], root, depth + 1);
  }
  for (const key of required) {
    if (!(key in result)) result[key] = null;
  }
  return result;
}

function buildArray(node: Schema, root: unknown, depth: number): unknown[] {
  const minItems = asNumber(node.minItems) ?? 0;
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  const result: unknown[] = [];
  for (let index = 0; index < minItems; index++) {
    const itemSchema = index < prefix.length ? prefix[index] : node.items;
    result.push(build(itemSchema, root, depth + 1));
  }
  return result;
}

function buildString(node: Schema): string {
  const sample = typeof node.format === "string" ? (FORMAT_SAMPLES[node.format] ?? "") : "";
  const minLength = asNumber(node.minLength) ?? 0;
  return sample.length >= minLength ? sample : sample + "a".repeat(minLength - sample.length);
}

/** 0 when allowed, else the nearest bound (nudged inside an exclusive one). */
function buildNumber(node: Schema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let low = asNumber(node.minimum);
  let high = asNumber(node.maximum);
  // Draft 4 spells exclusivity as a boolean next to minimum/maximum; 2020-12 as a number.
  if (node.exclusiveMinimum === true && low !== undefined) low += step;
  if (node.exclusiveMaximum === true && high !== undefined) high -= step;
  const exclusiveLow = asNumber(node.exclusiveMinimum);
  const exclusiveHigh = asNumber(node.exclusiveMaximum);
  if (exclusiveLow !== undefined) low = Math.max(low ?? -Infinity, exclusiveLow + step);
  if (exclusiveHigh !== undefined) high = Math.min(high ?? Infinity, exclusiveHigh - step);
  let value = 0;
  if (low !== undefined && value < low) value = integer ? Math.ceil(low) : low;
  if (high !== undefined && value > high) value = integer ? Math.floor(high) : high;
  return value;
}
