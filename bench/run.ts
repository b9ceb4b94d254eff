/**
 * `npm run bench -- <name> [<name> ...]`: runs benchmarks from bench/<name>.ts, prints each
 * table and appends it to docs/benchmarks.md with the machine and date. Every benchmark reports
 * ratios against a baseline measured in the same run, because these machines are noisy.
 */
import { appendFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchmarkReport } from "./report";

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORD = path.join(here, "..", "docs", "benchmarks.md");

async function available(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((file) => file.endsWith(".bench.ts"))
    .map((file) => file.replace(/\.bench\.ts$/, ""))
    .sort();
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function markdown(report: BenchmarkReport): string {
  const header = `| ${report.columns.join(" | ")} |\n|${report.columns.map(() => "---").join("|")}|`;
  const rows = report.rows.map((row) => `| ${row.map(String).join(" | ")} |`).join("\n");
  const notes = report.notes.length ? `\n\n${report.notes.map((note) => `- ${note}`).join("\n")}` : "";
  return `\n## ${report.title} — ${new Date().toISOString().slice(0, 10)}\n\nMachine: ${machine()}.\n\n${header}\n${rows}${notes}\n`;
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const known = await available();
  const chosen = names.length ? names : known;
  for (const name of chosen) {
    if (!known.includes(name)) {
      console.error(`Unknown benchmark "${name}". Available: ${known.join(", ") || "none"}.`);
      process.exitCode = 2;
      return;
    }
  }
  for (const name of chosen) {
    const module = (await import(path.join(here, `${name}.bench.ts`))) as {
      run: () => Promise<BenchmarkReport>;
    };
    console.error(`Running benchmark ${name}…`);
    const report = await module.run();
    const text = markdown(report);
    console.log(text);
    if (!process.argv.includes("--no-record")) await appendFile(RECORD, text);
    if (report.failedTargets.length) {
      console.error(`Targets missed: ${report.failedTargets.join("; ")}`);
      process.exitCode = 1;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
