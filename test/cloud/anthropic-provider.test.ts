import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AnthropicProvider } from "../../src/cloud/anthropic-provider";
import { CloudError } from "../../src/cloud/cloud-errors";
import type { ChatMessage } from "../../src/cloud/cloud-provider";
import { AnthropicProtocolServer } from "../support/anthropic-protocol-server";
import { everythingVisible } from "./support/provider-harness";

const KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123";
const Answer = z.object({ answer: z.string().min(1), note: z.string().optional() });
const messages: ChatMessage[] = [
  { role: "system", content: "Answer briefly." },
  { role: "user", content: "What is 2+2?" },
  { role: "assistant", content: "Let me think." },
  { role: "user", content: "Just the number." },
];

async function rejection(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  return error as CloudError;
}

describe("Anthropic provider through @anthropic-ai/sdk", () => {
  let server: AnthropicProtocolServer;

  beforeAll(async () => {
    server = await AnthropicProtocolServer.start({ apiKey: KEY });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const anthropic = (maxOutputTokens?: number) =>
    new AnthropicProvider({ apiKey: KEY, model: "claude-haiku-4-5", baseUrl: server.url, maxOutputTokens });

  it("asks for output_config json_schema, sends the system prompt apart, and reads usage and request id", async () => {
    server.enqueue({
      value: { answer: "4" },
      model: "claude-haiku-4-5-20251001",
      usage: { inputTokens: 30, outputTokens: 6, cacheReadTokens: 10, cacheWriteTokens: 2 },
    });
    const result = await anthropic().chatStructured(Answer, messages);
    expect(result.value).toEqual({ answer: "4" });
    // Cache reads and writes are input tokens too.
    expect(result.usage).toEqual({ inputTokens: 42, outputTokens: 6 });
    expect(result.model).toBe("claude-haiku-4-5-20251001");
    expect(result.requestId).toMatch(/^req_/);

    const [entry] = server.requests;
    expect(entry?.headers["anthropic-version"]).toBeTruthy();
    const body = entry?.body as Record<string, unknown>;
    expect(body.system).toBe("Answer briefly.");
    expect(body.messages).toEqual(messages.slice(1));
    expect(body.max_tokens).toBe(4096);
    const format = (body.output_config as { format: { type: string; schema: Record<string, unknown> } })
      .format;
    expect(format.type).toBe("json_schema");
    expect(format.schema).toMatchObject({
      type: "object",
      required: ["answer"],
      additionalProperties: false,
      properties: { answer: { type: "string" }, note: { type: "string" } },
    });
  });

  it("an unscripted reply honours the output schema", async () => {
    const Shape = z.object({ label: z.enum(["spam", "ham"]), score: z.number() });
    const result = await anthropic().chatStructured(Shape, messages);
    expect(Shape.safeParse(result.value).success).toBe(true);
  });

  it("zod still checks what the API cannot enforce (min length)", async () => {
    server.enqueue({ value: { answer: "" } });
    const error = await rejection(anthropic().chatStructured(Answer, messages));
    expect(error.cloudKind).toBe("bad-output");
  });

  it("text chat", async () => {
    server.enqueue({ content: "4" });
    const result = await anthropic().chatText(messages);
    expect(result.text).toBe("4");
    expect((server.requests[0]?.body as Record<string, unknown>).output_config).toBeUndefined();
  });

  it("a refusal and a cut-off answer are reported as such", async () => {
    server.enqueue({ stopReason: "refusal" }, { stopReason: "max_tokens", content: '{"answer":"' });
    expect((await rejection(anthropic().chatStructured(Answer, messages))).cloudKind).toBe("refused");
    const cut = await rejection(anthropic(256).chatStructured(Answer, messages));
    expect(cut.cloudKind).toBe("bad-output");
    expect(cut.message).toMatch(/output limit of 256 tokens/);
  });

  it("the provider object never exposes the key", () => {
    const provider = anthropic();
    expect(everythingVisible(provider)).not.toContain(KEY);
    expect(JSON.stringify(provider)).not.toContain(KEY);
  });
});
