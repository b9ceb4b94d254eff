/**
 * Ollama's CORS rules (gin-contrib/cors configured by `GenerateRoutes` with
 * `envconfig.AllowedOrigins()`), so tests see the same 403s and headers a browser would.
 */

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "0.0.0.0"];

/** Always allowed, even when OLLAMA_ORIGINS adds more. `*` matches any run of characters. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  ...LOCAL_HOSTS.flatMap((host) => [
    `http://${host}`,
    `https://${host}`,
    `http://${host}:*`,
    `https://${host}:*`,
  ]),
  "app://*",
  "file://*",
  "tauri://*",
  "vscode-webview://*",
  "vscode-file://*",
];

/** As gin-contrib sends them: canonical header case, comma-joined without spaces. */
export const ALLOWED_CORS_HEADERS: readonly string[] = [
  "Authorization",
  "Content-Type",
  "User-Agent",
  "Accept",
  "X-Requested-With",
  "Openai-Beta",
  ...[
    "arch",
    "async",
    "custom-poll-interval",
    "helper-method",
    "lang",
    "os",
    "package-version",
    "poll-helper",
    "retry-count",
    "runtime",
    "runtime-version",
    "timeout",
  ].map((suffix) => canonicalHeader(`x-stainless-${suffix}`)),
];

export const ALLOWED_CORS_METHODS = "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS";

/** gin-contrib's DefaultConfig MaxAge (12 h), which Ollama keeps. */
const PREFLIGHT_MAX_AGE_SECONDS = "43200";

export type CorsDecision =
  { kind: "not-cors" } | { kind: "forbidden" } | { kind: "allowed"; allowOrigin: string };

function canonicalHeader(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join("-");
}

function matchesPattern(origin: string, pattern: string): boolean {
  if (!pattern.includes("*")) return origin === pattern;
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(origin);
}

/**
 * No Origin, or the page's own origin: not a cross-origin request, so no CORS headers at all.
 * Otherwise the origin must match a pattern or the request is refused before any handler runs.
 */
export function decideCors(
  origin: string | undefined,
  host: string | undefined,
  extraOrigins: readonly string[],
): CorsDecision {
  if (!origin) return { kind: "not-cors" };
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return { kind: "not-cors" };
  if (extraOrigins.includes("*")) return { kind: "allowed", allowOrigin: "*" };
  const normalized = origin.toLowerCase();
  const patterns = [...DEFAULT_ALLOWED_ORIGINS, ...extraOrigins.map((pattern) => pattern.toLowerCase())];
  return patterns.some((pattern) => matchesPattern(normalized, pattern))
    ? { kind: "allowed", allowOrigin: origin }
    : { kind: "forbidden" };
}

export function corsHeaders(allowOrigin: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { "Access-Control-Allow-Origin": allowOrigin };
  // With a fixed "*" the answer does not depend on Origin, so caches need no Vary.
  if (allowOrigin !== "*") headers.Vary = "Origin";
  return headers;
}

export function preflightHeaders(allowOrigin: string): Record<string, string | string[]> {
  return {
    ...corsHeaders(allowOrigin),
    Vary: ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"],
    "Access-Control-Allow-Methods": ALLOWED_CORS_METHODS,
    "Access-Control-Allow-Headers": ALLOWED_CORS_HEADERS.join(","),
    "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_SECONDS,
  };
}
