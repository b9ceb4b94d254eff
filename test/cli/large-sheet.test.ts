import { afterAll, beforeAll, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { runCli } from "../support/processes";
import { keyedReply, keywordLabeller, packedItems } from "../support/scripted-models";
import {
  BIG_COLUMN_KEYWORDS,
  columnText,
  expectedLabel,
  readCells,
  writeBigColumnWorkbook,
} from "../support/large-workbooks";

/**
 * Issue #11: past ~125,000 rows classify, extract and validate --rule crashed with "Maximum call
 * stack size exceeded" after all the model work was done (a row-sized array spread into a call).
 * 150,000 rows is beyond that line. Few distinct values keep the model part small, so the time goes
 * where the crash was: reading, running over, and writing a sheet-sized column. The three commands
 * share that path (commands/bulk.ts): classify stands for extract too (one column written), and
 * validate --rule --with-reason writes two.
 */
const ROWS = 150_000;
const DISTINCT = 300;

describe("npx excel-slm classify and validate --rule on a 150,000-row column", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;
  let workbook: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    const labeller = keywordLabeller(BIG_COLUMN_KEYWORDS, "bug");
    ollama.onChat((request) =>
      request.system?.includes("rule")
        ? keyedReply(
            packedItems(request).map((item) => ({ valid: item.includes("refund"), reason: "checked" })),
          )
        : labeller(request),
    );
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-large-"));
    workbook = path.join(dir, "big.xlsx");
    await writeBigColumnWorkbook(workbook, ROWS, DISTINCT);
  });
  afterAll(async () => {
    await ollama.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("labels every row and writes the labels into column B", async () => {
    const out = path.join(dir, "classified.xlsx");
    const last = ROWS + 1;
    const result = await runCli([
      "classify",
      workbook,
      "--range",
      `Data!A2:A${last}`,
      "--labels",
      "billing,bug,praise",
      "--out",
      out,
      "--ollama",
      ollama.url,
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      target: `Data!B2:B${last}`,
      cells: ROWS,
      results: ROWS,
      failed: 0,
      itemsSent: DISTINCT,
    });
    // Rows are 1-based and the header is row 1, so data index i sits in row i + 2.
    const spots = [0, ROWS / 2 + 1, ROWS - 1]; // billing, bug, praise
    const labels = await readCells(
      out,
      2,
      spots.map((index) => index + 2),
    );
    expect(labels).toEqual(spots.map((index) => expectedLabel(columnText(index, DISTINCT))));
  }, 120_000);

  it("checks every row against a rule and writes the verdicts and reasons into columns B and C", async () => {
    const out = path.join(dir, "validated.xlsx");
    const last = ROWS + 1;
    const result = await runCli([
      "validate",
      workbook,
      "--range",
      `Data!A2:A${last}`,
      "--rule",
      "mentions a refund",
      "--with-reason",
      "--out",
      out,
      "--ollama",
      ollama.url,
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, target: `Data!B2:C${last}`, results: ROWS });
    const spots = [0, ROWS / 2 + 1, ROWS - 1].map((index) => index + 2);
    expect(await readCells(out, 2, spots)).toEqual([true, false, false]);
    expect(await readCells(out, 3, spots)).toEqual(["checked", "checked", "checked"]);
  }, 120_000);
});
