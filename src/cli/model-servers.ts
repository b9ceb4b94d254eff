import { LocalOpenAiClient } from "../llm/local-openai-client";
import { OllamaClient } from "../llm/ollama-client";
import { ollamaServer } from "../llm/ollama-server";
import { resolveOllamaUrl } from "../llm/ollama-url";
import { ModelServerPool } from "../llm/server-pool";
import { SettingsSchema } from "../settings/settings";
import { UsageError } from "./cli-errors";
import { settingsFrom, stringOption, type CommandContext } from "./command";

/**
 * The model servers a bulk run uses: `--local-openai URL[,URL...]` (env SLM_LOCAL_OPENAI_URL) for
 * OpenAI-compatible local servers, else `--ollama URL[,URL...]` (env OLLAMA_HOST, default the local
 * Ollama). Always a pool, so one server and many run the same way.
 */

/** Option specs the bulk commands add for this (--ollama is a global option). */
export const MODEL_SERVER_OPTIONS = {
  "local-openai": { type: "string" },
  "local-openai-concurrency": { type: "string" },
} as const;

/** With others beside it, a server gets one retry of its own: another server can take the request sooner. */
function memberRetries(servers: number): number | undefined {
  return servers > 1 ? 1 : undefined;
}

function addressList(raw: string): string[] {
  return raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function ollamaUrls(context: CommandContext): string[] {
  const flag = stringOption(context, "ollama");
  const raw = flag ?? context.env.OLLAMA_HOST;
  const fromSettings = settingsFrom(context).ollamaPoolUrls;
  if (!raw?.trim()) return fromSettings.length ? fromSettings : [resolveOllamaUrl(undefined, undefined)];
  return addressList(raw).map((address) => {
    try {
      return resolveOllamaUrl(address, undefined);
    } catch {
      throw new UsageError(
        `"${address}" is not a valid Ollama address, e.g. --ollama http://gpu1:11434,http://gpu2:11434`,
      );
    }
  });
}

function localOpenAiUrls(context: CommandContext): string[] {
  const raw = stringOption(context, "local-openai") ?? context.env.SLM_LOCAL_OPENAI_URL;
  if (raw === undefined || raw.trim() === "") return settingsFrom(context).localOpenAiUrls;
  const urls = addressList(raw).map((address) => address.replace(/\/+$/, ""));
  const parsed = SettingsSchema.shape.localOpenAiUrls.safeParse(urls);
  if (!parsed.success) {
    throw new UsageError(
      `--local-openai "${raw}" is not a list of server addresses, e.g. --local-openai http://127.0.0.1:8080/v1`,
    );
  }
  return parsed.data;
}

function concurrencyFlag(context: CommandContext, name: string, fallback: number): number {
  const raw = stringOption(context, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 256)
    throw new UsageError(`--${name} must be a whole number from 1 to 256 (got "${raw}")`);
  return value;
}

export interface ModelServerChoice {
  pool: ModelServerPool;
  /** For the summary: "2 Ollama servers" or "1 OpenAI-compatible server". */
  description: string;
}

export function modelServersFrom(context: CommandContext): ModelServerChoice {
  const settings = settingsFrom(context);
  const timeoutMs = settings.requestTimeoutSec * 1000;
  const openAi = localOpenAiUrls(context);
  if (openAi.length > 0) {
    if (stringOption(context, "ollama") !== undefined) {
      throw new UsageError(
        "Give --ollama or --local-openai, not both: one run uses one kind of server so every cell gets the same model.",
      );
    }
    const concurrency = concurrencyFlag(context, "local-openai-concurrency", settings.localOpenAiConcurrency);
    const pool = new ModelServerPool(
      openAi.map((baseUrl) => ({
        server: new LocalOpenAiClient({
          baseUrl,
          apiKey: context.env.SLM_LOCAL_OPENAI_KEY,
          timeoutMs,
          retries: memberRetries(openAi.length),
        }),
        concurrency,
      })),
    );
    return { pool, description: serversText(openAi.length, "OpenAI-compatible") };
  }
  const urls = ollamaUrls(context);
  const concurrency = concurrencyFlag(context, "concurrency", settings.concurrency);
  const pool = new ModelServerPool(
    urls.map((baseUrl) => ({
      server: ollamaServer(
        new OllamaClient({
          baseUrl,
          timeoutMs,
          numCtx: settings.numCtx,
          retries: memberRetries(urls.length),
        }),
      ),
      concurrency,
    })),
  );
  return { pool, description: serversText(urls.length, "Ollama") };
}

function serversText(count: number, kind: string): string {
  return `${count} ${kind} server${count === 1 ? "" : "s"}`;
}
