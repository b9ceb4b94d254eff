// Option specs for parseArgs. Apart from command.ts (which builds Ollama clients) so that
// main.ts can parse a command line without loading the Ollama client.
export type OptionSpec = { type: "string" | "boolean"; short?: string };

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
