import { describe, expect, it } from "vitest";
import { tableFromRange } from "../../src/analysis/table";
import { trimHistory, type RememberedTurn } from "../../src/ask-data/conversation-memory";
import { OllamaClient } from "../../src/llm/ollama-client";
import type { CloudGate } from "../../src/routing/cloud-gate";
import type { RouteDecision, RouteRequest } from "../../src/routing/route-decision";
import { DataConversation } from "../../src/tasks/ask-conversation";
import { askAboutRange } from "../../src/tasks/ask-table";
import type { CellGrid } from "../../src/sheet/cells";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";

/** The conversation and =SLM.ASK's plan path in process, against the Ollama protocol server. */
const GRID: CellGrid = [
  ["Region", "Revenue"],
  ["East", 100],
  ["West", 250],
  ["East", 50],
  ["North", "#N/A"],
];
const table = () => tableFromRange("Data!A1:B5", GRID);
const byRegion = { kind: "aggregate", function: "sum", column: "Revenue", filters: [], groupBy: ["Region"] };
const reply = (value: object) => ({ content: JSON.stringify(value) });
const userText = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.map((m) => m.content).join("\n");

describe("DataConversation", () => {
  const server = useOllamaProtocolServer();
  const llm = () => new OllamaClient({ baseUrl: server().url });

  it("remembers earlier questions, plans and results, and forgets them on clear", async () => {
    server().enqueue(reply(byRegion), { content: "East 150, West 250." }, reply(byRegion), {
      content: "East 150.",
    });
    const conversation = new DataConversation({
      llm: llm(),
      model: "qwen2.5:3b",
      table: table(),
      contextTokens: 8192,
    });
    const first = await conversation.ask("revenue by region");
    expect(first.status === "answered" && first.answer.check).toBe("passed");
    await conversation.ask("why is East low?");
    const second = userText(server().requests[2]?.body);
    expect(second).toContain("Question: revenue by region");
    expect(second).toContain("Region: East | Sum of Revenue: 150");
    expect(conversation.questions).toEqual(["revenue by region", "why is East low?"]);
    conversation.clear();
    expect(conversation.questions).toEqual([]);
  });

  it("rewrites an answer stating a number that was not computed", async () => {
    server().enqueue(reply(byRegion), { content: "East has 175 and West 250." });
    const conversation = new DataConversation({
      llm: llm(),
      model: "qwen2.5:3b",
      table: table(),
      contextTokens: 8192,
    });
    const outcome = await conversation.ask("revenue by region");
    if (outcome.status !== "answered") throw new Error("expected an answer");
    expect(outcome.answer.check).toBe("rewritten");
    expect(outcome.answer.unsupported).toEqual(["175"]);
    expect(outcome.answer.answer).not.toContain("175");
    expect(outcome.answer.answer).toContain("East");
  });

  it("sends a question beyond plans to the cloud under a cloud decision, with facts and no rows, or waits for consent", async () => {
    const decide: RouteRequest[] = [];
    const gate = (decision: RouteDecision): CloudGate => ({
      decide: async (request) => (decide.push(request), decision),
      approve: async () => decision,
      decline: async () => decision,
      sendStructured: async () => Promise.reject(new Error("not used")),
      sendText: async () => ({
        value: "East trails because its two orders total 150.",
        model: "gpt-4o-mini",
        usage: { inputTokens: 10, outputTokens: 5 },
        requestId: null,
        costUsd: 0.001,
        auditId: "a1",
        warnings: [],
      }),
      recordLocal: async () => ({}) as never,
      today: async () => ({}) as never,
    });
    server().enqueue(
      reply(byRegion),
      { content: "East 150." },
      reply({ kind: "beyond_plans", reason: "asks why" }),
    );
    const cloud: RouteDecision = {
      route: "cloud",
      trigger: "no-analysis-plan",
      reasons: ["policy auto"],
      ticket: "t",
    };
    const conversation = new DataConversation({
      llm: llm(),
      model: "qwen2.5:3b",
      table: table(),
      contextTokens: 8192,
      escalation: { gate: gate(cloud) },
    });
    await conversation.ask("revenue by region");
    const outcome = await conversation.ask("why is East so low?");
    if (outcome.status !== "answered") throw new Error("expected an answer");
    expect(outcome.answer).toMatchObject({ source: "cloud", check: "passed", model: "gpt-4o-mini" });
    expect(decide[0]?.signals.noAnalysisPlan).toBe("asks why");
    const sent = decide[0]?.messages.map((m) => m.content).join("\n") ?? "";
    expect(sent).toContain("Sum of Revenue: 150");
    expect(sent).not.toContain("| 100");

    server().enqueue(reply({ kind: "beyond_plans", reason: "asks why" }));
    const consent = {
      ticket: "t2",
      provider: "OpenAI",
      model: "gpt-4o-mini",
      payload: [],
      redactions: {},
      estimatedCost: { model: "gpt-4o-mini", inputTokens: 1, outputTokens: 1, usd: null },
      expiresAt: "2099-01-01T00:00:00Z",
    };
    const asking = new DataConversation({
      llm: llm(),
      model: "qwen2.5:3b",
      table: table(),
      contextTokens: 8192,
      escalation: {
        gate: gate({ route: "needs-consent", trigger: "no-analysis-plan", reasons: [], consent }),
      },
    });
    expect((await asking.ask("why?")).status).toBe("needs-consent");
  });
});

