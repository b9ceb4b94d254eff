import { SettingsSchema, type Settings } from "../settings/settings";
import { UsageError } from "./cli-errors";

type CommandValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * The CLI's flags that are settings in the add-in, each parsed by the add-in's own settings schema,
 * so a flag accepts what the Settings tab accepts and an absent flag means the add-in's default.
 */
const FLAG_SETTINGS = {
  model: { setting: "model", example: "qwen2.5:3b", number: false },
  timeout: { setting: "requestTimeoutSec", example: "60", number: true },
  "num-ctx": { setting: "numCtx", example: "8192", number: true },
  threshold: { setting: "confidenceThreshold", example: "0.5", number: true },
  "abstain-label": { setting: "abstainLabel", example: "REVIEW", number: false },
} as const satisfies Record<string, { setting: keyof Settings; example: string; number: boolean }>;

/** What the add-in's schema allows for a setting, in words, for the error message. */
function allowedFor(setting: keyof Settings): string {
  const probe = SettingsSchema.shape[setting].safeParse(undefined);
  return probe.success ? `default ${JSON.stringify(probe.data)}` : "";
}

/**
 * The settings a CLI run uses: the add-in's defaults, the environment (SLM_MODEL), then the flags.
 * A bad value is a UsageError (exit 2) that names the flag, what was given and an example.
 */
export function settingsFromFlags(values: CommandValues, env: NodeJS.ProcessEnv): Settings {
  const chosen: Record<string, unknown> = {};
  if (env.SLM_MODEL) chosen.model = env.SLM_MODEL;
  for (const [flag, spec] of Object.entries(FLAG_SETTINGS)) {
    const raw = values[flag];
    if (typeof raw !== "string") continue;
    const value = spec.number && raw.trim() !== "" ? Number(raw) : raw;
    const parsed = SettingsSchema.shape[spec.setting].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]?.message ?? "not allowed";
      throw new UsageError(
        `--${flag} "${raw}" is not allowed (${issue}; ${allowedFor(spec.setting)}), e.g. --${flag} ${spec.example}`,
      );
    }
    chosen[spec.setting] = parsed.data;
  }
  return SettingsSchema.parse(chosen);
}
