import ExcelJS from "exceljs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runCliInProcess } from "../../src/cli/main";
import { plantedOrders } from "../analysis/fixtures/order-tables";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { runCli } from "../support/processes";

describe("npx excel-slm validate without --rule: the data checks", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;
  let workbook: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-validate-"));
    workbook = path.join(dir, "orders.xlsx");
    await plantedOrders().workbook.xlsx.writeFile(workbook);
  });
  afterAll(() => ollama.close());

  it("reports counts by kind and severity and every finding, and writes them as a new sheet in --out", async () => {
    const out = path.join(dir, "checked.xlsx");
    const run = await runCli([
      "validate",
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
    expect(json).toMatchObject({
      ok: true,
      command: "validate",
      mode: "data-checks",
      range: "Orders!A1:H21",
      rows: 20,
      columns: 8,
      counts: {
        total: 14,
        bySeverity: { error: 1, warning: 13, info: 0 },
        byKind: {
          "category-variant": 4,
          "pattern-break": 2,
          "implausible-date": 2,
          "duplicate-key": 1,
          outlier: 1,
        },
      },
      omitted: [],
      out,
    });
    expect(json.findings).toHaveLength(14);
    expect(json.findings).toContainEqual(
      expect.objectContaining({ address: "Orders!G16", kind: "outlier", column: "Amount", value: 250_000 }),
    );
    expect(json.findings).toContainEqual(
      expect.objectContaining({ address: "Orders!B7", kind: "implausible-date", value: "1024-03-05" }),
    );
    expect(ollama.requests).toHaveLength(0);

    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
    const [data, checks] = written.worksheets;
    expect(data?.name).toBe("Orders");
    expect(data?.getCell("A9").value).toBe("INV-0004");
    expect(checks?.name).toBe(json.sheet);
    expect(json.sheet).toMatch(/^Checks Orders \d{4}-\d{2}-\d{2}$/);
    const cellColumn: string[] = [];
    checks!.eachRow((row) => cellColumn.push(String(row.getCell(1).value ?? "")));
    expect(cellColumn.slice(cellColumn.indexOf("Cell") + 1)).toHaveLength(14);
  });

  // In-process (the same entry point without a new Node): output text and refusals need no process start-up.
  async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCliInProcess(argv, {
      stdout: (s) => stdout.push(s),
      stderr: (s) => stderr.push(s),
    });
    return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  }

  it("checks the used range of --sheet and lists the findings as text", async () => {
    const run = await inProcess(["validate", workbook, "--sheet", "Orders"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^14 issues in Orders!A1:H21 \(20 rows\): 1 error, 13 warnings and 0 notes\./);
    expect(run.stdout).toMatch(/Orders!A9 {2}error {2}duplicate-key/);
  });

  it("refuses options that only mean something with --rule", async () => {
    const run = await inProcess(["validate", workbook, "--range", "Orders!A1:H21", "--with-reason"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--with-reason only applies with --rule/);
  });
});
