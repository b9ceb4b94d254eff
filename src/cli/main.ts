/**
 * `npx excel-slm <command> <workbook.xlsx> [options]`. Exit codes: 0 success, 2 bad arguments or
 * input, 3 model or service unavailable, 1 anything else. Errors are one line on stderr; with
 * --json, stdout also carries one JSON object describing the result or the error.
 */
import { parseArgs } from "node:util";
import { askCommand } from "./commands/ask";
import { classifyCommand } from "./commands/classify";
import { explainCommand } from "./commands/explain";
import { extractCommand } from "./commands/extract";
import { formulaCommand } from "./commands/formula";
import { reportCommand } from "./commands/report";
import { validateCommand } from "./commands/validate";
import { cacheFolderProblem } from "../host/xlsx/file-cache";
import { errorKind, exitCodeFor, EXIT, UsageError } from "./cli-errors";
import { COMMON_OPTIONS, type CliCommand, type CommandContext } from "./command";
import { planOutput } from "./output-file";
import { SETTING_DEFAULTS } from "../settings/settings";

const COMMANDS: Record<string, CliCommand> = {
  ask: askCommand,
  classify: classifyCommand,
  extract: extractCommand,
  validate: validateCommand,
  formula: formulaCommand,
  report: reportCommand,
  explain: explainCommand,
};

const USAGE = `excel-slm: local-first AI for Excel workbooks, on your own Ollama model.

Usage: excel-slm <command> <workbook.xlsx> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}\n             ${command.usage}`)
  .join("\n")}

Common options:
  --ollama <url>     Ollama address (env OLLAMA_HOST; default ${SETTING_DEFAULTS.ollamaDirectUrl})
  --model <name>     model to use (env SLM_MODEL; default ${SETTING_DEFAULTS.model})
  --timeout <sec>    give up on a model request after this long (default ${SETTING_DEFAULTS.requestTimeoutSec})
  --num-ctx <tokens> the model's context window to ask Ollama for (default ${SETTING_DEFAULTS.numCtx})
  --json             print one JSON object on stdout (see README, "CLI output")
  --in-place         commands that write: write into the input workbook (--out may not name it
                     otherwise), after copying it to <name>.backup-YYYYMMDD-HHMMSS.xlsx next to it
  -h, --help         this help

Exit codes: 0 ok, 2 bad arguments or input, 3 model or service unavailable, 1 other.`;

export async function runCli(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const wantsJson = argv.includes("--json");
  const started = Date.now();
  failWritesOverTheSizeLimit();
  const commandName = argv[0];
  try {
    if (!commandName || commandName === "-h" || commandName === "--help" || commandName === "help") {
      io.stdout(USAGE);
      return commandName ? EXIT.ok : EXIT.badInput;
    }
    const command = COMMANDS[commandName];
    if (!command) {
      throw new UsageError(
        `Unknown command "${commandName}". Available: ${Object.keys(COMMANDS).join(", ")}. Run excel-slm --help.`,
      );
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: argv.slice(1),
        options: { ...COMMON_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. Usage: excel-slm ${command.usage}`);
    }
    if (parsed.values.help) {
      io.stdout(`excel-slm ${command.usage}\n${command.summary}`);
      return EXIT.ok;
    }
    const values: CommandContext["values"] = { ...parsed.values };
    const backup = await checkFiles(command, values, parsed.positionals, io);
    const context: CommandContext = { values, positionals: parsed.positionals, env: process.env, io };
    const result = await command.run(context);
    if (wantsJson) {
      io.stdout(
        JSON.stringify({
          ok: true,
          command: commandName,
          ...result.json,
          ...(backup ? { backup } : {}),
          wallMs: Date.now() - started,
        }),
      );
    } else {
      io.stdout(result.text);
    }
    return EXIT.ok;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
    const exitCode = exitCodeFor(error);
    io.stderr(`excel-slm: ${message}`);
    if (wantsJson) {
      // Some failures still have a result to report (the formula that could not be verified).
      const partial = (error as { json?: Record<string, unknown> }).json ?? {};
      io.stdout(
        JSON.stringify({
          ok: false,
          command: commandName ?? null,
          ...partial,
          error: { kind: errorKind(error), message },
          exitCode,
        }),
      );
    }
    return exitCode;
  }
}

/**
 * The file options every command shares, checked before the command runs so that no model time
 * is spent on a run that would be refused: --out may not name the input (unless --in-place, which
 * first keeps a backup; the backup's path is returned), and --cache must be a folder. Commands
 * without --out or --cache ignore them.
 */
async function checkFiles(
  command: CliCommand,
  values: CommandContext["values"],
  positionals: string[],
  io: { stderr: (s: string) => void },
): Promise<string | undefined> {
  if (typeof values.cache === "string" && "cache" in command.options) {
    const problem = await cacheFolderProblem(values.cache);
    if (problem) throw new UsageError(problem);
  }
  if (!("out" in command.options)) return undefined;
  const plan = await planOutput({
    input: positionals[0],
    out: typeof values.out === "string" ? values.out : undefined,
    inPlace: values["in-place"] === true,
  });
  values.out = plan.out;
  if (plan.backup)
    io.stderr(`excel-slm: --in-place: kept a copy of the input as "${plan.backup}" before writing into it.`);
  return plan.backup;
}

/**
 * A file size limit (ulimit -f) kills a process with SIGXFSZ in the middle of a write. With a
 * handler installed the write fails with EFBIG instead, so the save removes its temporary file,
 * leaves the old file as it was, and the user gets a message rather than a dead process.
 */
function failWritesOverTheSizeLimit(): void {
  if (process.platform === "win32" || process.listenerCount("SIGXFSZ") > 0) return;
  process.on("SIGXFSZ", () => undefined);
}
