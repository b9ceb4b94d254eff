import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { closedPortUrl } from "../support/network";
import { runCli } from "../support/processes";
import { keyedReply, keywordLabeller, packedItems } from "../support/scripted-models";
import { readColumn, ticketTexts, writeTicketsWorkbook } from "../support/workbooks";

const chat = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");

/**
 * Every runCli is a fresh Node process that compiles the TypeScript CLI with tsx and loads ExcelJS:
 * about a second on an idle machine, but up to ~20 s measured on two cores under load (CPU hogs and
 * parallel builds, load average 14), so vitest's 20 s per test could not hold a test's two or three
 * runs. Each test's timeout is therefore a budget per CLI process it starts; it only matters when a
 * run hangs, so it is generous.
 */
const CLI_RUN_MS = 45_000;
/** A run over 10,000 rows also reads, classifies and writes them: up to ~35 s a run at that load. */
const LARGE_CLI_RUN_MS = 90_000;

describe("npx excel-slm classify / extract / validate", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-cli-"));
  });
  afterAll(async () => {
    await ollama.close();
    // The outputs and the --cache directory: nothing of a run is left in the temp folder.
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    ollama.reset();
    ollama.onChat(
      keywordLabeller({ refund: "billing", invoice: "billing", crash: "bug", love: "praise" }, "bug"),
    );
  });

  it(
    "classifies 10,000 rows into the first empty column, and a rerun with the same --cache sends no requests",
    async () => {
      const texts = ticketTexts(10_000, 500);
      const workbook = await writeTicketsWorkbook(texts);
      const out = path.join(dir, "classified.xlsx");
      const cache = path.join(dir, "cache");
      const args = ["classify", workbook, "--range", "Data!B2:B10001", "--labels", "billing,bug,praise"];
      const first = await runCli([...args, "--out", out, "--cache", cache, "--ollama", ollama.url, "--json"]);
      expect(first.code, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({
        ok: true,
        command: "classify",
        target: "Data!C2:C10001",
        cells: 10_000,
        results: 10_000,
        failed: 0,
      });
      expect(summary.requests).toBeLessThanOrEqual(500 / 8);
      expect(summary.itemsSent).toBe(500);
      expect(summary.labelCounts.billing + summary.labelCounts.bug + summary.labelCounts.praise).toBe(10_000);
      const labels = await readColumn(out, "Data", "C", 10_000);
      texts.forEach((text, i) => {
        const expected = /refund|invoice/.test(text)
          ? "billing"
          : /crash/.test(text)
            ? "bug"
            : /love/.test(text)
              ? "praise"
              : "bug";
        expect(labels[i]).toBe(expected);
      });

      const before = chat(ollama).length;
      const second = await runCli([
        ...args,
        "--out",
        path.join(dir, "again.xlsx"),
        "--cache",
        cache,
        "--ollama",
        ollama.url,
        "--json",
      ]);
      expect(second.code, second.stderr).toBe(0);
      const rerun = JSON.parse(second.stdout);
      // Every cell was either answered from the cache or joined a cell that was.
      expect(rerun.requests).toBe(0);
      expect(rerun.cacheHits + rerun.deduplicated).toBe(10_000);
      expect(chat(ollama).length).toBe(before);
    },
    2 * LARGE_CLI_RUN_MS,
  );

  it(
    "refuses a non-empty target column without --overwrite, and replaces it with --overwrite",
    async () => {
      const workbook = await writeTicketsWorkbook(["refund please", "app crash"], (sheet) => {
        sheet.getCell("C2").value = "my notes";
      });
      const out = path.join(dir, "target.xlsx");
      const base = [
        "classify",
        workbook,
        "--range",
        "Data!B2:B3",
        "--labels-range",
        "Labels!A1:A3",
        "--target",
        "Data!C2",
      ];
      const refused = await runCli([...base, "--out", out, "--ollama", ollama.url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/Data!C2:C3 already holds 1 non-empty cell.*--overwrite/);
      expect(chat(ollama)).toHaveLength(0);

      const replaced = await runCli([...base, "--out", out, "--overwrite", "--ollama", ollama.url]);
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(await readColumn(out, "Data", "C", 2)).toEqual(["billing", "bug"]);
    },
    2 * CLI_RUN_MS,
  );

  it(
    "writes labels with confidence next to each other",
    async () => {
      const workbook = await writeTicketsWorkbook(["refund please", "crash?? or refund??"]);
      const out = path.join(dir, "confidence.xlsx");
      const result = await runCli([
        "classify",
        workbook,
        "--range",
        "Data!B2:B3",
        "--labels",
        "billing,bug,praise",
        "--with-confidence",
        "--out",
        out,
        "--ollama",
        ollama.url,
        "--json",
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ target: "Data!C2:D3", abstained: 1 });
      expect(await readColumn(out, "Data", "C", 2)).toEqual(["billing", "REVIEW"]);
      expect(await readColumn(out, "Data", "D", 2)).toEqual([0.95, 0.2]);
    },
    CLI_RUN_MS,
  );

  it(
    "extracts a field and validates against a rule",
    async () => {
      const workbook = await writeTicketsWorkbook(["Refund for INV-0042", "love it"]);
      ollama.onChat((request) => {
        const items = packedItems(request);
        if (request.system?.includes("extract"))
          return keyedReply(items.map((item) => /INV-\d+/.exec(item)?.[0] ?? ""));
        return keyedReply(items.map((item) => ({ valid: /refund/i.test(item), reason: "checked" })));
      });
      const extracted = path.join(dir, "extracted.xlsx");
      const extract = await runCli([
        "extract",
        workbook,
        "--range",
        "Data!B2:B3",
        "--field",
        "invoice number",
        "--out",
        extracted,
        "--ollama",
        ollama.url,
        "--json",
      ]);
      expect(extract.code, extract.stderr).toBe(0);
      expect(JSON.parse(extract.stdout)).toMatchObject({ found: 1 });
      expect(await readColumn(extracted, "Data", "C", 2)).toEqual(["INV-0042", ""]);

      const validated = path.join(dir, "validated.xlsx");
      const validate = await runCli([
        "validate",
        workbook,
        "--range",
        "Data!B2:B3",
        "--rule",
        "mentions a refund",
        "--with-reason",
        "--out",
        validated,
        "--ollama",
        ollama.url,
        "--json",
      ]);
      expect(validate.code, validate.stderr).toBe(0);
      expect(JSON.parse(validate.stdout)).toMatchObject({ valid: 1, invalid: 1 });
      expect(await readColumn(validated, "Data", "C", 2)).toEqual([true, false]);
      expect(await readColumn(validated, "Data", "D", 2)).toEqual(["checked", "checked"]);
    },
    2 * CLI_RUN_MS,
  );

  it(
    "exits 3 when Ollama is down and 2 for missing labels or --out",
    async () => {
      const workbook = await writeTicketsWorkbook(["refund"]);
      const out = path.join(dir, "x.xlsx");
      const down = await runCli([
        "classify",
        workbook,
        "--range",
        "Data!B2:B2",
        "--labels",
        "a,b",
        "--out",
        out,
        "--ollama",
        await closedPortUrl(),
      ]);
      expect(down.code).toBe(3);
      expect(down.stderr.trim().split("\n")).toHaveLength(1);
      const noLabels = await runCli(["classify", workbook, "--range", "Data!B2:B2", "--out", out]);
      expect(noLabels.code).toBe(2);
      expect(noLabels.stderr).toMatch(/--labels or --labels-range/);
      const noOut = await runCli(["classify", workbook, "--range", "Data!B2:B2", "--labels", "a,b"]);
      expect(noOut.code).toBe(2);
      expect(noOut.stderr).toMatch(/--out is required/);
    },
    3 * CLI_RUN_MS,
  );
});
