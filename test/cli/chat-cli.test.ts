import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";
import { closedPortUrl } from "../support/network";
import { projectRoot, type Finished } from "../support/processes";
import { writeSalesWorkbook } from "../support/workbooks";

/**
 * `excel-slm chat` as a user runs it, questions piped on stdin (no TTY), against the Ollama protocol
 * server. The sales workbook's Data sheet: East 1,200 + 1,320 + 1,410 = 3,930; West 1,850 + 1,990 +
 * 2,105 = 5,945; North 640 + 700 = 1,340; South 910.
 */

function chat(args: string[], stdin: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "bin/excel-slm.js"), "chat", ...args], {
      cwd: projectRoot,
      env: { ...process.env, OLLAMA_HOST: "", SLM_MODEL: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const byRegion = {
  kind: "aggregate",
  function: "sum",
  column: "Revenue",
  filters: [],
  groupBy: ["Region"],
  sort: "largest",
};
const onlyWest = {
  kind: "aggregate",
  function: "sum",
  column: "Revenue",
  filters: [{ column: "Region", operator: "equals", value: "West" }],
  groupBy: [],
};
const plan = (value: object) => ({ content: JSON.stringify(value) });
const userText = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages
    .filter((message) => message.role === "user")
    .map((message) => message.content)
    .join("\n");

describe("npx excel-slm chat", () => {
  const server = useOllamaProtocolServer();
  let workbook: string;
  beforeAll(async () => {
    workbook = await writeSalesWorkbook();
  });

  it("answers piped questions in order with --json, one line each, and the follow-up's request carries the first question", async () => {
    server().enqueue(
      plan(byRegion),
      { content: "West leads with 5,945, then East with 3,930." },
      plan(onlyWest),
      { content: "West's revenue is 5,945." },
    );
    const result = await chat(
      [workbook, "--sheet", "Data", "--json", "--ollama", server().url],
      "total revenue by region\nonly West\n",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({
      ok: true,
      question: "total revenue by region",
      answer: "West leads with 5,945, then East with 3,930.",
      check: "passed",
      planWords: "Sum of Revenue by Region, largest first",
      result: {
        columns: ["Region", "Sum of Revenue"],
        rows: [
          ["West", 5945],
          ["East", 3930],
          ["North", 1340],
          ["South", 910],
        ],
        rowsIncluded: 9,
        rowsTotal: 9,
      },
      formula: null,
      source: "local",
      model: "qwen2.5:3b",
    });
    expect(first.numbers).toEqual(expect.arrayContaining([5945, 3930, 1340, 910]));
    expect(first.tokens.prompt).toBeGreaterThan(0);
    expect(first.wallMs).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({
      question: "only West",
      answer: "West's revenue is 5,945.",
      result: { rows: [[5945]], rowsIncluded: 3 },
      formula: {
        status: "verified",
        formula: { formula: '=SUMIFS(Data!$C$2:$C$10,Data!$A$2:$A$10,"West")' },
      },
      memory: { turnsKept: 1, turnsSummarised: 0 },
    });
    const chats = server().requests.filter((request) => request.path === "/api/chat");
    expect(chats).toHaveLength(4);
    // The second plan request carries the first question, its plan and its result.
    const followUp = userText(chats[2]?.body);
    expect(followUp).toContain("Question: total revenue by region");
    expect(followUp).toContain('"groupBy":["Region"]');
    expect(followUp).toContain("Region: West | Sum of Revenue: 5,945");
    expect(followUp).toMatch(/Question: only West$/);
    // The answer writer sees the result table, never the rows.
    expect(userText(chats[1]?.body)).toContain("Region: East | Sum of Revenue: 3,930");
    expect(userText(chats[1]?.body)).not.toContain("1,850");
  });

  it("prints plain text without --json, and an answer with an invented number is rewritten from the facts and says so", async () => {
    server().enqueue(plan(onlyWest), { content: "West made about 6,100 in total." });
    const result = await chat(
      [workbook, "--range", "Data!A1:C10", "--ollama", server().url],
      "west total?\n",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("6,100 in total");
    expect(result.stdout).toContain('Sum of Revenue, rows where Region is "West": Sum of Revenue: 5,945.');
    expect(result.stdout).toContain("stated numbers that were not computed: 6,100");
    expect(result.stdout).toContain('formula: =SUMIFS(Data!$C$2:$C$10,Data!$A$2:$A$10,"West")');
  });

  it("repairs a plan that names a column the table lacks, telling the model the real headers", async () => {
    server().enqueue(plan({ ...onlyWest, column: "Sales" }), plan(onlyWest), { content: "5,945." });
    const result = await chat(
      [workbook, "--sheet", "Data", "--json", "--ollama", server().url],
      "west total?\n",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ answer: "5,945.", result: { rows: [[5945]] } });
    const repair = userText(server().requests[1]?.body);
    expect(repair).toContain('Unknown column "Sales"');
    expect(repair).toContain('"Region", "Month", "Revenue"');
  });

  it("exits 3 with one JSON error line when Ollama is not running", async () => {
    const result = await chat([workbook, "--json", "--ollama", await closedPortUrl()], "total revenue\n");
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ ok: false, error: { kind: "unreachable" } });
  });

  it("exits 2 when both --sheet and --range are given, or no question comes", async () => {
    expect((await chat([workbook, "--sheet", "Data", "--range", "Data!A1:C10"], "x\n")).code).toBe(2);
    expect((await chat([workbook, "--ollama", server().url], "\n")).code).toBe(2);
  });
});
