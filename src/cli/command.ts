import { OllamaClient } from "../llm/ollama-client";
import { resolveOllamaUrl } from "../llm/ollama-url";
import type { Settings } from "../settings/settings";
import { UsageError } from "./cli-errors";
import { settingsFromFlags } from "./cli-settings";

type OptionSpec = { type: "string" | "boolean"; short?: string };

export const COMMON_OPTIONS = {
  ollama: { type: "string" },
  model: { type: "string" },
  timeout: { type: "string" },
  "num-ctx": { type: "string" },
  json: { type: "boolean" },
  // Every command accepts it; only the ones that write (those with --out) act on it.
  "in-place": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, OptionSpec>;

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

/** The add-in's settings as this run's flags and environment set them (see cli-settings.ts). */
export function settingsFrom(context: CommandContext): Settings {
  return settingsFromFlags(context.values, context.env);
}

export function modelFrom(context: CommandContext): string {
  return settingsFrom(context).model;
}

export function ollamaClientFrom(context: CommandContext): OllamaClient {
  const settings = settingsFrom(context);
  let baseUrl: string;
  try {
    baseUrl = resolveOllamaUrl(stringOption(context, "ollama"), context.env.OLLAMA_HOST);
  } catch {
    throw new UsageError(
      `"${stringOption(context, "ollama") ?? context.env.OLLAMA_HOST}" is not a valid Ollama address, e.g. http://127.0.0.1:11434`,
    );
  }
  return new OllamaClient({ baseUrl, timeoutMs: settings.requestTimeoutSec * 1000, numCtx: settings.numCtx });
}
