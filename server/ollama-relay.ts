import http from "node:http";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { RELAY_KEY_HEADER } from "../src/routing/relay-key";

/**
 * Forwards /ollama/* to the user's Ollama. The page calls its own origin, so there is no CORS,
 * mixed-content or local-network prompt to fight; the browser's Origin is not passed on, so
 * Ollama needs no OLLAMA_ORIGINS. Responses are piped chunk by chunk (NDJSON streams must not be
 * buffered), and a client that goes away aborts the upstream request so Ollama stops generating.
 */

// Hop-by-hop headers, the ones that would make Ollama treat us as a browser, and our relay key,
// which is for this server only (OLLAMA_HOST may be another machine).
const DROPPED_REQUEST_HEADERS = new Set([
  RELAY_KEY_HEADER,
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "origin",
  "referer",
  "cookie",
  "accept-encoding",
]);

/**
 * The upstream URL: the configured Ollama's origin and base path with `apiPath` appended as text.
 * Never `new URL(path, base)`: a path like "//host/x" would replace the host.
 */
export function ollamaTarget(upstreamBase: URL, apiPath: string): URL {
  const target = new URL(upstreamBase.href);
  target.pathname = `${upstreamBase.pathname.replace(/\/+$/, "")}${apiPath}`;
  target.search = "";
  target.hash = "";
  return target;
}

/** `apiPath` must already be one of Ollama's API routes (request-guard.ts ollamaApiPath). */
export function relayToOllama(
  request: IncomingMessage,
  response: ServerResponse,
  upstreamBase: URL,
  apiPath: string,
): void {
  const target = ollamaTarget(upstreamBase, apiPath);
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!DROPPED_REQUEST_HEADERS.has(name) && value !== undefined) headers[name] = value;
  }
  const transport = target.protocol === "https:" ? https : http;
  const upstream = transport.request(target, { method: request.method, headers }, (upstreamResponse) => {
    const forwarded: http.OutgoingHttpHeaders = { ...upstreamResponse.headers };
    delete forwarded["access-control-allow-origin"];
    delete forwarded.connection;
    forwarded["cache-control"] = "no-store";
    forwarded["x-accel-buffering"] = "no";
    response.writeHead(upstreamResponse.statusCode ?? 502, forwarded);
    response.flushHeaders();
    upstreamResponse.on("data", (chunk: Buffer) => response.write(chunk));
    upstreamResponse.on("end", () => response.end());
    upstreamResponse.on("error", () => response.destroy());
  });
  upstream.setNoDelay(true);
  upstream.on("error", (error: NodeJS.ErrnoException) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, {
      "content-type": "application/json; charset=utf-8",
      "x-slm-relay": "unreachable",
    });
    response.end(
      JSON.stringify({
        error:
          `Ollama is not reachable at ${upstreamBase.origin} (${error.code ?? error.message}). ` +
          "Start it (run `ollama serve` or open the Ollama app), or set OLLAMA_HOST before `npm start`.",
      }),
    );
  });
  // The browser cancelled (cell cancelled, pane closed): stop the model too.
  response.on("close", () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}
