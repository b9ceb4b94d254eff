/**
 * `npm run bench -- scale-io` (issue #15): the real CLI (`node bin/excel-slm.js`) on sheet-sized
 * workbooks against the Ollama-protocol server, wall time and peak RSS of the CLI process
 * (/usr/bin/time -v's "Maximum resident set size"). Baselines from the same run: `node -e 0`, and
 * reading the input file's bytes alone. Targets: classify 1,048,576 rows ≤ 1.5 GB; report on
 * 100k × 20 ≤ 1 GB and ≤ 12 s; formula on 100k × 20 ≤ 400 MB.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeWideWorkbook } from "../test/host/xlsx/wide-workbooks";
import { BIG_COLUMN_KEYWORDS, writeBigColumnWorkbook } from "../test/support/large-workbooks";
import { OllamaProtocolServer } from "../test/support/ollama-protocol-server";
import { keywordLabeller } from "../test/support/scripted-models";
import type { BenchmarkReport } from "./report";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const MB = 1024;

interface Measured {
  code: number | null;
  wallS: number;
  peakMb: number;
}

/** Runs `args` under /usr/bin/time -v and takes its wall time and the process's peak RSS. */
function measure(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-v", process.execPath, ...args], {
      cwd: root,
      // The sources, not a possibly stale dist-node build (npm run build refreshes that).
      env: { ...process.env, OLLAMA_HOST: "", EXCEL_SLM_FROM_SOURCE: "1" },
    });
    let stderr = "";
    const started = performance.now();
    child.stdout.resume();
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (code) => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const status = /Exit status: (\d+)/.exec(stderr);
      resolve({
        code: status ? Number(status[1]) : code,
        wallS: (performance.now() - started) / 1000,
        peakMb: rss ? Math.round(Number(rss[1]) / MB) : NaN,
      });
    });
  });
}

const cli = (...args: string[]) => [path.join(root, "bin/excel-slm.js"), ...args];
const readBytes = (file: string) => ["-e", `require("fs").readFileSync(${JSON.stringify(file)})`];

export async function run(): Promise<BenchmarkReport> {
  const loadAtStart = os.loadavg()[0]!.toFixed(1);
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-scale-io-"));
  const ollama = await OllamaProtocolServer.start();
  ollama.onChat(keywordLabeller(BIG_COLUMN_KEYWORDS, "bug"));
  const rows: (string | number)[][] = [];
  const failedTargets: string[] = [];
  const record = (name: string, m: Measured, base: Measured, limits: { mb: number; s?: number } | null) => {
    const met =
      limits === null
        ? "—"
        : m.code === 0 && m.peakMb <= limits.mb && (limits.s === undefined || m.wallS <= limits.s);
    rows.push([
      name,
      m.code ?? "killed",
      m.wallS.toFixed(1),
      m.peakMb,
      (m.peakMb / base.peakMb).toFixed(1),
      String(met),
    ]);
    if (met === false) failedTargets.push(`${name}: exit ${m.code}, ${m.wallS.toFixed(1)} s, ${m.peakMb} MB`);
  };
  try {
    const node = await measure(["-e", "0"]);
    rows.push(["node -e 0 (baseline)", node.code ?? "—", node.wallS.toFixed(1), node.peakMb, "1.0", "—"]);
    const wide = path.join(dir, "wide.xlsx");
    await writeWideWorkbook(wide, 100_000);
    record("read the 100k × 20 file's bytes (baseline)", await measure(readBytes(wide)), node, null);
    record(
      "report --facts-only, 100k × 20",
      await measure(cli("report", wide, "--facts-only", "--out", path.join(dir, "report.xlsx"))),
      node,
      { mb: 1024, s: 12 },
    );
    // The scripted model answers with no plan, so this measures reading and the prompt, not a model.
    record(
      "formula (prompt built, model answer refused), 100k × 20",
      await measure(cli("formula", wide, "--sheet", "Data", "--ask", "total Amount", "--ollama", ollama.url)),
      node,
      null,
    );
    for (const count of [100_000, 1_048_575]) {
      const column = path.join(dir, `column-${count}.xlsx`);
      await writeBigColumnWorkbook(column, count, 50);
      const args = ["classify", column, "--range", `Data!A2:A${count + 1}`, "--labels", "billing,bug,praise"];
      const out = ["--out", path.join(dir, `classified-${count}.xlsx`), "--ollama", ollama.url];
      record(
        `classify ${count.toLocaleString("en-US")} rows (50 distinct)`,
        await measure(cli(...args, ...out)),
        node,
        count > 1_000_000 ? { mb: 1536 } : null,
      );
      await rm(column, { force: true });
    }
  } finally {
    await ollama.close();
    await rm(dir, { recursive: true, force: true });
  }
  return {
    title: "scale-io: the CLI on sheet-sized workbooks (wall time, peak RSS)",
    columns: ["Run", "Exit", "Wall s", "Peak RSS MB", "RSS ratio to node -e 0", "Target met"],
    rows,
    notes: [
      "Peak RSS of the CLI process by /usr/bin/time -v; the Ollama-protocol server answers at once.",
      "The formula row's scripted model gives no valid plan, so the run ends after the prompt was built and sent (exit 1).",
      `Load average (1 min) ${loadAtStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end, on ${os.cpus().length} cores: provisional figures on a shared machine.`,
    ],
    failedTargets,
  };
}
