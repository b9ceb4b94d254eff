import http from "node:http";
import https from "node:https";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCloudRoute } from "./cloud-routes";
import type { CloudService } from "./cloud-service";
import { relayToOllama } from "./ollama-relay";
import { serveStatic } from "./static-files";

/**
 * The local server behind `npm start`: serves the built add-in (dist/) over HTTPS, relays
 * /ollama/* to Ollama, serves /cloud/* (the cloud relay that holds the API key) and answers /health.
 * One process, so the page only ever talks to its origin.
 */
export interface AddinServerOptions {
  distDir: string;
  ollamaUrl: string;
  port: number;
  host?: string;
  /** PEM key and certificate; without them the server speaks plain HTTP (tests of the relay only). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The cloud relay; without it /cloud/* answers 404 and the add-in stays local. */
  cloud?: CloudService;
}

export interface RunningAddinServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Health {
  ok: boolean;
  ollama: { url: string; reachable: boolean; version?: string; error?: string };
}

const HEALTH_TIMEOUT_MS = 3000;

export async function checkOllama(ollamaUrl: string): Promise<Health["ollama"]> {
  const url = new URL("/api/version", ollamaUrl);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (!response.ok) return { url: ollamaUrl, reachable: false, error: `HTTP ${response.status}` };
    const body = (await response.json()) as { version?: unknown };
    return {
      url: ollamaUrl,
      reachable: true,
      version: typeof body.version === "string" ? body.version : undefined,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { url: ollamaUrl, reachable: false, error: cause?.code ?? (error as Error).message };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

/** Only our own page (or a non-browser client, which sends no Origin) may use the relay. */
function isForeignOrigin(request: IncomingMessage, ownOrigin: string): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && origin !== ownOrigin;
}

export async function startAddinServer(options: AddinServerOptions): Promise<RunningAddinServer> {
  const distDir = path.resolve(options.distDir);
  const ollamaBase = new URL(options.ollamaUrl);
  const scheme = options.tls ? "https" : "http";
  let ownOrigin = "";

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/ollama" || url.pathname.startsWith("/ollama/")) {
      if (isForeignOrigin(request, ownOrigin)) {
        sendJson(response, 403, { error: `The Ollama relay only serves pages from ${ownOrigin}.` });
        return;
      }
      relayToOllama(request, response, ollamaBase, url.pathname.slice("/ollama".length) + url.search);
      return;
    }
    if (url.pathname.startsWith("/cloud/")) {
      if (isForeignOrigin(request, ownOrigin)) {
        sendJson(response, 403, { error: `The cloud relay only serves pages from ${ownOrigin}.` });
        return;
      }
      if (!options.cloud) {
        sendJson(response, 404, { error: "This server has no cloud relay." });
        return;
      }
      await handleCloudRoute(options.cloud, url.pathname.slice("/cloud".length), request, response);
      return;
    }
    if (url.pathname === "/health") {
      const ollama = await checkOllama(options.ollamaUrl);
      sendJson(response, 200, { ok: ollama.reachable, ollama } satisfies Health);
      return;
    }
    if (request.method === "GET" || request.method === "HEAD") {
      if (await serveStatic(distDir, url.pathname, response)) return;
    }
    sendJson(response, 404, { error: `Nothing at ${url.pathname}. Did \`npm run build\` run?` });
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  const host = options.host ?? "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ownOrigin = `${scheme}://localhost:${port}`;
  return {
    url: ownOrigin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
