import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, writeFile } from "node:fs/promises";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import { RELAY_KEY_HEADER } from "../../src/routing/relay-key";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { closedPortUrl } from "../support/network";
import { httpsRequest, readBody, temporaryCertificates } from "../support/tls";

describe("the local add-in server", () => {
  let ollama: OllamaProtocolServer;
  let addin: RunningAddinServer;
  let ca: Buffer;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    const certificates = await temporaryCertificates();
    ca = certificates.ca;
    const dist = await mkdtemp(path.join(os.tmpdir(), "slm-dist-"));
    await writeFile(path.join(dist, "taskpane.html"), "<!doctype html><title>SLM Assistant</title>");
    addin = await startAddinServer({
      distDir: dist,
      ollamaUrl: ollama.url,
      port: 0,
      tls: { key: certificates.key, cert: certificates.cert },
    });
  });
  afterAll(async () => {
    await addin.close();
    await ollama.close();
  });
  /** The headers our page sends: its relay key, and the rest as given. */
  const asPage = (headers: Record<string, string> = {}) => ({
    [RELAY_KEY_HEADER]: addin.relayKey,
    ...headers,
  });

  beforeEach(() => {
    ollama.reset();
    ollama.setLatency({ perRequestMs: 0, perPromptTokenMs: 0, perOutputTokenMs: 0 });
  });

  it("serves the add-in page over HTTPS with the development certificate, carrying this launch's relay key", async () => {
    const response = await httpsRequest(`${addin.url}/taskpane.html`, { ca });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.headers["cache-control"]).toBe("no-store");
    const html = await readBody(response);
    expect(html).toContain("SLM Assistant");
    expect(html).toContain(`<meta name="slm-relay-key" content="${addin.relayKey}" />`);
  });

  it("refuses paths outside the built folder", async () => {
    const response = await httpsRequest(`${addin.url}/..%2f..%2fetc%2fpasswd`, { ca });
    expect(response.statusCode).toBe(404);
  });

  it("relays a streamed chat chunk by chunk: the first chunk arrives before the last is produced", async () => {
    ollama.setLatency({ perRequestMs: 0, perPromptTokenMs: 0, perOutputTokenMs: 40 });
    ollama.enqueue({ content: "one two three four five six seven eight nine ten eleven twelve" });
    const response = await httpsRequest(`${addin.url}/ollama/api/chat`, {
      ca,
      method: "POST",
      headers: asPage({ "content-type": "application/json" }),
      body: JSON.stringify({
        model: "qwen2.5:3b",
        messages: [{ role: "user", content: "count" }],
        stream: true,
      }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/ndjson/);
    const chunks: string[] = [];
    let stillGeneratingAtFirstChunk: boolean | undefined;
    for await (const chunk of response) {
      if (stillGeneratingAtFirstChunk === undefined) {
        const entry = ollama.requests.find((request) => request.path === "/api/chat");
        stillGeneratingAtFirstChunk = entry !== undefined && entry.finishedAt === null;
      }
      chunks.push(String(chunk));
    }
    expect(stillGeneratingAtFirstChunk).toBe(true);
    const lines = chunks.join("").trim().split("\n");
    expect(lines.length).toBeGreaterThan(3);
    expect(JSON.parse(lines.at(-1) ?? "{}")).toMatchObject({ done: true });
  });

  it("passes neither the browser's Origin (Ollama needs no OLLAMA_ORIGINS) nor the relay key on", async () => {
    const response = await httpsRequest(`${addin.url}/ollama/api/tags`, {
      ca,
      headers: asPage({ origin: addin.url }),
    });
    expect(response.statusCode).toBe(200);
    await readBody(response);
    expect(ollama.requests.at(-1)?.headers.origin).toBeUndefined();
    expect(ollama.requests.at(-1)?.headers[RELAY_KEY_HEADER]).toBeUndefined();
  });

  it("refuses relay requests from other web pages", async () => {
    const response = await httpsRequest(`${addin.url}/ollama/api/tags`, {
      ca,
      headers: asPage({ origin: "https://evil.example" }),
    });
    expect(response.statusCode).toBe(403);
    expect(ollama.requests).toHaveLength(0);
  });

  it("closes the Ollama request when the page cancels", async () => {
    ollama.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = httpsRequest(`${addin.url}/ollama/api/chat`, {
      ca,
      method: "POST",
      headers: asPage({ "content-type": "application/json" }),
      body: JSON.stringify({ model: "qwen2.5:3b", messages: [{ role: "user", content: "hi" }] }),
      signal: controller.signal,
    }).catch(() => null);
    await ollama.waitFor((request) => request.path === "/api/chat", 5000);
    controller.abort();
    await pending;
    const aborted = await ollama.waitForClientAbort(5000);
    expect(aborted.path).toBe("/api/chat");
  });

  it("answers /health with Ollama's reachability and version", async () => {
    const response = await httpsRequest(`${addin.url}/health`, { ca });
    expect(JSON.parse(await readBody(response))).toMatchObject({
      ok: true,
      ollama: { reachable: true, version: expect.stringMatching(/^\d+\./) },
    });
  });

  it("explains an unreachable Ollama with a 502 the client can read", async () => {
    const offline = await startAddinServer({
      distDir: os.tmpdir(),
      ollamaUrl: await closedPortUrl(),
      port: 0,
    });
    try {
      const response = await fetch(`${offline.url}/ollama/api/tags`, {
        headers: { [RELAY_KEY_HEADER]: offline.relayKey },
      });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: string }).error).toMatch(/not reachable.*ollama serve/);
      const health = (await (await fetch(`${offline.url}/health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(false);
    } finally {
      await offline.close();
    }
  });
});
