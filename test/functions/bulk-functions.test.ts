import { beforeEach, describe, expect, it } from "vitest";
import { classify, extract, validate } from "../../functions/functions";
import { configureAddinRuntime, getAddinRuntime, updateSettings } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { MAX_ITEM_CHARS } from "../../src/tasks/packed-items";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";
import { closedPortUrl } from "../support/network";
import { keyedReply, keywordLabeller, packedItems } from "../support/scripted-models";

function invocation() {
  const inv = {
    functionName: "CLASSIFY",
    cancel: () => inv.onCanceled?.(),
  } as CustomFunctions.CancelableInvocation & {
    cancel(): void;
  };
  return inv;
}

const column = (...values: unknown[]) => values.map((value) => [value]);
const chatRequests = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");
const LABELS = [["billing"], ["bug"], ["praise"]];
const labeller = keywordLabeller(
  { refund: "billing", invoice: "billing", crash: "bug", error: "bug", love: "praise" },
  "praise",
);

describe("=SLM.CLASSIFY, =SLM.EXTRACT and =SLM.VALIDATE through the functions module", () => {
  const startedServer = useOllamaProtocolServer();
  let server: OllamaProtocolServer;
  let store: MemoryStore;

  beforeEach(() => {
    server = startedServer();
    server.onChat(labeller);
    store = new MemoryStore();
    configureAddinRuntime({ store, relayBaseUrl: server.url });
  });

  it("labels a column in one packed request, deduplicating repeated values", async () => {
    const values = column(
      "I want a refund",
      "The app crashes on start",
      "Love it!",
      "I want a refund",
      "  I want  a refund ",
    );
    const result = await classify(values, LABELS, undefined, undefined, invocation());
    expect(result).toEqual(column("billing", "bug", "praise", "billing", "billing"));
    expect(chatRequests(server)).toHaveLength(1);
    const request = chatRequests(server)[0]!;
    type AnswersFormat = { properties: { answers: { minItems: number; items: { enum?: string[] } } } };
    const { answers } = (request.body as { format: AnswersFormat }).format.properties;
    expect(answers.minItems).toBe(3);
    expect(answers.items.enum).toEqual(["billing", "bug", "praise"]);
  });

  it("takes labels as comma-separated text and passes instructions to the model", async () => {
    const result = await classify(
      column("invoice 42 is wrong"),
      [["billing, bug, praise"]],
      "Invoices are billing",
      false,
      invocation(),
    );
    expect(result).toEqual([["billing"]]);
    const system = (chatRequests(server)[0]!.body as { messages: { content: string }[] }).messages[0]!
      .content;
    expect(system).toContain("Invoices are billing");
  });

  it("abstains with REVIEW below the confidence threshold and reports confidence on request", async () => {
    const values = column("refund please", "refund?? maybe crash??");
    expect(await classify(values, LABELS, undefined, false, invocation())).toEqual(
      column("billing", "REVIEW"),
    );
    const withConfidence = await classify(values, LABELS, undefined, true, invocation());
    expect(withConfidence).toEqual([
      ["billing", 0.95],
      ["REVIEW", 0.2],
    ]);
    // The second call came from the cache: the threshold is applied after the cache.
    expect(chatRequests(server)).toHaveLength(1);
    await updateSettings({ confidenceThreshold: 0.1, abstainLabel: "CHECK" });
    expect(await classify(values, LABELS, undefined, false, invocation())).toEqual(
      column("billing", "billing"),
    );
  });

  it("handles blanks, error values, numbers, booleans and very long text deliberately", async () => {
    const long = "refund ".repeat(3000);
    const values = column("", null, "#N/A", 42, true, long);
    const result = await classify(values, LABELS, undefined, false, invocation());
    expect(result[0]).toEqual([""]);
    expect(result[1]).toEqual([""]);
    expect(result[2]?.[0]).toMatchObject({ code: "#N/A" });
    expect(result[3]).toEqual(["praise"]);
    expect(result[4]).toEqual(["praise"]);
    expect(result[5]).toEqual(["billing"]);
    const sent = chatRequests(server).flatMap((request) =>
      packedItems(request.body as { messages: { role: string; content: string }[] }),
    );
    expect(sent).toContain("42");
    expect(sent).toContain("TRUE");
    const longSent = sent.find((item) => item.startsWith("refund"));
    expect(longSent?.length).toBeLessThan(long.length);
    expect(longSent).toContain(`only the first ${MAX_ITEM_CHARS.toLocaleString("en-US")} are shown`);
  });

  it("costs no model calls on recalculation or when the workbook is reopened", async () => {
    const values = column("refund", "crash", "love");
    await classify(values, LABELS, undefined, false, invocation());
    await classify(values, LABELS, undefined, false, invocation());
    expect(chatRequests(server)).toHaveLength(1);
    await (await getAddinRuntime()).engine.cache.flush();
    configureAddinRuntime({ store, relayBaseUrl: server.url }); // a new session on the same storage
    expect(await classify(values, LABELS, undefined, false, invocation())).toEqual(
      column("billing", "bug", "praise"),
    );
    expect(chatRequests(server)).toHaveLength(1);
  });

  it("splits a malformed or short packed reply and retries smaller, down to single items", async () => {
    server.enqueue({ content: "not json at all" }, { content: '{"answers":["bug"]}' });
    const values = column("refund", "crash", "love", "invoice");
    const result = await classify(values, LABELS, undefined, false, invocation());
    expect(result).toEqual(column("billing", "bug", "praise", "billing"));
    expect(chatRequests(server).length).toBeGreaterThanOrEqual(3);
  });

  it("fails only the item the model never answers properly", async () => {
    server.onChat((request) => {
      const items = packedItems(request);
      if (items.includes("poison")) return { content: "{}" };
      return labeller(request);
    });
    const result = await classify(
      column("refund", "poison", "crash"),
      LABELS,
      undefined,
      false,
      invocation(),
    );
    expect(result[0]).toEqual(["billing"]);
    expect(result[1]?.[0]).toMatchObject({ code: "#VALUE!" });
    expect(result[2]).toEqual(["bug"]);
  });

  it("retries a busy server (503) and then succeeds", async () => {
    server.enqueue({
      status: 503,
      error: "server busy, please try again.  maximum pending requests exceeded",
    });
    expect(await classify(column("refund"), LABELS, undefined, false, invocation())).toEqual([["billing"]]);
  });

  it("shows one #N/A for the whole formula when Ollama is down", async () => {
    configureAddinRuntime({ store, relayBaseUrl: await closedPortUrl() });
    const error = await classify(column("refund", "crash"), LABELS, undefined, false, invocation()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "#N/A", message: expect.stringMatching(/not reachable/) });
  });

  it("refuses bad labels and with_confidence on several columns with #VALUE!", async () => {
    await expect(classify(column("x"), [["only-one"]], undefined, false, invocation())).rejects.toMatchObject(
      {
        code: "#VALUE!",
        message: expect.stringMatching(/at least two labels/),
      },
    );
    await expect(classify(column("x"), [["a, b, A"]], undefined, false, invocation())).rejects.toMatchObject({
      code: "#VALUE!",
    });
    await expect(classify([["x", "y"]], LABELS, undefined, true, invocation())).rejects.toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/single column/),
    });
    expect(chatRequests(server)).toHaveLength(0);
  });

  it("cancelling the cell aborts its request when no other cell waits for it", async () => {
    server.onChat(() => ({ hang: true }));
    const inv = invocation();
    const pending = classify(column("refund", "crash"), LABELS, undefined, false, inv);
    await server.waitFor((request) => request.path === "/api/chat", 5000);
    inv.cancel();
    await expect(pending).rejects.toMatchObject({ code: "#N/A" });
    await server.waitForClientAbort(5000);
  });

  it("extracts a field from each text, empty where it is absent", async () => {
    server.onChat((request) => {
      const items = packedItems(request);
      return keyedReply(items.map((item) => /INV-\d+/.exec(item)?.[0] ?? ""));
    });
    const result = await extract(
      column("Paid INV-0042 today", "no number here", ""),
      "invoice number",
      invocation(),
    );
    expect(result).toEqual(column("INV-0042", "", ""));
    const system = (chatRequests(server)[0]!.body as { messages: { content: string }[] }).messages[0]!
      .content;
    expect(system).toContain('"invoice number"');
  });

  it("validates each value against a rule, with reasons on request", async () => {
    server.onChat((request) => {
      const items = packedItems(request);
      return keyedReply(
        items.map((item) => ({
          valid: /refund/i.test(item),
          reason: /refund/i.test(item) ? "mentions a refund" : "no refund",
        })),
      );
    });
    const values = column("Please refund me", "Great service");
    expect(await validate(values, "mentions a refund", false, invocation())).toEqual(column(true, false));
    expect(await validate(values, "mentions a refund", true, invocation())).toEqual([
      [true, "mentions a refund"],
      [false, "no refund"],
    ]);
    await expect(validate(values, "  ", false, invocation())).rejects.toMatchObject({ code: "#VALUE!" });
  });
});
