import { OllamaClient } from "../llm/ollama-client";
import { resolveOllamaUrl } from "./ollama-url";
import { UsageError } from "./cli-errors";

type OptionSpec = { type: "string" | "boolean"; short?: string };

export const COMMON_OPTIONS = {
  ollama: { type: "string" },
  model: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  // Every command accepts it; only the ones that write (those with --out) act on it.
  "in-place": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, OptionSpec>;

export const DEFAULT_MODEL = "qwen2.5:3b";

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  io: { stdout: (s: string) => void; stderr: (s: string) => void };
}

export interface CommandResult {
  /** What a person reads on stdout. */
  text: string;
  /** The fields of the --json object (ok, command and wallMs are added around them). */
  json: Record<string, unknown>;
}

export interface CliCommand {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(context: CommandContext): Promise<CommandResult>;
}

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredOption(context: CommandContext, name: string, example: string): string {
  const value = stringOption(context, name);
  if (!value) throw new UsageError(`--${name} is required, e.g. --${name} ${example}`);
  return value;
}

export function workbookPath(context: CommandContext, usage: string): string {
  const [workbook, ...extra] = context.positionals;
  if (!workbook) throw new UsageError(`Give the workbook to read. Usage: excel-slm ${usage}`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}". Usage: excel-slm ${usage}`);
  return workbook;
}

export function modelFrom(context: CommandContext): string {
  return stringOption(context, "model") || context.env.SLM_MODEL || DEFAULT_MODEL;
}

export function ollamaClientFrom(context: CommandContext): OllamaClient {
  const timeout = stringOption(context, "timeout");
  const seconds = timeout === undefined ? 180 : Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a number of seconds, e.g. --timeout 60 (got "${timeout}")`);
  }
  let baseUrl: string;
  try {
    baseUrl = resolveOllamaUrl(stringOption(context, "ollama"), context.env.OLLAMA_HOST);
  } catch {
    throw new UsageError(
      `"${stringOption(context, "ollama") ?? context.env.OLLAMA_HOST}" is not a valid Ollama address, e.g. http://127.0.0.1:11434`,
    );
  }
  return new OllamaClient({ baseUrl, timeoutMs: seconds * 1000 });
}
