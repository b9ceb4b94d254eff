import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formula } from "../../functions/functions";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { FakeWorkbook } from "../support/excel-object-model";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

const sales = () =>
  new FakeWorkbook().addSheet("Sales", [
    ["Region", "Product", "Revenue"],
    ["East", "Widget", 120],
    ["West", "Gadget", 300],
    ["West", "Widget", 80],
  ]);

const westTotal = {
  kind: "aggregate",
  function: "sum",
  valueColumn: "Revenue",
  criteria: [{ column: "Region", operator: "equals", value: "West" }],
};

function invocation(parameterAddresses: string[] = []): CustomFunctions.CancelableInvocation {
  return {
    functionName: "FORMULA",
    address: "Sales!F1",
    parameterAddresses,
  } as CustomFunctions.CancelableInvocation;
}

describe("=SLM.FORMULA through the functions module, on Excel's object model", () => {
  let server: OllamaProtocolServer;
  beforeAll(async () => {
    server = await OllamaProtocolServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url, excel: sales().run });
  });

  it("returns the formula text once it ran on the sheet's values", async () => {
    server.enqueue({ content: JSON.stringify(westTotal) });
    const text = await formula("total revenue for West", undefined, invocation(["", "Sales!A1:C4"]));
    expect(text).toBe('=SUMIFS(Sales!$C$2:$C$4,Sales!$A$2:$A$4,"West")');
  });

  it("uses the sheet the function sits on when no range is given", async () => {
    server.enqueue({ content: JSON.stringify(westTotal) });
    expect(await formula("total revenue for West", undefined, invocation())).toMatch(/^=SUMIFS\(/);
  });

  it("shows #N/A with the reason when no formula can be verified, and never a dangerous one", async () => {
    const evil = { content: JSON.stringify({ kind: "free_form", formula: '=HYPERLINK("http://x","y")' }) };
    server.enqueue(evil, evil, evil);
    const error = await formula("link to the site", undefined, invocation()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "#N/A", message: expect.stringMatching(/HYPERLINK is not allowed/) });
    expect((error as { message: string }).message).not.toMatch(/Unverified candidate/);
  });

  it("shows #VALUE! for an empty request without calling the model", async () => {
    await expect(formula("  ", undefined, invocation())).rejects.toMatchObject({ code: "#VALUE!" });
    expect(server.requests).toHaveLength(0);
  });
});
