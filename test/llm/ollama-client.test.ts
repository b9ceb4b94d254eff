import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { OllamaClient } from "../../src/llm/ollama-client";
import { LlmError } from "../../src/llm/errors";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { closedPortUrl } from "../support/network";
import {
  HTML_APP_PAGE,
  HTML_NOT_FOUND,
  ImpostorServer,
  PLAIN_TEXT_OK,
} from "../support/ollama-protocol-impostor";

const Answer = z.object({ answer: z.string() });

describe("OllamaClient against an Ollama-protocol server", () => {
  let server: OllamaProtocolServer;
  let client: OllamaClient;

  beforeAll(async () => {
    server = await OllamaProtocolServer.start({ pullable: ["llama3.2:3b"] });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.setLatency({ perRequestMs: 0, perPromptTokenMs: 0, perOutputTokenMs: 0 });
    client = new OllamaClient({ baseUrl: server.url, retryBaseDelayMs: 5 });
  });

  const messages = [{ role: "user", content: "What is 2+2?" }];

  async function expectLlmError(promise: Promise<unknown>): Promise<LlmError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlmError);
    return error as LlmError;
  }

  it("sends the schema as format with deterministic options and returns the validated value", async () => {
    server.enqueue({ content: '{"answer":"4"}' });
    const result = await client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer });
    expect(result.value).toEqual({ answer: "4" });
    expect(result.stats.promptTokens).toBeGreaterThan(0);
    const body = server.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.format).toMatchObject({ type: "object", properties: { answer: { type: "string" } } });
    expect(body.think).toBe(false);
    expect(body.stream).toBe(false);
    expect(body.options).toMatchObject({ temperature: 0, seed: 42, num_ctx: 8192 });
  });

  it("retries an off-schema reply once, then reports it as bad output", async () => {
    server.enqueue({ content: "sure! the answer is 4" }, { content: '{"answer":"4"}' });
    const recovered = await client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer });
    expect(recovered.value.answer).toBe("4");
    expect(recovered.attempts).toBe(2);

    server.enqueue({ content: '{"wrong":1}' }, { content: "not json" });
    const error = await expectLlmError(
      client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("bad-output");
    expect(error.message).toMatch(/did not match the expected structure/);
  });

  it("names `ollama pull` when the model is not installed", async () => {
    const error = await expectLlmError(
      client.chatStructured({ model: "llama9:1b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("model-not-found");
    expect(error.message).toContain("ollama pull llama9:1b");
  });

  it("says how to start Ollama when nothing listens", async () => {
    const offline = new OllamaClient({ baseUrl: await closedPortUrl() });
    const error = await expectLlmError(
      offline.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("unreachable");
    expect(error.message).toMatch(/not reachable at http:\/\/127\.0\.0\.1:\d+.*ollama serve/);
  });

  it("says the connection dropped mid-answer (not 'not reachable') when a stream is cut off, after retrying", async () => {
    const drop = { dropConnection: true as const, contentBefore: "Four, because two" };
    server.enqueue(drop, drop, drop);
    const patient = new OllamaClient({ baseUrl: server.url, retries: 2, retryBaseDelayMs: 5 });
    const seen: string[] = [];
    const error = await expectLlmError(
      patient.chatText({ model: "qwen2.5:3b", messages, onText: (text) => seen.push(text) }),
    );
    expect(seen).toContain("Four, because two");
    expect(error.kind).toBe("stream-error");
    expect(error.message).toMatch(
      /^The connection dropped while Ollama was answering \("qwen2\.5:3b" at http:\/\/127\.0\.0\.1:\d+\)/,
    );
    expect(error.message).toMatch(/3 tries/);
    expect(error.message).toMatch(/ollama ps/);
    expect(error.message).not.toMatch(/not reachable/);
    expect(server.requests.filter((r) => r.path === "/api/chat")).toHaveLength(3);
  });

  it("retries a non-streaming answer cut off mid-body, and succeeds when the next try completes", async () => {
    server.enqueue({ dropConnection: true, contentBefore: '{"answer":"4"}' }, { content: '{"answer":"4"}' });
    const result = await client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer });
    expect(result.value.answer).toBe("4");

    server.enqueue(...Array.from({ length: 5 }, () => ({ dropConnection: true as const })));
    const error = await expectLlmError(
      client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("stream-error");
    expect(error.message).toMatch(/^The connection dropped while Ollama was answering/);
  });

  it("says Ollama stopped part-way when an answer is cut off and then nothing listens", async () => {
    const dying = await OllamaProtocolServer.start();
    dying.onChat(() => {
      // Ollama crashing mid-answer: this answer is cut, and the port is closed for the retry.
      setTimeout(() => dying.kill(), 0);
      return { dropConnection: true, contentBefore: "Fo" };
    });
    const patient = new OllamaClient({ baseUrl: dying.url, retries: 2, retryBaseDelayMs: 20 });
    try {
      const error = await expectLlmError(patient.chatText({ model: "qwen2.5:3b", messages }));
      expect(error.kind).toBe("unreachable");
      expect(error.message).toMatch(
        /^The connection dropped while Ollama was answering, and on retrying nothing answers/,
      );
      expect(error.message).toMatch(/ollama serve/);
    } finally {
      await dying.close();
    }
  });

  it("names the address and says it is not Ollama when an HTML page or plain text answers", async () => {
    const impostor = await ImpostorServer.start(HTML_NOT_FOUND);
    try {
      const foreign = new OllamaClient({ baseUrl: impostor.url, retryBaseDelayMs: 5 });
      const notFound = await expectLlmError(
        foreign.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
      );
      expect(notFound.kind).toBe("http");
      expect(notFound.message).toContain(`The server at ${impostor.url} is not Ollama`);
      expect(notFound.message).toContain('/api/chat with an HTML page titled "404 Not Found" (HTTP 404)');
      expect(notFound.message).toMatch(/OLLAMA_HOST, CLI --ollama\) and check the port/);
      expect(notFound.message).not.toMatch(/ollama pull|<html|<center/);

      impostor.answerWith(HTML_APP_PAGE);
      const page = await expectLlmError(foreign.chatText({ model: "qwen2.5:3b", messages }));
      expect(page.message).toMatch(
        /is not Ollama: it answered \/api\/chat with an HTML page titled "My Dashboard" \(HTTP 200\)/,
      );

      impostor.answerWith(PLAIN_TEXT_OK);
      const text = await expectLlmError(foreign.listModels());
      expect(text.message).toMatch(
        /answered \/api\/tags with text\/plain text "Hello from the print server" \(HTTP 200\)/,
      );
      // Not retried: another program will not turn into Ollama on the next try.
      expect(impostor.requests.filter((r) => r === "POST /api/chat")).toHaveLength(2);
    } finally {
      await impostor.close();
    }
  });

  it("retries a busy (503) server with backoff and succeeds", async () => {
    const busy = { status: 503, error: "server busy, please try again.  maximum pending requests exceeded" };
    server.enqueue(busy, busy, { content: '{"answer":"ok"}' });
    const result = await client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer });
    expect(result.value.answer).toBe("ok");
    expect(server.requests.filter((r) => r.path === "/api/chat")).toHaveLength(3);
  });

  it("gives up on a server that stays busy with a message about the queue", async () => {
    const busy = { status: 503, error: "server busy" };
    server.enqueue(busy, busy, busy, busy, busy, busy);
    const error = await expectLlmError(
      client.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("busy");
    expect(error.message).toMatch(/OLLAMA_MAX_QUEUE/);
  });

  it("reports an error line that arrives mid-stream", async () => {
    server.enqueue({ midStreamError: "model runner has unexpectedly stopped", contentBefore: "Hello wor" });
    const error = await expectLlmError(client.chatText({ model: "qwen2.5:3b", messages }));
    expect(error.kind).toBe("stream-error");
    expect(error.message).toContain("model runner has unexpectedly stopped");
  });

  it("streams text and reads the final chunk's statistics", async () => {
    server.enqueue({ content: "Four, because two plus two is four." });
    const seen: string[] = [];
    const result = await client.chatText({
      model: "qwen2.5:3b",
      messages,
      onText: (text) => seen.push(text),
    });
    expect(result.text).toBe("Four, because two plus two is four.");
    expect(seen.length).toBeGreaterThan(1);
    expect(result.stats.outputTokens).toBeGreaterThan(0);
  });

  it("cancels: the caller's abort closes the HTTP request, and Ollama sees it", async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = client.chatStructured({
      model: "qwen2.5:3b",
      messages,
      schema: Answer,
      signal: controller.signal,
    });
    await server.waitFor((request) => request.path === "/api/chat", 5000);
    controller.abort();
    const error = await expectLlmError(pending);
    expect(error.kind).toBe("cancelled");
    const aborted = await server.waitForClientAbort(5000);
    expect(aborted.path).toBe("/api/chat");
  });

  it("times out a request that takes too long", async () => {
    server.enqueue({ hang: true });
    const impatient = new OllamaClient({ baseUrl: server.url, timeoutMs: 200 });
    const error = await expectLlmError(
      impatient.chatStructured({ model: "qwen2.5:3b", messages, schema: Answer }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/did not finish within/);
  });

  it("lists models, reads the version and a model's context length", async () => {
    expect(await client.version()).toMatch(/^\d+\.\d+/);
    const models = await client.listModels();
    expect(models.map((m) => m.name)).toContain("qwen2.5:3b");
    expect(await client.contextLength("qwen2.5:3b")).toBe(32768);
    const error = await expectLlmError(client.contextLength("nope:1b"));
    expect(error.kind).toBe("model-not-found");
  });

  it("pulls a model with progress, and explains an unknown name", async () => {
    const progress: string[] = [];
    await client.pull("llama3.2:3b", (p) => progress.push(p.status));
    expect(progress[0]).toBe("pulling manifest");
    expect(progress.at(-1)).toBe("success");
    expect((await client.listModels()).map((m) => m.name)).toContain("llama3.2:3b");
    const error = await expectLlmError(client.pull("not-a-model:7b", () => {}));
    expect(error.kind).toBe("model-not-found");
  });
});
