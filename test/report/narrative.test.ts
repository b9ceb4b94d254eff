import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLlmError } from "../../src/llm/errors";
import { OllamaClient } from "../../src/llm/ollama-client";
import { factsOnlyNarrative, writeNarrative } from "../../src/report/narrative";
import { checkNumbers } from "../../src/report/number-check";
import type { ReportFact } from "../../src/report/report-types";
import { closedPortUrl } from "../support/network";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

const FACTS: ReportFact[] = [
  { topic: "table", text: 'Data!A1:C10 ("Data") has 9 data rows and 3 columns.', numbers: [9, 3] },
  { topic: "findings", text: "The data checks found no issues.", numbers: [0] },
  {
    topic: "measure",
    text: '"Revenue" (number): 9 values, 9 distinct; from 640 to 2,105, mean 1,347.22, median 1,320, total 12,125.',
    numbers: [9, 9, 0, 640, 2105, 12125 / 9, 1320, 12125],
  },
];

const reply = (summary: string, highlights: string[] = []) => ({
  content: JSON.stringify({ summary, highlights }),
});
const GOOD = reply("Revenue over 9 rows totals 12,125, from 640 to 2,105.", ["The median is 1,320."]);
const INVENTED = reply("Revenue totals 12,125 and grew 40% in March.", ["The median is 1,320."]);

describe("the narrative: the model retells the facts, and its numbers are checked", () => {
  let ollama: OllamaProtocolServer;
  let llm: OllamaClient;
  const chats = () => ollama.requests.filter((r) => r.path === "/api/chat");

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    llm = new OllamaClient({ baseUrl: ollama.url, retries: 0 });
  });
  afterAll(() => ollama.close());
  beforeEach(() => ollama.reset());

  it("keeps a text whose every number is a fact, and sends the model the facts only", async () => {
    ollama.enqueue(GOOD);
    const narrative = await writeNarrative(FACTS, "Data!A1:C10", { llm, model: "qwen2.5:3b" });
    expect(narrative).toMatchObject({ source: "model", attempts: 1, rejectedNumbers: [], note: null });
    expect(narrative.summary).toBe("Revenue over 9 rows totals 12,125, from 640 to 2,105.");
    const sent = chats()[0]?.body as { messages: { role: string; content: string }[]; format: unknown };
    expect(sent.messages[1]?.content).toContain("3. " + FACTS[2]!.text);
    expect(sent.format).toMatchObject({ properties: { summary: {}, highlights: {} } });
  });

  it("asks once more, naming the invented number, and keeps the corrected text", async () => {
    ollama.enqueue(INVENTED, GOOD);
    const narrative = await writeNarrative(FACTS, "Data!A1:C10", { llm, model: "qwen2.5:3b" });
    expect(narrative).toMatchObject({ source: "model", attempts: 2 });
    const retry = chats()[1]?.body as { messages: { role: string; content: string }[] };
    expect(retry.messages.at(-1)?.content).toMatch(/not in the facts: 40%/);
    expect(retry.messages.at(-2)?.role).toBe("assistant");
  });

  it("replaces a text that invents a number twice with the facts-only summary", async () => {
    ollama.enqueue(INVENTED, INVENTED);
    const narrative = await writeNarrative(FACTS, "Data!A1:C10", { llm, model: "qwen2.5:3b" });
    expect(narrative).toMatchObject({ source: "facts-only", attempts: 2, rejectedNumbers: ["40%"] });
    expect(narrative.note).toMatch(/stated 40%, which the computed facts do not support/);
    expect(narrative.summary).not.toContain("40%");
    expect(narrative.summary).toBe(factsOnlyNarrative(FACTS, "").summary);
    expect(chats()).toHaveLength(2);
  });

  it("treats an empty summary as a failure too", async () => {
    ollama.enqueue(reply(""), reply(""));
    const narrative = await writeNarrative(FACTS, "Data!A1:C10", { llm, model: "qwen2.5:3b" });
    expect(narrative).toMatchObject({ source: "facts-only", rejectedNumbers: [] });
    expect(narrative.note).toMatch(/no summary/);
  });

  it("lets a service failure through, for the surface to report", async () => {
    const down = new OllamaClient({ baseUrl: await closedPortUrl(), retries: 0 });
    const failure = await writeNarrative(FACTS, "Data", { llm: down, model: "qwen2.5:3b" }).catch((e) => e);
    expect(isLlmError(failure, "unreachable")).toBe(true);
  });

  it("writes a facts-only summary that passes its own check", () => {
    const narrative = factsOnlyNarrative(FACTS, "no model");
    expect(narrative.summary).toContain("9 data rows");
    expect(narrative.highlights).toEqual([FACTS[2]!.text]);
    expect(checkNumbers([narrative.summary, ...narrative.highlights], FACTS)).toEqual([]);
  });
});
