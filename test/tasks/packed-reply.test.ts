import { beforeEach, describe, expect, it } from "vitest";
import { OllamaClient } from "../../src/llm/ollama-client";
import { isLlmError } from "../../src/llm/errors";
import { classifyTask } from "../../src/tasks/classify";
import { extractTask } from "../../src/tasks/extract";
import { labelConfidences } from "../../src/tasks/label-confidence";
import { ruleCheckTask } from "../../src/tasks/rule-check";
import { OllamaProtocolServer, type ScriptedReply } from "../support/ollama-protocol-server";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";
import { keyedReply, packedItems } from "../support/scripted-models";

const MODEL = "qwen2.5:3b";
const LABELS = ["ok", 'needs "follow-up"', "spam"];
const signal = () => new AbortController().signal;
const chats = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");
const formatBytes = (server: OllamaProtocolServer, index: number) =>
  JSON.stringify((chats(server)[index]!.body as { format: unknown }).format).length;

describe("the compact packed reply", () => {
  const startedServer = useOllamaProtocolServer();
  let server: OllamaProtocolServer;
  let llm: OllamaClient;

  beforeEach(() => {
    server = startedServer();
    llm = new OllamaClient({ baseUrl: server.url, retries: 0 });
  });

  it("sends a schema whose size does not grow with the pack, smaller than a full pack's prompt", async () => {
    // Each item gets the item's own label, at the probability its position says.
    server.onChat((request) => keyedReply(packedItems(request).map((_, i) => LABELS[i % 3]!)));
    const task = classifyTask(llm, MODEL, { labels: LABELS });
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => `ticket number ${i}`);
    await task.run(inputs(2), signal());
    await task.run(inputs(32), signal());
    await task.run(inputs(100), signal());
    // Only the item count's digits differ ("2" vs "100", in minItems and maxItems).
    expect(formatBytes(server, 2) - formatBytes(server, 0)).toBe(4);
    const full = chats(server)[1]!.body as { messages: { content: string }[] };
    const promptBytes = full.messages.map((m) => m.content).join("\n").length;
    expect(formatBytes(server, 1)).toBeLessThan(promptBytes / 4);
  });

  it("reads each label and its confidence from the array, multi-token and quoted labels included", async () => {
    const chosen = ['needs "follow-up"', "ok", "spam", 'needs "follow-up"'];
    const sureness = [0.3, 0.9, 0.6, 1];
    server.onChat(() => keyedReply(chosen, (i) => sureness[i]!));
    const task = classifyTask(llm, MODEL, { labels: LABELS });
    const { results } = await task.run(["a", "b", "c", "d"], signal());
    expect(results.map((r) => r.label)).toEqual(chosen);
    results.forEach((result, i) => expect(result.confidence).toBeCloseTo(sureness[i]!, 6));
    expect(chats(server)[0]!.body).toMatchObject({ logprobs: true });
  });

  it("refuses a reply with too few answers as bad output (the engine halves such a pack)", async () => {
    server.enqueue({ content: '{"answers":["ok"]}' });
    const task = classifyTask(llm, MODEL, { labels: LABELS });
    const failure = await task.run(["a", "b"], signal()).catch((error: unknown) => error);
    expect(isLlmError(failure, "bad-output")).toBe(true);
    expect(chats(server)).toHaveLength(1); // no retry inside the task: the engine splits instead
  });

  it("packs extract and validate the same way", async () => {
    const reply = (values: unknown[]): ScriptedReply => keyedReply(values);
    server.enqueue(
      reply(["INV-7", ""]),
      reply([
        { valid: true, reason: "has @" },
        { valid: false, reason: "no @" },
      ]),
    );
    const extracted = await extractTask(llm, MODEL, "invoice number").run(["see INV-7", "none"], signal());
    expect(extracted.results).toEqual(["INV-7", ""]);
    const checked = await ruleCheckTask(llm, MODEL, "is an email").run(["a@b.c", "nope"], signal());
    expect(checked.results).toEqual([
      { valid: true, reason: "has @" },
      { valid: false, reason: "no @" },
    ]);
    for (const chat of chats(server)) {
      expect((chat.body as { format: { properties: object } }).format.properties).toHaveProperty("answers");
    }
  });
});

describe("labelConfidences", () => {
  const token = (text: string, logprob = 0) => ({ token: text, logprob });

  it("is unknown when the tokens do not spell the reply or the array is missing", () => {
    expect(labelConfidences('{"answers":["ok"]}', [token('{"answers":["okay"]}')], 1)).toEqual([null]);
    expect(labelConfidences('{"other":["ok"]}', [token('{"other":["ok"]}')], 1)).toEqual([null]);
    expect(labelConfidences('{"answers":["ok"]}', [], 1)).toEqual([null]);
  });

  it("leaves the separators out and an answer past the array's end unknown", () => {
    const tokens = [
      token('{"answers":["'),
      token("ok", Math.log(0.5)),
      token('","', -5),
      token("no"),
      token('"]}'),
    ];
    const raw = tokens.map((t) => t.token).join("");
    const confidences = labelConfidences(raw, tokens, 3);
    expect(confidences[0]).toBeCloseTo(0.5, 6);
    expect(confidences[1]).toBe(1);
    expect(confidences[2]).toBeNull();
  });
});
