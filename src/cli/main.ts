/**
 * `npx excel-slm <command> <workbook.xlsx> [options]`. Exit codes: 0 success, 2 bad arguments or
 * input, 3 model or service unavailable, 1 anything else. Errors are one line on stderr; with
 * --json, stdout also carries one JSON object describing the result or the error.
 */
import { parseArgs } from "node:util";
import { errorKind, exitCodeFor, EXIT, UsageError } from "./cli-errors";
import type { CliCommand, CommandContext } from "./command";
import { COMMON_OPTIONS } from "./command-options";
import { COMMAND_HELP, type CommandName } from "./command-help";
import { PACKAGE_VERSION } from "../host/node/package-version";

/**
 * Each command's code, loaded only when that command runs: `--help`, `--version` and usage errors
 * load no exceljs, SDK or engine code, and one command does not pay for the others' modules.
 * `serve` is not here: bin/excel-slm.js hands it to the server (server/serve.ts), because the CLI
 * may not import the server (eslint.config.js, "Rooms").
 */
const COMMANDS: Record<Exclude<CommandName, "serve">, () => Promise<CliCommand>> = {
  ask: async () => (await import("./commands/ask")).askCommand,
  classify: async () => (await import("./commands/classify")).classifyCommand,
  extract: async () => (await import("./commands/extract")).extractCommand,
  validate: async () => (await import("./commands/validate")).validateCommand,
  formula: async () => (await import("./commands/formula")).formulaCommand,
  report: async () => (await import("./commands/report")).reportCommand,
  explain: async () => (await import("./commands/explain")).explainCommand,
  chat: async () => (await import("./commands/chat")).chatCommand,
  doctor: async () => (await import("./commands/doctor")).doctorCommand,
};

function isCommand(name: string): name is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, name);
}

/** The full help. The defaults come from the settings schema, which is loaded only for it. */
async function usage(): Promise<string> {
  const { SETTING_DEFAULTS } = await import("../settings/settings");
  return `excel-slm ${PACKAGE_VERSION}: local-first AI for Excel workbooks, on your own Ollama model.

Usage: excel-slm <command> <workbook.xlsx> [options]

Commands:
${Object.entries(COMMAND_HELP)
  .map(([name, help]) => `  ${name.padEnd(10)} ${help.summary}\n             ${help.usage}`)
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
  -v, --version      print the version

Exit codes: 0 ok, 2 bad arguments or input, 3 model or service unavailable, 1 other.`;
}

export async function runCli(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const wantsJson = argv.includes("--json");
  const started = Date.now();
  failWritesOverTheSizeLimit();
  // `help classify` is `classify --help`; options before the command are a mistake, but asking
  // for help among them still gets help rather than "Unknown command".
  const helpFor = argv[0] === "help" && argv[1] && isCommand(argv[1]) ? argv[1] : undefined;
  const commandName = helpFor ?? argv[0];
  const asksHelp = helpFor !== undefined || argv.includes("--help") || argv.includes("-h");
  try {
    if (
      !commandName ||
      commandName === "help" ||
      (asksHelp && !isCommand(commandName) && commandName.startsWith("-"))
    ) {
      io.stdout(await usage());
      return commandName ? EXIT.ok : EXIT.badInput;
    }
    if (commandName === "-v" || commandName === "--version" || commandName === "version") {
      io.stdout(PACKAGE_VERSION);
      return EXIT.ok;
    }
    if (commandName.startsWith("-")) {
      throw new UsageError(
        `Options come after the command: excel-slm <command> <workbook.xlsx> ${argv.join(" ")}. Commands: ${Object.keys(COMMAND_HELP).join(", ")}.`,
      );
    }
    if (!isCommand(commandName)) {
      throw new UsageError(
        `Unknown command "${commandName}". Available: ${Object.keys(COMMAND_HELP).join(", ")}. Run excel-slm --help.`,
      );
    }
    const help = COMMAND_HELP[commandName];
    if (asksHelp) {
      io.stdout(`excel-slm ${help.usage}\n${help.summary}`);
      return EXIT.ok;
    }
    const command = await COMMANDS[commandName]();
    let parsed;
    try {
      parsed = parseArgs({
        args: argv.slice(1),
        options: { ...COMMON_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. Usage: excel-slm ${help.usage}`);
    }
    const values: CommandContext["values"] = { ...parsed.values };
    const backup = await checkFiles(command, values, parsed.positionals, io);
    const context: CommandContext = { values, positionals: parsed.positionals, env: process.env, io };
    const result = await command.run(context);
    const exitCode = result.exitCode ?? EXIT.ok;
    if (result.printed) {
      // The command printed its own lines as it went (chat: one per answer).
    } else if (wantsJson) {
      io.stdout(
        JSON.stringify({
          ok: exitCode === EXIT.ok,
          command: commandName,
          ...result.json,
          ...(backup ? { backup } : {}),
          wallMs: Date.now() - started,
        }),
      );
    } else {
      io.stdout(result.text);
    }
    return exitCode;
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
    const { cacheFolderProblem } = await import("../host/xlsx/file-cache");
    const problem = await cacheFolderProblem(values.cache);
    if (problem) throw new UsageError(problem);
  }
  if (!("out" in command.options)) return undefined;
  const { planOutput } = await import("./output-file");
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
