import { OllamaClient } from "../llm/ollama-client";
import { resolveOllamaUrl } from "../llm/ollama-url";
import type { Settings } from "../settings/settings";
import { UsageError } from "./cli-errors";
import { settingsFromFlags } from "./cli-settings";
import type { OptionSpec } from "./command-options";

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
  /** Set by commands whose outcome is a verdict, not a failure (doctor); otherwise 0. */
  exitCode?: number;
  /** The command already printed its output line by line (chat): nothing more is printed. */
  printed?: boolean;
}

/** A command's code; what --help says about it is in command-help.ts, so help loads none of this. */
export interface CliCommand {
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

/** Ollama's address from --ollama, else OLLAMA_HOST, else the default. */
export function ollamaUrlFrom(context: CommandContext): string {
  try {
    return resolveOllamaUrl(stringOption(context, "ollama"), context.env.OLLAMA_HOST);
  } catch {
    throw new UsageError(
      `"${stringOption(context, "ollama") ?? context.env.OLLAMA_HOST}" is not a valid Ollama address, e.g. http://127.0.0.1:11434`,
    );
  }
}

export function ollamaClientFrom(context: CommandContext): OllamaClient {
  const settings = settingsFrom(context);
  const baseUrl = ollamaUrlFrom(context);
  return new OllamaClient({ baseUrl, timeoutMs: settings.requestTimeoutSec * 1000, numCtx: settings.numCtx });
}
