import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readFile } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { runCli } from "../support/processes";

const KEY = "sk-test-key-4f9a8b7c6d5e";
const COMPLEX =
  '=LET(rows,FILTER(Data!A2:D200,(Data!B2:B200="West")*(Data!D2:D200>0)),IFERROR(INDEX(SORTBY(rows,INDEX(rows,0,4),-1),SEQUENCE(3),{1,4}),"none"))';

async function writeModel(dir: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.addRow(["Name", "Region", "Units", "Revenue"]);
  data.addRow(["Ann Lee", "West", 3, 300]);
  const model = workbook.addWorksheet("Model");
  model.getCell("F11").value = { formula: "SUM(Data!D2:D200)", result: 300 };
  model.getCell("F12").value = { formula: COMPLEX.slice(1), result: "Ann Lee" };
  const file = path.join(dir, "model.xlsx");
  await workbook.xlsx.writeFile(file);
  return file;
}

describe("npx excel-slm explain with cloud escalation", () => {
  let ollama: OllamaProtocolServer;
  let cloud: OpenAiProtocolServer;
  let dir: string;
  let workbook: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    cloud = await OpenAiProtocolServer.start({ apiKey: KEY });
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-explain-"));
    workbook = await writeModel(dir);
  });
  afterAll(async () => {
    await ollama.close();
    await cloud.close();
  });
  beforeEach(() => {
    ollama.reset();
    cloud.reset();
  });

  const explain = (cell: string, escalate: string, extra: string[] = []) =>
    runCli(
      [
        "explain",
        workbook,
        "--cell",
        cell,
        "--ollama",
        ollama.url,
        "--cloud",
        "openai",
        "--cloud-url",
        `${cloud.url}/v1`,
        "--escalate",
        escalate,
        "--json",
        ...extra,
      ],
      { SLM_CLOUD_API_KEY: KEY, SLM_HOME: dir },
    );

  it("escalates a complex formula under auto, logs it, and says which model answered and why", async () => {
    cloud.enqueue({
      value: {
        summary: "Lists the top 3 West rows by revenue.",
        steps: ["Filter West rows", "Sort by revenue", "Take 3"],
      },
    });
    const result = await explain("Model!F12", "auto");
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      status: "explained",
      source: "cloud",
      summary: "Lists the top 3 West rows by revenue.",
    });
    expect(json.route.trigger).toBe("complex-formula");
    expect(json.route.reasons.join(" ")).toMatch(/complex/i);
    expect(cloud.requests.length).toBeGreaterThan(0);
    const audit = await readFile(path.join(dir, "audit.jsonl"), "utf8");
    expect(audit).toContain('"task":"explain"');
    expect(audit).not.toContain(KEY);
    expect(result.stdout).not.toContain(KEY);
    expect(ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(0);
  });

  it("answers a simple formula locally and says so", async () => {
    ollama.enqueue({ content: JSON.stringify({ summary: "Adds up revenue.", steps: ["Sum Data!D2:D200"] }) });
    const json = JSON.parse((await explain("Model!F11", "auto")).stdout);
    expect(json).toMatchObject({ status: "explained", source: "local", summary: "Adds up revenue." });
    expect(json.route.route).toBe("local");
    expect(json.referencedRanges).toEqual(["Data!D2:D200"]);
    expect(cloud.requests).toHaveLength(0);
  });

  it("sends nothing to the cloud under never, and ask without --yes says consent is needed and how to give it", async () => {
    ollama.enqueue(
      { content: JSON.stringify({ summary: "Top 3 West rows.", steps: [] }) },
      { content: JSON.stringify({ summary: "Top 3 West rows.", steps: [] }) },
      { content: JSON.stringify({ summary: "Top 3 West rows.", steps: [] }) },
    );
    const never = JSON.parse((await explain("Model!F12", "never")).stdout);
    expect(never).toMatchObject({ source: "local" });
    expect(never.route.reasons.join(" ")).toMatch(/policy "never"/);
    const ask = JSON.parse((await explain("Model!F12", "ask")).stdout);
    expect(ask).toMatchObject({ source: "local" });
    const reasons = (ask.route.reasons as string[]).join(" ");
    expect(reasons).toMatch(
      /needs your consent under --escalate ask, and none was given, so nothing was sent/,
    );
    expect(reasons).toMatch(/rerun with --yes.*--escalate auto/);
    expect(reasons).not.toMatch(/policy "never"/);
    // The plain-text answer carries the same reason.
    const plain = await runCli(
      [
        "explain",
        workbook,
        "--cell",
        "Model!F12",
        "--ollama",
        ollama.url,
        "--cloud",
        "openai",
        "--cloud-url",
        `${cloud.url}/v1`,
        "--escalate",
        "ask",
      ],
      { SLM_CLOUD_API_KEY: KEY, SLM_HOME: dir },
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(
      /answered by the local model .*needs your consent under --escalate ask.*--yes/,
    );
    expect(cloud.requests).toHaveLength(0);
  }, 90_000);

  it("ask with --yes sends after approval", async () => {
    cloud.enqueue({ value: { summary: "Top 3 West rows.", steps: ["..."] } });
    const json = JSON.parse((await explain("Model!F12", "ask", ["--yes"])).stdout);
    expect(json).toMatchObject({ source: "cloud" });
  });

  it("refuses a cell without a formula (exit 2) and a bad --escalate (exit 2)", async () => {
    const noFormula = await explain("Model!A1", "auto");
    expect(noFormula.code).toBe(2);
    expect(noFormula.stderr).toMatch(/holds no formula/);
    const bad = await explain("Model!F12", "sometimes");
    expect(bad.code).toBe(2);
  });
});
