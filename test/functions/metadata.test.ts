import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { projectRoot } from "../support/processes";

interface FunctionMetadata {
  id: string;
  name: string;
  parameters: { name: string; type: string; dimensionality?: string; optional?: boolean }[];
  result: { type?: string; dimensionality?: string };
  options?: {
    cancelable?: boolean;
    requiresAddress?: boolean;
    requiresParameterAddresses?: boolean;
    volatile?: boolean;
  };
}

function checkAsk(functions: FunctionMetadata[]): void {
  const ask = functions.find((f) => f.id === "ASK");
  expect(ask, "ASK is registered").toBeDefined();
  expect(ask?.name).toBe("ASK");
  expect(ask?.parameters).toEqual([
    expect.objectContaining({ name: "prompt", type: "string" }),
    expect.objectContaining({ name: "context", dimensionality: "matrix", optional: true }),
  ]);
  expect(ask?.result.type).toBe("string");
  expect(ask?.options).toMatchObject({ cancelable: true, requiresParameterAddresses: true });
  // Volatile LLM calls would re-run (and re-bill) on every recalculation.
  expect(ask?.options?.volatile).not.toBe(true);
}

function checkBulkAndFormula(functions: FunctionMetadata[]): void {
  const byId = (id: string) => functions.find((f) => f.id === id);
  expect(
    byId("CLASSIFY")?.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false]),
  ).toEqual([
    ["values", "matrix", false],
    ["labels", "matrix", false],
    ["instructions", "scalar", true],
    ["with_confidence", "scalar", true],
  ]);
  expect(byId("CLASSIFY")?.result.dimensionality).toBe("matrix");
  expect(byId("EXTRACT")?.parameters.map((p) => p.name)).toEqual(["values", "what"]);
  expect(byId("VALIDATE")?.parameters.map((p) => [p.name, p.optional ?? false])).toEqual([
    ["values", false],
    ["rule", false],
    ["with_reason", true],
  ]);
  expect(byId("FORMULA")?.options).toMatchObject({
    cancelable: true,
    requiresAddress: true,
    requiresParameterAddresses: true,
  });
  for (const f of functions) expect(f.options?.cancelable, `${f.id} is cancelable`).toBe(true);
}

describe("custom function metadata", () => {
  it("functions/functions.ts declares SLM.ASK with the right parameters", async () => {
    const generated = await generateCustomFunctionsMetadata(
      [path.join(projectRoot, "functions/functions.ts")],
      true,
    );
    expect(generated.errors).toEqual([]);
    checkAsk(JSON.parse(generated.metadataJson).functions);
    checkBulkAndFormula(JSON.parse(generated.metadataJson).functions);
  });

  it("the build emits the same metadata in dist/functions.json", () => {
    const file = path.join(projectRoot, "dist", "functions.json");
    expect(existsSync(file), "dist/functions.json exists (npm test builds first)").toBe(true);
    checkAsk(JSON.parse(readFileSync(file, "utf8")).functions);
    checkBulkAndFormula(JSON.parse(readFileSync(file, "utf8")).functions);
  });
});
