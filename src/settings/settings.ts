import { z } from "zod";
import type { KeyValueStore } from "./key-value-store";

/** The tasks that can each have their own model; any task without one uses `model`. */
export const MODEL_TASKS = [
  "ask",
  "formula",
  "explain",
  "classify",
  "extract",
  "validate",
  "report",
] as const;

export type ModelTask = (typeof MODEL_TASKS)[number];

/**
 * Keeps the entries that name a known task and a model, so one stale entry (a task renamed in a
 * later version) does not throw away the user's other choices when settings load.
 */
function knownTaskModels(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).filter(
      ([task, model]) =>
        (MODEL_TASKS as readonly string[]).includes(task) && typeof model === "string" && model,
    ),
  );
}

/** The add-in's settings: one schema, one storage key, defaults in one place. */
export const SettingsSchema = z.object({
  /** "relay": through the local server (no OLLAMA_ORIGINS needed); "direct": the page calls Ollama. */
  ollamaMode: z.enum(["relay", "direct"]).default("relay"),
  ollamaDirectUrl: z.string().url().default("http://127.0.0.1:11434"),
  model: z.string().min(1).default("qwen2.5:3b"),
  /** Per-task overrides of `model`, e.g. a larger model for formulas and a small one for bulk labels. */
  taskModels: z
    .preprocess(knownTaskModels, z.partialRecord(z.enum(MODEL_TASKS), z.string().min(1)))
    .default(() => ({})),
  numCtx: z.number().int().min(512).max(1_048_576).default(8192),
  requestTimeoutSec: z.number().int().min(5).max(3600).default(180),
  /** Model requests in flight at once; match OLLAMA_NUM_PARALLEL (Ollama's default is 1). */
  concurrency: z.number().int().min(1).max(16).default(1),
  /** SLM.CLASSIFY answers below this confidence become the abstain label. */
  confidenceThreshold: z.number().min(0).max(1).default(0.5),
  abstainLabel: z.string().min(1).max(40).default("REVIEW"),
  /**
   * Several Ollama servers serving the same model, for bulk work (a pool: requests are spread over
   * them, each taking `concurrency` at once). Empty: the one Ollama set above.
   */
  ollamaPoolUrls: z
    .array(z.string().url())
    .max(32)
    .default(() => []),
  /**
   * Local or on-premises OpenAI-compatible servers (llama.cpp's llama-server, vLLM, LM Studio),
   * each ending in /v1. When set, bulk work runs on them instead of Ollama; they are local: no
   * redaction, consent or cloud budget applies.
   */
  localOpenAiUrls: z
    .array(z.string().url())
    .max(32)
    .default(() => []),
  /** Requests each OpenAI-compatible server takes at once (continuous batching: vLLM many, llama-server its --parallel). */
  localOpenAiConcurrency: z.number().int().min(1).max(256).default(4),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const SETTINGS_KEY = "excel-slm.settings.v1";

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/**
 * Every default of the settings, for code that runs without stored settings (the CLI, the Ollama
 * client's fallbacks): read from the schema, so a default is written in one place only.
 */
export const SETTING_DEFAULTS: Readonly<Settings> = Object.freeze(defaultSettings());

/** Reads settings; anything unreadable or invalid falls back to the defaults field by field. */
export async function loadSettings(store: KeyValueStore): Promise<Settings> {
  const raw = await store.getItem(SETTINGS_KEY);
  if (!raw) return defaultSettings();
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return defaultSettings();
  }
  const settings = defaultSettings();
  const shape = SettingsSchema.shape;
  for (const key of Object.keys(shape) as (keyof Settings)[]) {
    const parsed = shape[key].safeParse(stored[key]);
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
}

/** The model a task runs on: its own choice when set, else the default model. */
export function modelFor(settings: Pick<Settings, "model" | "taskModels">, task: ModelTask): string {
  return settings.taskModels[task] ?? settings.model;
}

export async function saveSettings(store: KeyValueStore, settings: Settings): Promise<void> {
  await store.setItem(SETTINGS_KEY, JSON.stringify(SettingsSchema.parse(settings)));
}
