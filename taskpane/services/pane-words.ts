import { describeError } from "../../src/errors/slm-error";

/**
 * The pane's words for what engine code says in a developer's terms. Engine messages are written
 * for logs and the CLI ("the headless engine…", "POST /api/chat: HTTP 404", "ECONNREFUSED"); a
 * person in Excel gets the same facts in plain words. Every message a view shows goes through here.
 */
const REPLACEMENTS: [RegExp, string][] = [
  // Connection failures from fetch/undici, whatever wraps them.
  [
    /[^.]*\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|Failed to fetch|NetworkError)\b[^.]*\.?/gi,
    "Ollama is not answering. Start Ollama (the app, or ollama serve in a terminal) and try again.",
  ],
  // "POST /api/chat: HTTP 404 Not Found" → a sentence without the protocol.
  [
    /\b(?:GET|POST|PUT|DELETE|PATCH|HEAD) \/\S*:? ?HTTP (\d{3})(?: [A-Za-z ]+)?/g,
    "the service answered with error $1",
  ],
  [/\bHTTP (\d{3})\b/g, "error $1"],
  [/\bthe headless engine \(fast-formula-parser\)/gi, "the formula checker"],
  [/\bthe headless engine\b/gi, "the formula checker"],
  [/\bheadless engine\b/gi, "formula checker"],
  [
    /\(no plan kind fitted the request\)/gi,
    "(none of the assistant's formula patterns fitted, so it was checked on its own)",
  ],
  [/no plan kind fitted the request/gi, "none of the assistant's formula patterns fitted"],
  [/\bSHA-256\b/g, "fingerprint"],
  // Stack-like lines ("    at fn (file.js:1:2)").
  [/\s+at \S+ \(\S+:\d+:\d+\)/g, ""],
  [/`/g, ""],
];

/** Rewrites developer words in a message into the pane's words. */
export function paneWords(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out.replace(/\s{2,}/g, " ").trim();
}

/** An error as the pane says it: what happened and, where the engine says, how to fix it. */
export function paneMessage(error: unknown): string {
  return paneWords(describeError(error));
}