describe("trimHistory", () => {
  const turn = (i: number): RememberedTurn => ({
    question: `question ${i}`,
    planJson: '{"kind":"aggregate"}',
    planWords: "Sum of Revenue",
    resultSummary: "x".repeat(400),
  });

  it("keeps whole turns, newest first, and summarises the dropped ones by their questions", () => {
    const turns = [1, 2, 3, 4].map(turn);
    expect(trimHistory(turns, 10_000)).toMatchObject({ turnsKept: 4, turnsSummarised: 0 });
    const trimmed = trimHistory(turns, 300);
    expect(trimmed.turnsKept).toBeGreaterThan(0);
    expect(trimmed.turnsKept).toBeLessThan(4);
    expect(trimmed.text).toContain('(Older questions, summarised: "question 1"');
    expect(trimmed.text).toContain("4. Question: question 4");
    // Never a turn cut in the middle: each kept turn's summary is whole.
    expect(trimmed.text.split("x".repeat(400)).length - 1).toBe(trimmed.turnsKept);
    expect(trimHistory(turns, 5)).toMatchObject({ text: "", turnsKept: 0, turnsSummarised: 4 });
  });
});

describe("=SLM.ASK's plan path (askAboutRange)", () => {
  const server = useOllamaProtocolServer();

  it("computes a question a plan answers on every row of the range", async () => {
    server().enqueue(reply({ ...byRegion, groupBy: [] }), { content: "The total is 400." });
    const outcome = await askAboutRange(new OllamaClient({ baseUrl: server().url }), "qwen2.5:3b", {
      prompt: "total revenue",
      context: GRID,
      contextAddress: "Data!A1:B5",
    });
    expect(outcome.status === "local" && outcome.result).toMatchObject({
      answer: "The total is 400.",
      computed: { planWords: "Sum of Revenue", check: "passed" },
    });
  });

  it("does not show a sum the model made up when no plan fits", async () => {
    server().enqueue(reply({ kind: "beyond_plans", reason: "a summary" }), {
      content: JSON.stringify({ answer: "Sales are healthy, 512 in total." }),
    });
    const outcome = await askAboutRange(new OllamaClient({ baseUrl: server().url }), "qwen2.5:3b", {
      prompt: "Summarise",
      context: GRID,
      contextAddress: "Data!A1:B5",
    });
    expect(outcome.status === "local" && outcome.result.answer).toMatch(/^Not shown: .*\(512\)/);
  });
});
