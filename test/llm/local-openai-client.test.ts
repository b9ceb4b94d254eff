import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { LlmError } from "../../src/llm/errors";
import { LocalOpenAiClient } from "../../src/llm/local-openai-client";
import { classifyTask } from "../../src/tasks/classify";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { closedPortUrl } from "../support/network";

const Answer = z.object({ answer: z.string() });
const messages = [{ role: "user", content: "What is 2+2?" }];

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe("LocalOpenAiClient against an OpenAI-protocol server on 127.0.0.1", () => {
  let server: OpenAiProtocolServer;
  let client: LocalOpenAiClient;

  beforeAll(async () => {
    server = await OpenAiProtocolServer.start({ models: ["qwen2.5-3b-instruct", "llama-3.2-3b"] });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    client = new LocalOpenAiClient({ baseUrl: server.baseUrl, retries: 0 });
  });

  it("sends the schema as response_format json_schema and reads the structured answer", async () => {
    server.enqueue({ value: { answer: "4" } });
    const result = await client.chatStructured({ model: "qwen2.5-3b-instruct", schema: Answer, messages });
    expect(result.value).toEqual({ answer: "4" });
    const [sent] = server.chatRequests();
    expect(sent!.responseFormat?.type).toBe("json_schema");
    expect(sent!.responseFormat?.json_schema?.schema).toMatchObject({
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
    });
    expect(sent!.body.temperature).toBe(0);
    expect(result.stats.promptTokens).toBeGreaterThan(0);
  });

  it("lists the models the server serves from /v1/models", async () => {
    expect(await client.modelNames()).toEqual(["qwen2.5-3b-instruct", "llama-3.2-3b"]);
  });

  it("turns returned logprobs into classify confidence", async () => {
    const task = classifyTask(client, "qwen2.5-3b-instruct", { labels: ["spam", "ham"] });
    server.enqueue({ value: { answers: ["spam", "ham"] }, tokenLogprob: Math.log(0.9) });
    const { results } = await task.run(["win money now", "lunch at noon?"], new AbortController().signal);
    expect(results.map((r) => r.label)).toEqual(["spam", "ham"]);
    for (const result of results) {
      expect(result.confidence).not.toBeNull();
      expect(result.confidence!).toBeGreaterThan(0);
      expect(result.confidence!).toBeLessThan(0.9);
    }
    expect(server.chatRequests()[0]!.body).toMatchObject({ logprobs: true, top_logprobs: 5 });
  });

  it("gives unknown confidence (not an error) when the server returns no logprobs", async () => {
    const task = classifyTask(client, "qwen2.5-3b-instruct", { labels: ["spam", "ham"] });
    server.enqueue({ value: { answers: ["ham"] } });
    const { results } = await task.run(["hello"], new AbortController().signal);
    expect(results).toEqual([{ label: "ham", confidence: null }]);
  });

  it("retries without logprobs when the server refuses them, and stops asking", async () => {
    server.enqueue({ status: 400, message: "logprobs is not supported" }, { value: { answer: "4" } });
    const result = await client.chatStructured({
      model: "qwen2.5-3b-instruct",
      schema: Answer,
      messages,
      logprobs: true,
    });
    expect(result.value.answer).toBe("4");
    const [first, second] = server.chatRequests();
    expect(first!.body.logprobs).toBe(true);
    expect(second!.body.logprobs).toBeUndefined();
  });

  it("names the model a server does not serve", async () => {
    const error = await failure(client.chatStructured({ model: "gpt-oss", schema: Answer, messages }));
    expect(error.kind).toBe("model-not-found");
    expect(error.message).toContain("/v1/models");
  });

  it("says where nothing answered and how to fix it", async () => {
    const down = new LocalOpenAiClient({ baseUrl: `${await closedPortUrl()}/v1`, retries: 0 });
    const error = await failure(down.chatStructured({ model: "m", schema: Answer, messages }));
    expect(error.kind).toBe("unreachable");
    expect(error.message).toMatch(/Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(error.message).toContain("--local-openai");
  });
});

describe("a server that ignores response_format", () => {
  let server: OpenAiProtocolServer;
  beforeAll(async () => {
    server = await OpenAiProtocolServer.start({ ignoresResponseFormat: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it("is named as the cause, once, instead of an off-schema model answer", async () => {
    const client = new LocalOpenAiClient({ baseUrl: server.baseUrl, retries: 0 });
    const error = await failure(client.chatStructured({ model: "qwen2.5:3b", schema: Answer, messages }));
    expect(error.kind).toBe("bad-request");
    expect(error.message).toContain("ignored the JSON schema sent as response_format");
    expect(error.message).toContain(server.baseUrl);
    // Not retried: the same server would ignore the schema again.
    expect(server.chatRequests()).toHaveLength(1);
  });
});
