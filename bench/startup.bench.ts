/**
 * `npm run bench -- startup`: how long a user waits for one CLI command, start to exit, each run
 * a fresh process: `--help`, `ask` on a small sheet, `classify` on 10 rows and `report` on a 20-row
 * sheet, against the Ollama-protocol server (which answers at once, so this is the CLI's own
 * cost). Reported as medians and as ratios to `node -e 0` measured in the same run. Issue #13's
 * targets: `--help` ≤ 8× `node -e 0`, `report` on 20 rows ≤ 1.5 s. The built CLI (dist-node/,
 * rebuilt first) is what users run; `--help` from the TypeScript sources (tsx) is the baseline
 * it replaced.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { buildNode } from "../scripts/build-node";
import { plantedOrders } from "../test/analysis/fixtures/order-tables";
import { OllamaProtocolServer } from "../test/support/ollama-protocol-server";
import { runProcess } from "../test/support/processes";
import { keywordLabeller } from "../test/support/scripted-models";
import type { BenchmarkReport } from "./report";

const RUNS = 7;
const HELP_RATIO_TARGET = 8;
const REPORT_TARGET_MS = 1500;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "excel-slm.js");

/** Median wall time of RUNS fresh processes; every run must exit 0. */
async function median(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    // Asynchronous: the protocol server answering the CLI runs in this process's event loop.
    const result = await runProcess(process.execPath, args, { env });
    times.push(performance.now() - start);
    if (result.code !== 0) throw new Error(`${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function workbooks(dir: string): Promise<{ tickets: string; orders: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Data");
  sheet.addRow(["Ticket"]);
  const texts = ["refund please", "app crash", "love it", "invoice wrong", "crash on save"];
  for (let row = 0; row < 10; row++) sheet.addRow([`${texts[row % texts.length]} #${row + 1}`]);
  const tickets = path.join(dir, "tickets.xlsx");
  await workbook.xlsx.writeFile(tickets);
  const orders = path.join(dir, "orders.xlsx");
  await plantedOrders().workbook.xlsx.writeFile(orders);
  return { tickets, orders };
}

export async function run(): Promise<BenchmarkReport> {
  await buildNode();
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-startup-"));
  const ollama = await OllamaProtocolServer.start();
  ollama.onChat(keywordLabeller({ refund: "billing", invoice: "billing", crash: "bug" }, "praise"));
  try {
    const { tickets, orders } = await workbooks(dir);
    const built = { EXCEL_SLM_FROM_SOURCE: "", OLLAMA_HOST: ollama.url, SLM_HOME: path.join(dir, "home") };
    const cases: Array<[string, string[], NodeJS.ProcessEnv]> = [
      ["node -e 0 (baseline)", ["-e", "0"], {}],
      ["excel-slm --help", [bin, "--help"], built],
      [
        "excel-slm --help, from the TypeScript sources (tsx)",
        [bin, "--help"],
        { ...built, EXCEL_SLM_FROM_SOURCE: "1" },
      ],
      [
        "excel-slm ask (a 10-row range)",
        [bin, "ask", tickets, "--ask", "What is this?", "--range", "Data!A1:A11"],
        built,
      ],
      [
        "excel-slm classify (10 rows)",
        [
          bin,
          "classify",
          tickets,
          "--range",
          "Data!A2:A11",
          "--labels",
          "billing,bug,praise",
          "--out",
          path.join(dir, "c.xlsx"),
        ],
        built,
      ],
      [
        "excel-slm report (20 rows, 8 columns)",
        [bin, "report", orders, "--sheet", "Orders", "--out", path.join(dir, "r.xlsx")],
        built,
      ],
    ];
    const medians: Array<{ name: string; ms: number }> = [];
    for (const [name, args, env] of cases) {
      console.error(`  ${name}`);
      medians.push({ name, ms: await median(args, env) });
    }
    const baseline = medians[0]!.ms;
    const help = medians[1]!.ms;
    const report = medians[5]!.ms;
    const failedTargets: string[] = [];
    if (help / baseline > HELP_RATIO_TARGET)
      failedTargets.push(
        `--help is ${(help / baseline).toFixed(1)}× node -e 0 (target ≤ ${HELP_RATIO_TARGET}×)`,
      );
    if (report > REPORT_TARGET_MS)
      failedTargets.push(`report took ${Math.round(report)} ms (target ≤ ${REPORT_TARGET_MS} ms)`);
    return {
      title: "startup: one CLI command, start to exit",
      columns: ["command", `median of ${RUNS} ms`, "× node -e 0"],
      rows: medians.map(({ name, ms }) => [name, Math.round(ms), (ms / baseline).toFixed(1)]),
      notes: [
        "Each run a fresh process (file cache warm), through bin/excel-slm.js as `npx excel-slm` runs it; the built CLI is dist-node/ (esbuild), rebuilt before measuring.",
        "The Ollama-protocol server answers at once: the times are the CLI's own (loading, reading, writing the workbook).",
        `Targets: --help ≤ ${HELP_RATIO_TARGET}× node -e 0, report on 20 rows ≤ ${REPORT_TARGET_MS} ms. ${failedTargets.length ? `Missed: ${failedTargets.join("; ")}.` : "Both met."}`,
      ],
      failedTargets,
    };
  } finally {
    await ollama.close();
    await rm(dir, { recursive: true, force: true });
  }
}
