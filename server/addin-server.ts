import http from "node:http";
import https from "node:https";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCloudRoute } from "./cloud-routes";
import type { CloudService } from "./cloud-service";
import { relayToOllama } from "./ollama-relay";
import {
  carriesRelayKey,
  cloudRoutePath,
  isForeignOrigin,
  isOwnHost,
  newRelayKey,
  ollamaApiPath,
} from "./request-guard";
import { serveStatic } from "./static-files";

/**
 * The local server behind `npm start`: serves the built add-in (dist/) over HTTPS, relays
 * /ollama/* to Ollama, serves /cloud/* (the cloud relay that holds the API key) and answers /health.
 * One process, so the page only ever talks to its origin. Only our own page may use the relays:
 * every request must name us by a loopback Host (DNS rebinding), and /ollama and /cloud requests
 * must come from our origin (or none) and carry the per-launch relay key that only the served
 * page holds (request-guard.ts).
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
  /**
   * This launch's relay key, for Node-side tests that call /ollama or /cloud as the page would.
   * The server itself only ever puts it into the HTML pages it serves.
   */
  relayKey: string;
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

/**
 * Which relay a request is for, judged on the raw target and on its normalised path, so
 * "/x/../ollama/..." cannot slip past the relay's checks into the static files or the reverse.
 */
function roomOf(rawTarget: string, pathname: string): "ollama" | "cloud" | null {
  for (const room of ["ollama", "cloud"] as const) {
    const prefix = `/${room}`;
    for (const candidate of [rawTarget, pathname]) {
      if (candidate === prefix || candidate.startsWith(`${prefix}/`) || candidate.startsWith(`${prefix}?`))
        return room;
    }
  }
  return null;
}

export async function startAddinServer(options: AddinServerOptions): Promise<RunningAddinServer> {
  const distDir = path.resolve(options.distDir);
  const ollamaBase = new URL(options.ollamaUrl);
  const scheme = options.tls ? "https" : "http";

  const relayKey = newRelayKey();
  let port = 0;
  let ownOrigins: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isOwnHost(request.headers.host, port, options.tls ? 443 : 80)) {
      sendJson(response, 421, {
        error: `This server answers only to localhost:${port}, 127.0.0.1:${port} or [::1]:${port}.`,
      });
      return;
    }
    const rawTarget = request.url ?? "/";
    // Only origin-form targets ("/path"): an absolute or "//host" target could name another host.
    if (!rawTarget.startsWith("/") || rawTarget.startsWith("//")) {
      sendJson(response, 400, { error: "The request target must be a path on this server." });
      return;
    }
    const url = new URL(rawTarget, "http://localhost");
    const room = roomOf(rawTarget, url.pathname);
    if (room) {
      const relay = room === "ollama" ? "Ollama relay" : "cloud relay";
      if (isForeignOrigin(request, ownOrigins)) {
        sendJson(response, 403, { error: `The ${relay} only serves pages from ${ownOrigins[0]}.` });
        return;
      }
      if (!carriesRelayKey(request, relayKey)) {
        sendJson(response, 401, {
          error:
            `The ${relay} only serves the add-in page this server served, and this request did not ` +
            "carry its key. Reload the add-in (the server may have been restarted).",
        });
        return;
      }
    }
    if (room === "ollama") {
      const apiPath = ollamaApiPath(rawTarget);
      if (!apiPath) {
        sendJson(response, 400, {
          error: `The Ollama relay forwards only Ollama's API routes (/ollama/api/<route>), not ${rawTarget}.`,
        });
        return;
      }
      relayToOllama(request, response, ollamaBase, apiPath);
      return;
    }
    if (room === "cloud") {
      const route = cloudRoutePath(rawTarget);
      if (!route) {
        sendJson(response, 400, { error: `No cloud route ${rawTarget}.` });
        return;
      }
      if (!options.cloud) {
        sendJson(response, 404, { error: "This server has no cloud relay." });
        return;
      }
      await handleCloudRoute(options.cloud, route, request, response);
      return;
    }
    if (url.pathname === "/health") {
      const ollama = await checkOllama(options.ollamaUrl);
      sendJson(response, 200, { ok: ollama.reachable, ollama } satisfies Health);
      return;
    }
    if (request.method === "GET" || request.method === "HEAD") {
      if (await serveStatic(distDir, url.pathname, response, relayKey)) return;
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
  port = (server.address() as AddressInfo).port;
  ownOrigins = ["localhost", "127.0.0.1", "[::1]"].map((name) => `${scheme}://${name}:${port}`);
  return {
    url: ownOrigins[0]!,
    port,
    relayKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
