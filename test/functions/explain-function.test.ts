import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { explain } from "../../functions/functions";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { FakeWorkbook } from "../support/excel-object-model";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

function book(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Model", [["", "", "", "", "", 300]])
    .setFormula("Model", 0, 5, "=SUM(Data!D2:D200)");
}

function invocation(parameterAddresses: string[]): CustomFunctions.CancelableInvocation {
  return { functionName: "EXPLAIN", parameterAddresses } as CustomFunctions.CancelableInvocation;
}

describe("=SLM.EXPLAIN through the functions module", () => {
  let server: OllamaProtocolServer;
  beforeAll(async () => {
    server = await OllamaProtocolServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url, excel: book().run });
  });

  it("reads the formula from the referenced cell and says which model answered", async () => {
    server.enqueue({ content: JSON.stringify({ summary: "Adds up revenue.", steps: ["Sum D2:D200"] }) });
    const text = await explain(300, invocation(["Model!F1"]));
    expect(text).toBe("Adds up revenue. (local: qwen2.5:3b)");
    const prompt = (server.requests.at(-1)?.body as { messages: { content: string }[] }).messages[1]!.content;
    expect(prompt).toContain("=SUM(Data!D2:D200)");
  });

  it("explains formula text given directly", async () => {
    server.enqueue({ content: JSON.stringify({ summary: "Averages a column.", steps: [] }) });
    expect(await explain("=AVERAGE(B2:B9)", invocation([""]))).toMatch(/^Averages a column\. \(local: /);
  });

  it("shows #VALUE! for a cell without a formula, without calling the model", async () => {
    configureAddinRuntime({
      store: new MemoryStore(),
      relayBaseUrl: server.url,
      excel: new FakeWorkbook().addSheet("Model", [[5]]).run,
    });
    await expect(explain(5, invocation(["Model!A1"]))).rejects.toMatchObject({ code: "#VALUE!" });
    expect(server.requests).toHaveLength(0);
  });
});
