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
import { errorKind, exitCodeFor, EXIT, UsageError } from "./cli-errors";
import { COMMON_OPTIONS, type CliCommand, type CommandContext } from "./command";

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
  --ollama <url>     Ollama address (env OLLAMA_HOST; default http://127.0.0.1:11434)
  --model <name>     model to use (env SLM_MODEL; default qwen2.5:3b)
  --timeout <sec>    give up on a model request after this long (default 180)
  --json             print one JSON object on stdout (see README, "CLI output")
  -h, --help         this help

Exit codes: 0 ok, 2 bad arguments or input, 3 model or service unavailable, 1 other.`;

export async function runCli(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const wantsJson = argv.includes("--json");
  const started = Date.now();
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
    const context: CommandContext = {
      values: parsed.values,
      positionals: parsed.positionals,
      env: process.env,
      io,
    };
    const result = await command.run(context);
    if (wantsJson) {
      io.stdout(
        JSON.stringify({ ok: true, command: commandName, ...result.json, wallMs: Date.now() - started }),
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
