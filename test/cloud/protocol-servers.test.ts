import { afterEach, describe, expect, it } from "vitest";
import { AnthropicProtocolServer } from "../support/anthropic-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";

/** The protocol servers themselves, spoken to with plain fetch: wire shapes the SDK tests rely on. */

const json = (body: unknown) => JSON.stringify(body);

describe("OpenAI protocol server", () => {
  let server: OpenAiProtocolServer;
  afterEach(async () => {
    await server.close();
  });

  const post = (body: unknown, key = "k") =>
    fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: json(body),
    });

  it("answers in the chat.completion shape with usage and x-request-id, and logs the request", async () => {
    server = await OpenAiProtocolServer.start({ apiKey: "k" });
    const response = await post({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "r",
          schema: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] },
        },
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o-mini",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: '{"a":0}', refusal: null },
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number),
      },
    });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions", status: 200 });
    expect(server.chatRequests()[0]?.responseFormat?.type).toBe("json_schema");
  });

  it("errors have OpenAI's body and carry retry-after when scripted", async () => {
    server = await OpenAiProtocolServer.start({ apiKey: "k", models: ["m"] });
    const wrongKey = await post({ model: "m", messages: [] }, "sk-wrong-123456");
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toEqual({
      error: {
        message: expect.stringMatching(/^Incorrect API key provided: sk-\*+3456\./),
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
    const unknown = await post({ model: "x", messages: [] });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("model_not_found");
    server.enqueue({ status: 429, retryAfter: 3 });
    const limited = await post({ model: "m", messages: [] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(((await limited.json()) as { error: { type: string } }).error.type).toBe("requests");
  });

  it("latency applies to every answer until a reply sets its own delay", async () => {
    server = await OpenAiProtocolServer.start();
    server.setLatency(120);
    server.enqueue({ content: "slow" }, { content: "fast", delayMs: 0 });
    let started = performance.now();
    await post({ model: "m", messages: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    started = performance.now();
    await post({ model: "m", messages: [] });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("a hanging reply ends when the client leaves, and kill() ends everything", async () => {
    server = await OpenAiProtocolServer.start();
    server.enqueue({ hang: true }, { hang: true });
    const controller = new AbortController();
    const first = post({ model: "m", messages: [] }, "k").then(
      () => null,
      () => null,
    );
    const hung = fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      body: json({ model: "m", messages: [] }),
      signal: controller.signal,
    }).catch(() => null);
    await server.waitFor((entry) => entry.id === 2 && entry.body !== undefined);
    controller.abort();
    await hung;
    await server.waitFor((entry) => entry.clientAborted);
    server.kill();
    await first;
  });
});

describe("Anthropic protocol server", () => {
  let server: AnthropicProtocolServer;
  afterEach(async () => {
    await server.close();
  });

  const post = (
    body: unknown,
    headers: Record<string, string> = { "x-api-key": "k", "anthropic-version": "2023-06-01" },
  ) =>
    fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: json(body),
    });

  it("answers in the message shape with usage and request-id", async () => {
    server = await AnthropicProtocolServer.start({ apiKey: "k" });
    const response = await post({
      model: "claude",
      max_tokens: 10,
      system: "sys",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude",
      content: [{ type: "text", text: "OK" }],
      stop_reason: "end_turn",
      usage: { input_tokens: expect.any(Number), output_tokens: 1 },
    });
    expect(server.messageRequests()[0]).toMatchObject({ system: "sys", maxTokens: 10 });
  });

  it("errors have Anthropic's body and request-id; the version header and max_tokens are required", async () => {
    server = await AnthropicProtocolServer.start({ apiKey: "k" });
    const wrongKey = await post({}, { "x-api-key": "nope", "anthropic-version": "2023-06-01" });
    expect(wrongKey.status).toBe(401);
    const body = (await wrongKey.json()) as Record<string, unknown>;
    expect(body).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "invalid x-api-key" },
      request_id: wrongKey.headers.get("request-id"),
    });
    expect((await post({ model: "m", max_tokens: 1 }, { "x-api-key": "k" })).status).toBe(400);
    const noMax = await post({ model: "m", messages: [] });
    expect(((await noMax.json()) as { error: { message: string } }).error.message).toMatch(/max_tokens/);
    server.enqueue({ status: 529, retryAfterMs: 5 });
    const overloaded = await post({ model: "m", max_tokens: 1, messages: [] });
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get("retry-after-ms")).toBe("5");
    expect(((await overloaded.json()) as { error: { type: string } }).error.type).toBe("overloaded_error");
  });

  it("accepts the key as a bearer token, as SDK 1.x sends it", async () => {
    server = await AnthropicProtocolServer.start({ apiKey: "k" });
    const response = await post(
      { model: "m", max_tokens: 1, messages: [] },
      { authorization: "Bearer k", "anthropic-version": "2026-10-21" },
    );
    expect(response.status).toBe(200);
  });
});
