import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ask } from "../../functions/functions";
import { configureAddinRuntime, updateSettings } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import { VALUE_PREVIEW_TEXT } from "../../src/host/excel/custom-function-call";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { closedPortUrl } from "../support/network";

/** A cancelable invocation as Excel passes it; `cancel()` does what editing the cell does. */
function invocation(extra: Partial<CustomFunctions.CancelableInvocation> = {}) {
  const inv: CustomFunctions.CancelableInvocation & { cancel(): void } = {
    functionName: "ASK",
    ...extra,
    cancel() {
      inv.onCanceled?.();
    },
  } as CustomFunctions.CancelableInvocation & { cancel(): void };
  return inv;
}

interface CellErrorLike {
  code: string;
  message: string;
}

async function cellError(promise: Promise<unknown>): Promise<CellErrorLike> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CustomFunctions.Error);
  return error as CellErrorLike;
}

describe("=SLM.ASK through the functions module", () => {
  let server: OllamaProtocolServer;

  beforeAll(async () => {
    server = await OllamaProtocolServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url });
  });

  it("answers with the model's text", async () => {
    server.enqueue({ content: '{"answer":"  Sales grew 12% in Q2. "}' });
    await expect(ask("How did sales do?", undefined, invocation())).resolves.toBe("Sales grew 12% in Q2.");
  });

  it("sends the context range as a compact table with its real column letters", async () => {
    server.enqueue({ content: '{"answer":"West"}' });
    const context = [
      ["Region", "Revenue", ""],
      ["East", 100, ""],
      ["West", 250, ""],
    ];
    const answer = await ask(
      "Which region earned most?",
      context,
      invocation({ parameterAddresses: ["", "Sheet1!D1:F3"] }),
    );
    expect(answer).toBe("West");
    const body = server.requests.at(-1)?.body as { messages: { content: string }[] };
    const userMessage = body.messages.at(-1)?.content ?? "";
    expect(userMessage).toContain("Region");
    expect(userMessage).toContain("West");
    expect(userMessage).toContain("250");
    expect(userMessage).toMatch(/\bD\b.*\bE\b/);
    expect(userMessage).toContain("Which region earned most?");
  });

  it("uses the model chosen in settings", async () => {
    await updateSettings({ model: "llama3.2:3b" });
    await cellError(ask("hi", undefined, invocation()));
    expect((server.requests.at(-1)?.body as { model: string }).model).toBe("llama3.2:3b");
  });

  it("returns a placeholder during formula value preview without calling the model", async () => {
    await expect(ask("Summarise", undefined, invocation({ isInValuePreview: true as never }))).resolves.toBe(
      VALUE_PREVIEW_TEXT,
    );
    expect(server.requests.filter((r) => r.path === "/api/chat")).toHaveLength(0);
  });

  it("shows #N/A with how to start Ollama when it is not reachable", async () => {
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: await closedPortUrl() });
    const error = await cellError(ask("hi", undefined, invocation()));
    expect(error.code).toBe("#N/A");
    expect(error.message).toMatch(/not reachable.*ollama serve/);
  });

  it("shows #N/A naming `ollama pull` when the model is missing", async () => {
    await updateSettings({ model: "mistral:7b" });
    const error = await cellError(ask("hi", undefined, invocation()));
    expect(error.code).toBe("#N/A");
    expect(error.message).toContain("ollama pull mistral:7b");
  });

  it("shows #N/A when Ollama stays busy", async () => {
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url });
    const busy = { status: 503, error: "server busy" };
    for (let i = 0; i < 6; i++) server.enqueue(busy);
    const error = await cellError(ask("hi", undefined, invocation()));
    expect(error.code).toBe("#N/A");
    expect(error.message).toMatch(/busy/);
  }, 30_000);

  it("shows #VALUE! for an empty prompt, without calling the model", async () => {
    const error = await cellError(ask("   ", undefined, invocation()));
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toMatch(/prompt is empty/);
    expect(server.requests).toHaveLength(0);
  });

  it("shows #VALUE! when the model's answers do not fit the expected structure", async () => {
    server.enqueue({ content: "I think" }, { content: "{}" });
    const error = await cellError(ask("hi", undefined, invocation()));
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toMatch(/did not match the expected structure/);
  });

  it("shows #N/A with the server's words when an error line arrives mid-answer", async () => {
    server.enqueue({ status: 500, error: "llama runner process has terminated" });
    const error = await cellError(ask("hi", undefined, invocation()));
    expect(error.code).toBe("#N/A");
    expect(error.message).toContain("llama runner process has terminated");
  });

  it("cancelling the cell aborts the HTTP request and settles the call", async () => {
    server.enqueue({ hang: true });
    const inv = invocation();
    const pending = ask("a long question", undefined, inv);
    await server.waitFor((request) => request.path === "/api/chat", 5000);
    inv.cancel();
    const error = await cellError(pending);
    expect(error.code).toBe("#N/A");
    const aborted = await server.waitForClientAbort(5000);
    expect(aborted.path).toBe("/api/chat");
  });
});
