/**
 * `npm run eval -- formula --model scripted-good|scripted-weak|<ollama model> [--ollama url] [--record]`
 * Runs the formula eval (runner.ts), prints its tables, and with --record appends them to
 * docs/benchmarks.md. Exits 1 when the run misses its bar (see failures in runner.ts), 2 on bad arguments.
 */
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { resolveOllamaUrl } from "../../src/llm/ollama-url";
import { isLlmError } from "../../src/llm/errors";
import { markdown } from "./report";
import { failures, runFormulaEval } from "./runner";

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORD = path.join(here, "..", "..", "docs", "benchmarks.md");
const USAGE =
  "Usage: npm run eval -- formula --model scripted-good|scripted-weak|<ollama model> [--ollama url] [--record]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      model: { type: "string", default: "scripted-good" },
      ollama: { type: "string" },
      record: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const task = positionals[0] ?? "formula";
  if (task !== "formula" || positionals.length > 1) {
    console.error(`Unknown eval "${positionals.join(" ")}": only "formula" exists.\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const model = values.model;
  console.error(`formula eval with ${model}…`);
  const report = await runFormulaEval({
    model,
    ollamaUrl: resolveOllamaUrl(values.ollama, process.env.OLLAMA_HOST),
    onCase: (o) =>
      console.error(
        `  ${o.id.padEnd(14)} ${o.correct ? "correct" : "wrong  "} ${o.status}${o.fault ? ` (${o.fault})` : ""}`,
      ),
  });
  const text = markdown(report);
  console.log(text);
  if (values.record) {
    await appendFile(RECORD, text);
    console.error(`Recorded in ${path.relative(process.cwd(), RECORD)}.`);
  }
  const problems = failures(report);
  if (problems.length) {
    console.error(`Bar missed: ${problems.join("; ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  // Ollama problems (not running, model not pulled) come with a message written for the user.
  console.error(isLlmError(error) ? error.message : error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
