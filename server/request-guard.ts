import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { RELAY_KEY_HEADER } from "../src/routing/relay-key";

/**
 * Who may use the local server. Only our own page: it must reach us by a loopback name (so a
 * DNS-rebound foreign name cannot read the page and its key), come from our origin when it says
 * where it comes from, and carry the per-launch relay key the server put into the page it served.
 */

/** 32 random bytes, new each launch: a restarted server invalidates pages served before. */
export function newRelayKey(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * True when the Host header names this server by a loopback name and our port. A browser sends
 * the name from the address bar, so a page on evil.example rebound to 127.0.0.1 arrives with
 * Host: evil.example and is refused before it can read the page that holds the key.
 */
export function isOwnHost(hostHeader: string | undefined, port: number, defaultPort: number): boolean {
  if (!hostHeader) return false;
  const match = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!match) return false;
  const named = match[2] === undefined ? defaultPort : Number(match[2]);
  return named === port;
}

/** A request that names an Origin other than ours (including "null") comes from another page. */
export function isForeignOrigin(request: IncomingMessage, ownOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && !ownOrigins.includes(origin.toLowerCase());
}

/** Compares digests, so neither the key's length nor its first wrong byte shows in the timing. */
export function carriesRelayKey(request: IncomingMessage, key: string): boolean {
  const sent = request.headers[RELAY_KEY_HEADER];
  if (typeof sent !== "string" || sent.length === 0) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(sent), digest(key));
}

/**
 * The Ollama API routes the relay forwards (https://github.com/ollama/ollama/blob/main/docs/api.md).
 * Left out: /api/push (uploads a model to a registry) and /api/blobs/* (raw uploads), which the
 * add-in never uses; and ollama.com's hosted /api/web_* routes, which are not on the local Ollama.
 */
const OLLAMA_ROUTES = new Set([
  "chat",
  "generate",
  "tags",
  "show",
  "pull",
  "create",
  "copy",
  "delete",
  "version",
  "ps",
  "embed",
  "embeddings",
]);

/**
 * The Ollama path in a raw request target "/ollama/api/<route>", or null. Checked on the raw
 * target, before any URL parsing could decode or normalise it, and against an exact pattern, so
 * "//host", "%2f", "%5c", "\\", "@", "..", "[::1]", "%00" and query strings all fail it.
 */
export function ollamaApiPath(rawTarget: string): string | null {
  const match = /^\/ollama(\/api\/([a-z]+))$/.exec(rawTarget);
  if (!match || !OLLAMA_ROUTES.has(match[2] ?? "")) return null;
  return match[1] ?? null;
}

/** The /cloud route in a raw request target ("/status", "/usage/history"), or null. */
export function cloudRoutePath(rawTarget: string): string | null {
  const match = /^\/cloud((?:\/[a-z]+)+)$/.exec(rawTarget);
  return match?.[1] ?? null;
}
