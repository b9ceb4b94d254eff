import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { CloudError } from "../../src/cloud/cloud-errors";
import { createCloudProvider, CloudProviderConfigSchema } from "../../src/cloud/cloud-provider-config";
import type { ChatMessage } from "../../src/cloud/cloud-provider";
import {
  azureV1BaseUrl,
  OpenAiCompatibleProvider,
  responseFormatFor,
} from "../../src/cloud/openai-compatible-provider";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { everythingVisible } from "./support/provider-harness";

const KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345";
const Answer = z.object({ answer: z.string() });
const messages: ChatMessage[] = [
  { role: "system", content: "Answer briefly." },
  { role: "user", content: "What is 2+2?" },
];

async function rejection(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  return error as CloudError;
}

describe("OpenAI-compatible provider through the openai SDK", () => {
  let server: OpenAiProtocolServer;

  beforeAll(async () => {
    server = await OpenAiProtocolServer.start({ apiKey: KEY, modelSuffix: "-2024-07-18" });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const openai = (model = "gpt-4o-mini") =>
    new OpenAiCompatibleProvider({ apiKey: KEY, model, baseUrl: server.baseUrl, timeoutMs: 5_000 });

  it("asks for json_schema output (strict) and returns the value, usage, answering model and request id", async () => {
    server.enqueue({ value: { answer: "4" }, usage: { promptTokens: 21, completionTokens: 5 } });
    const result = await openai().chatStructured(Answer, messages);
    expect(result.value).toEqual({ answer: "4" });
    expect(result.usage).toEqual({ inputTokens: 21, outputTokens: 5 });
    expect(result.model).toBe("gpt-4o-mini-2024-07-18");

    const [entry] = server.requests;
    expect(entry?.path).toBe("/v1/chat/completions");
    expect(entry?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result.requestId).toMatch(/^req_/);
    const body = entry?.body as Record<string, unknown>;
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.messages).toEqual(messages);
    expect(body.max_completion_tokens).toBe(4096);
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "result",
        strict: true,
        schema: {
          type: "object",
          properties: { answer: { type: "string" } },
          required: ["answer"],
          additionalProperties: false,
        },
      },
    });
  });

  it("an unscripted reply honours response_format (schema-valid instance)", async () => {
    const Shape = z.object({ label: z.enum(["spam", "ham"]), score: z.number() });
    const result = await openai().chatStructured(Shape, messages);
    expect(Shape.safeParse(result.value).success).toBe(true);
  });

  it("falls back to non-strict json_schema when the schema has optional fields", () => {
    const format = responseFormatFor(z.object({ answer: z.string(), note: z.string().optional() }));
    expect(format.json_schema.strict).toBe(false);
    expect(format.json_schema.schema).toMatchObject({ required: ["answer"] });
  });

  it("text chat returns the content and usage", async () => {
    server.enqueue({ content: "Four." });
    const result = await openai().chatText(messages);
    expect(result.text).toBe("Four.");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect((server.requests[0]?.body as Record<string, unknown>).response_format).toBeUndefined();
  });

  it("a refusal, a content filter and a cut-off answer are reported as such", async () => {
    server.enqueue({ refusal: "I can't help with that." }, { finishReason: "content_filter", content: "" });
    server.enqueue({ finishReason: "length", content: '{"answer":"4' });
    expect((await rejection(openai().chatStructured(Answer, messages))).cloudKind).toBe("refused");
    expect((await rejection(openai().chatStructured(Answer, messages))).message).toMatch(/content filter/);
    const cut = await rejection(openai().chatStructured(Answer, messages));
    expect(cut.cloudKind).toBe("bad-output");
    expect(cut.message).toMatch(/output limit of 4096 tokens/);
  });

  it("a schema without an object root is refused before anything is sent", async () => {
    const error = await rejection(openai().chatStructured(z.string(), messages));
    expect(error.cloudKind).toBe("bad-request");
    expect(server.requests).toHaveLength(0);
  });

  it("Azure OpenAI: the v1 endpoint under the resource, the deployment as model", async () => {
    expect(azureV1BaseUrl("https://res.openai.azure.com/")).toBe("https://res.openai.azure.com/openai/v1/");
    const azure = new OpenAiCompatibleProvider({
      flavor: "azure-openai",
      apiKey: KEY,
      model: "my-deployment",
      azureEndpoint: server.url,
    });
    expect(azure.label).toBe("Azure OpenAI");
    server.enqueue({ value: { answer: "4" } });
    await azure.chatStructured(Answer, messages);
    expect(server.requests[0]?.path).toBe("/openai/v1/chat/completions");
    expect((server.requests[0]?.body as Record<string, unknown>).model).toBe("my-deployment");
  });

  it("Azure OpenAI: a missing deployment says deployment, not model", async () => {
    const strict = await OpenAiProtocolServer.start({ apiKey: KEY, models: ["other"] });
    try {
      const azure = new OpenAiCompatibleProvider({
        flavor: "azure-openai",
        apiKey: KEY,
        model: "gone",
        azureEndpoint: strict.url,
      });
      const error = await rejection(azure.chatText(messages));
      expect(error.message).toMatch(/no deployment "gone"/);
      expect(error.message).toMatch(/Azure portal/);
    } finally {
      await strict.close();
    }
  });

  it("any compatible server by base URL, with max_tokens (which such servers know)", async () => {
    const compatible = new OpenAiCompatibleProvider({
      flavor: "openai-compatible",
      apiKey: KEY,
      model: "local-llama",
      baseUrl: server.baseUrl,
    });
    expect(compatible.label).toBe(`the OpenAI-compatible server at ${server.url}`);
    await compatible.chatText(messages);
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body.max_tokens).toBe(4096);
    expect(body.max_completion_tokens).toBeUndefined();
  });

  it("the provider object never exposes the key", () => {
    const provider = openai();
    expect(everythingVisible(provider)).not.toContain(KEY);
    expect(JSON.stringify(provider)).not.toContain(KEY);
  });

  it("createCloudProvider builds each kind from settings and refuses a missing key or endpoint", async () => {
    const config = CloudProviderConfigSchema.parse({
      kind: "openai-compatible",
      baseUrl: server.baseUrl,
      model: "m",
    });
    const provider = createCloudProvider(config, KEY);
    expect(provider.name).toBe("openai-compatible");
    expect((await provider.chatText(messages)).text).toBe("OK");
    expect(
      createCloudProvider(CloudProviderConfigSchema.parse({ kind: "anthropic", model: "c" }), KEY).name,
    ).toBe("anthropic");
    expect(() => createCloudProvider(config, " ")).toThrow(/No cloud API key is set/);
    expect(() => createCloudProvider(CloudProviderConfigSchema.parse({ kind: "azure-openai" }), KEY)).toThrow(
      /resource endpoint/,
    );
    expect(() =>
      createCloudProvider(CloudProviderConfigSchema.parse({ kind: "openai-compatible" }), KEY),
    ).toThrow(/base URL/);
  });
});
