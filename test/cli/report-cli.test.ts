import ExcelJS from "exceljs";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli as runCliInProcess } from "../../src/cli/main";
import { REPORT_SECTIONS } from "../../src/report/report-layout";
import { plantedOrders } from "../analysis/fixtures/order-tables";
import { closedPortUrl } from "../support/network";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { runCli } from "../support/processes";

const narrative = (summary: string, highlights: string[] = []) => ({
  content: JSON.stringify({ summary, highlights }),
});

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function columnA(sheet: ExcelJS.Worksheet): string[] {
  const texts: string[] = [];
  sheet.eachRow((row) => texts.push(String(row.getCell(1).value ?? "")));
  return texts;
}

describe("npx excel-slm report", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;
  let workbook: string;
  const chats = () => ollama.requests.filter((r) => r.path === "/api/chat");

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-report-"));
    workbook = path.join(dir, "orders.xlsx");
    await plantedOrders().workbook.xlsx.writeFile(workbook);
  });
  afterAll(() => ollama.close());
  beforeEach(() => ollama.reset());

  it("writes a workbook holding the report sheet only: sections, chart pictures and the model's checked summary", async () => {
    const summary = "The 20 orders hold 14 issues, 1 of them an error; Amount runs from 120 to 250,000.";
    ollama.enqueue(narrative(summary, ["The median Amount is 240."]));
    const out = path.join(dir, "report.xlsx");
    const run = await runCli([
      "report",
      workbook,
      "--sheet",
      "Orders",
      "--out",
      out,
      "--ollama",
      ollama.url,
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      ok: true,
      command: "report",
      out,
      range: "Orders!A1:H21",
      rows: 20,
      columns: 8,
      counts: { total: 14, bySeverity: { error: 1, warning: 13, info: 0 } },
      images: 5,
      narrative: { source: "model", summary, attempts: 1, rejectedNumbers: [] },
      model: "qwen2.5:3b",
    });
    expect(json.sheet).toMatch(/^Report Orders \d{4}-\d{2}-\d{2}$/);

    const written = await readBack(out);
    // The input is only read; the findings' addresses name its cells.
    expect(written.worksheets.map((s) => s.name)).toEqual([json.sheet]);
    const sheet = written.getWorksheet(json.sheet)!;
    const cells = columnA(sheet);
    for (const section of REPORT_SECTIONS) expect(cells).toContain(section);
    expect(cells).toContain(summary);
    expect(cells).toContain("• The median Amount is 240.");
    expect(sheet.getImages()).toHaveLength(5);
    expect(written.getImage(Number(sheet.getImages()[0]!.imageId)).extension).toBe("png");
  });

  it("rejects a planted invented number: asks again, then writes the facts-only summary", async () => {
    const invented = narrative("Orders grew 40% in March, to 250,000.", ["Most orders come from the South."]);
    ollama.enqueue(invented, invented);
    const out = path.join(dir, "checked.xlsx");
    const run = await runCli([
      "report",
      workbook,
      "--range",
      "Orders!A1:H21",
      "--out",
      out,
      "--ollama",
      ollama.url,
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.narrative).toMatchObject({ source: "facts-only", attempts: 2, rejectedNumbers: ["40%"] });
    expect(json.narrative.summary).toMatch(/^Orders!A1:H21 \("Orders"\) has 20 data rows and 8 columns\./);
    expect(chats()).toHaveLength(2);
    const retry = chats()[1]!.body as { messages: { content: string }[] };
    expect(retry.messages.at(-1)?.content).toMatch(/not in the facts: 40%/);

    const cells = columnA((await readBack(out)).getWorksheet(json.sheet)!);
    expect(cells.join("\n")).not.toContain("Orders grew 40% in March");
    expect(cells).toContain('Orders!A1:H21 ("Orders") has 20 data rows and 8 columns.');
    expect(cells.some((text) => /Written from the computed facts: .*40%/.test(text))).toBe(true);
  });

  // In-process (the same entry point without a new Node): failures need no process start-up to prove.
  it("exits 3, writes nothing and suggests --facts-only when Ollama is not running", async () => {
    const out = path.join(dir, "never.xlsx");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const argv = ["report", workbook, "--out", out, "--ollama", await closedPortUrl(), "--json"];
    const code = await runCliInProcess(argv, {
      stdout: (s) => stdout.push(s),
      stderr: (s) => stderr.push(s),
    });
    expect(code).toBe(3);
    expect(JSON.parse(stdout.join(""))).toMatchObject({
      ok: false,
      command: "report",
      error: { kind: "unreachable" },
    });
    expect(stderr.join("")).toMatch(/^excel-slm: Ollama is not reachable at .*rerun with --facts-only\.$/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses --in-place: a report-only workbook written over the input would replace its data", async () => {
    const stderr: string[] = [];
    const io = { stdout: () => undefined, stderr: (s: string) => stderr.push(s) };
    const argv = ["report", workbook, "--in-place", "--facts-only"];
    expect(await runCliInProcess(argv, io)).toBe(2);
    expect(stderr.join("")).toMatch(
      /report writes a new workbook holding only the report sheet.*--out report\.xlsx/,
    );
    expect((await readBack(workbook)).worksheets.map((s) => s.name)).toEqual(["Orders"]);
    expect(chats()).toHaveLength(0);
  });

  it("exits 3 suggesting --facts-only when Ollama fails while writing the summary, and --facts-only then writes the report", async () => {
    ollama.onChat(() => ({ status: 500, error: "model runner has unexpectedly stopped" }));
    const out = path.join(dir, "failed-narrative.xlsx");
    const stderr: string[] = [];
    const io = { stdout: () => undefined, stderr: (s: string) => stderr.push(s) };
    const argv = ["report", workbook, "--sheet", "Orders", "--out", out, "--ollama", ollama.url];
    expect(await runCliInProcess(argv, io)).toBe(3);
    expect(stderr.join("")).toMatch(
      /^excel-slm: Ollama answered with an error \(HTTP 500\): model runner has unexpectedly stopped\. The report was not written\. .*rerun with --facts-only\.$/,
    );
    expect(existsSync(out)).toBe(false);

    const factsOnly = await runCliInProcess([...argv, "--facts-only"], io);
    expect(factsOnly).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(chats()).toHaveLength(1);
  });
});
