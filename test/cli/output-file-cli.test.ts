import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { copyFile, link, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { projectRoot, runCli, type Finished } from "../support/processes";
import { keywordLabeller } from "../support/scripted-models";
import { readColumn, ticketTexts, writeTicketsWorkbook } from "../support/workbooks";

const chat = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");

/** The real CLI under a file size limit (ulimit -f, in KiB), as a full disk or a quota would stop it mid-save. */
function runCliWithFileSizeLimit(args: string[], limitKib: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "bash",
      [
        "-c",
        `ulimit -f ${limitKib}; exec "$0" "$@"`,
        process.execPath,
        path.join(projectRoot, "bin/excel-slm.js"),
        ...args,
      ],
      { cwd: projectRoot, env: { ...process.env, OLLAMA_HOST: "", SLM_MODEL: "" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }));
  });
}

async function opensAsWorkbook(file: string): Promise<boolean> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.length > 0;
}

describe("npx excel-slm: --out, --in-place and --cache files", () => {
  let ollama: OllamaProtocolServer;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
  });
  afterAll(async () => {
    await ollama.close();
  });
  beforeEach(() => {
    ollama.reset();
    ollama.onChat(keywordLabeller({ refund: "billing", crash: "bug", love: "praise" }, "bug"));
  });

  const classify = (workbook: string, rows: number) => [
    "classify",
    workbook,
    "--range",
    `Data!B2:B${rows + 1}`,
    "--labels",
    "billing,bug,praise",
    "--ollama",
    ollama.url,
  ];

  it("refuses an --out that is the input by the same path, another spelling, a symlink or a hard link: exit 2, no model call, input untouched", async () => {
    const workbook = await writeTicketsWorkbook(["refund please", "app crash"]);
    const folder = path.dirname(workbook);
    const symlinked = path.join(folder, "symlinked.xlsx");
    const hardLinked = path.join(folder, "hard-linked.xlsx");
    await symlink(workbook, symlinked);
    await link(workbook, hardLinked);
    const before = await readFile(workbook);
    const spellings = [
      workbook,
      path.join(folder, ".", path.basename(workbook)),
      path.relative(projectRoot, workbook),
      symlinked,
      hardLinked,
    ];
    for (const out of spellings) {
      const result = await runCli([...classify(workbook, 2), "--out", out]);
      expect(result.code, `--out ${out}`).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/--out ".*" is the input workbook .*never writes over .*--in-place/);
      expect((await readFile(workbook)).equals(before)).toBe(true);
    }
    // The input given through the link is refused the same way.
    const viaLink = await runCli([...classify(symlinked, 2), "--out", workbook]);
    expect(viaLink.code).toBe(2);
    expect(chat(ollama)).toHaveLength(0);
    expect((await readFile(workbook)).equals(before)).toBe(true);
  }, 120_000);

  it("--in-place keeps a backup next to the input, says where, then writes the results into the input", async () => {
    const workbook = await writeTicketsWorkbook(["refund please", "app crash"]);
    const before = await readFile(workbook);
    const result = await runCli([...classify(workbook, 2), "--in-place", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.out).toBe(workbook);
    expect(path.dirname(summary.backup)).toBe(path.dirname(workbook));
    expect(path.basename(summary.backup)).toMatch(/^tickets\.backup-\d{8}-\d{6}\.xlsx$/);
    expect(result.stderr).toContain(`kept a copy of the input as "${summary.backup}"`);
    expect((await readFile(summary.backup)).equals(before)).toBe(true);
    expect(await readColumn(workbook, "Data", "C", 2)).toEqual(["billing", "bug"]);

    // --in-place with a different --out is a contradiction, refused before anything is copied.
    const files = await readdir(path.dirname(workbook));
    const other = path.join(path.dirname(workbook), "other.xlsx");
    const contradiction = await runCli([
      ...classify(workbook, 2),
      "--in-place",
      "--out",
      other,
      "--overwrite",
    ]);
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toMatch(/--in-place writes into the input .* --out names another file/);
    expect(await readdir(path.dirname(workbook))).toEqual(files);
  }, 60_000);

  it("a save that fails part way (file size limit) leaves the old --out file whole and openable, and no temporary file", async () => {
    const rows = 6_000;
    const workbook = await writeTicketsWorkbook(ticketTexts(rows, 300));
    const folder = await mkdtemp(path.join(os.tmpdir(), "slm-out-limit-"));
    const out = path.join(folder, "results.xlsx");
    // An earlier run's results: the file the failed save must not damage.
    await copyFile(workbook, out);
    const before = await readFile(out);
    const limitKib = Math.floor(before.length / 1024 / 2);
    const result = await runCliWithFileSizeLimit([...classify(workbook, rows), "--out", out], limitKib);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/Could not save ".*results\.xlsx": .*(EFBIG|too large)/);
    expect((await readFile(out)).equals(before)).toBe(true);
    expect(await opensAsWorkbook(out)).toBe(true);
    expect(await readdir(folder)).toEqual(["results.xlsx"]);
  }, 60_000);

  it("a --cache folder that stops being writable mid-run still lets the run write its output, with one warning", async () => {
    const workbook = await writeTicketsWorkbook(["refund please", "app crash", "love it"]);
    const folder = await mkdtemp(path.join(os.tmpdir(), "slm-cache-cli-"));
    const cache = path.join(folder, "cache");
    const out = path.join(folder, "labelled.xlsx");
    const labeller = keywordLabeller({ refund: "billing", crash: "bug", love: "praise" }, "bug");
    ollama.onChat(async (request, info) => {
      // Root ignores permissions, so the folder is replaced by a file: no cache write can land.
      if (info.index === 0) {
        await rm(cache, { recursive: true, force: true });
        await writeFile(cache, "not a folder");
      }
      return labeller(request);
    });
    const result = await runCli([...classify(workbook, 3), "--cache", cache, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readColumn(out, "Data", "C", 3)).toEqual(["billing", "bug", "praise"]);
    const warnings = result.stderr
      .split("\n")
      .filter((line) => line.includes("could not save the result cache"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/results are still written.*writable/);
  }, 60_000);

  it("--cache naming a file (or a path through one) is exit 2 with one line saying what, why and how to fix it", async () => {
    const workbook = await writeTicketsWorkbook(["refund please"]);
    const folder = path.dirname(workbook);
    const file = path.join(folder, "cache.json");
    await writeFile(file, "{}");
    for (const cache of [file, path.join(file, "inner")]) {
      const result = await runCli([
        ...classify(workbook, 1),
        "--cache",
        cache,
        "--out",
        path.join(folder, "o.xlsx"),
      ]);
      expect(result.code, cache).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(
        /--cache ".*" (is a file, not a folder|runs through a file).*e\.g\. --cache /,
      );
    }
    expect(chat(ollama)).toHaveLength(0);
    expect((await stat(file)).isFile()).toBe(true);
  }, 60_000);
});
