import { SETTING_DEFAULTS } from "../settings/settings";

/**
 * Resolves where Ollama listens, the way Ollama itself reads OLLAMA_HOST: "0.0.0.0:11434",
 * "localhost", ":11434" and full URLs (an explicit http:// without port means port 80, as in Ollama) are all accepted. The flag wins over the environment.
 */
export const DEFAULT_OLLAMA_URL = SETTING_DEFAULTS.ollamaDirectUrl;

export function resolveOllamaUrl(flag: string | undefined, env: string | undefined): string {
  const raw = (flag ?? env ?? "").trim();
  if (!raw) return DEFAULT_OLLAMA_URL;
  let text = raw.startsWith(":") ? `127.0.0.1${raw}` : raw;
  const explicitScheme = /^[a-z]+:\/\//i.test(text);
  if (!explicitScheme) text = `http://${text}`;
  const url = new URL(text);
  // Like Ollama: without a scheme the default port is 11434; with one, the scheme's own port.
  if (!url.port && !explicitScheme) url.port = "11434";
  // Ollama binds 0.0.0.0 to listen everywhere; as a destination it means this machine.
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  return url.toString().replace(/\/+$/, "");
}
