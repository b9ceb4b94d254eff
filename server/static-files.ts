import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ServerResponse } from "node:http";
import { RELAY_KEY_META } from "../src/routing/relay-key";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Puts the relay key into a page as the first thing in <head>, so the page's scripts (task pane,
 * custom functions and ribbon share it) find it before they run. Base64url needs no escaping.
 */
export function withRelayKey(html: string, relayKey: string): string {
  const meta = `<meta name="${RELAY_KEY_META}" content="${relayKey}" />`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return `${html.slice(0, head.index + head[0].length)}${meta}${html.slice(head.index + head[0].length)}`;
  return `${meta}${html}`;
}

/**
 * Serves a file from `root`; refuses paths that climb out of it. Returns false when not found.
 * HTML pages get this launch's relay key and are never cached: a cached page would carry the
 * key of an earlier launch (or hand this one to whatever reads the cache).
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  response: ServerResponse,
  relayKey: string,
): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (relative.endsWith("/")) relative += "taskpane.html";
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  const contentType = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
  if (path.extname(file) === ".html") {
    const page = Buffer.from(withRelayKey(await readFile(file, "utf8"), relayKey), "utf8");
    response.writeHead(200, {
      "content-type": contentType,
      "content-length": page.length,
      "cache-control": "no-store",
    });
    response.end(page);
    return true;
  }
  response.writeHead(200, {
    "content-type": contentType,
    "content-length": info.size,
    // Office caches add-in files hard; during development stale files are the worse problem.
    "cache-control": "no-cache",
  });
  createReadStream(file).pipe(response);
  return true;
}
