import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import { ollamaTarget } from "../../server/ollama-relay";
import { configureAddinRuntime, getAddinRuntime, updateSettings } from "../../src/addin/addin-runtime";
import { RELAY_KEY_HEADER } from "../../src/routing/relay-key";
import { MemoryStore } from "../../src/settings/key-value-store";
import { startCloudRelay, type CloudRelayFixture } from "../support/cloud-relay-fixture";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";

/**
 * Hostile requests against the local server, over real sockets: only the page the server served
 * (it holds the per-launch relay key) may use /ollama and /cloud, the Ollama relay reaches only
 * the configured Ollama's API, and the cloud key only ever goes to the base URL the user set.
 * A second Ollama and a second OpenAI-protocol server stand in for the hosts an attacker would
 * like the server to reach (an internal address, the attacker's own "provider").
 */
const CLOUD_KEY = "sk-security-test-3b8e1f0c9d2a7e64";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request with the request target and headers exactly as given: no URL parsing on our side,
 * so "//host", "%2f", "\\" and absolute targets reach the server as an attacker would send them.
 */
function raw(
  server: RunningAddinServer,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: options.method ?? "GET",
        path: target,
        setHost: false,
        headers: { host: `localhost:${server.port}`, ...options.headers },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

describe("only our own page may use the local server", () => {
  let ollama: OllamaProtocolServer;
  /** An internal service the attacker would like the user's machine to call. */
  let internal: OllamaProtocolServer;
  /** The attacker's own server, posing as a cloud provider to collect the key. */
  let attacker: OpenAiProtocolServer;
  let relay: CloudRelayFixture;
  let addin: RunningAddinServer;

  const withKey = (headers: Record<string, string> = {}) => ({
    [RELAY_KEY_HEADER]: addin.relayKey,
    ...headers,
  });
  const internalHost = () => new URL(internal.url).host;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    internal = await OllamaProtocolServer.start();
    attacker = await OpenAiProtocolServer.start({ models: ["gpt-4o-mini"] });
  });
  afterAll(async () => {
    await ollama.close();
    await internal.close();
    await attacker.close();
  });
  beforeEach(async () => {
    ollama.reset();
    internal.reset();
    attacker.reset();
    relay = await startCloudRelay(CLOUD_KEY, { mode: "never" });
    addin = await startAddinServer({
      distDir: relay.home,
      ollamaUrl: ollama.url,
      port: 0,
      cloud: relay.service,
    });
  });
  afterEach(async () => {
    await addin.close();
    await relay.close();
  });

  describe("the relay key", () => {
    it("is in the page the server serves (never cached), and in no other response", async () => {
      await writeFile(
        path.join(relay.home, "taskpane.html"),
        "<!doctype html><html><head><title>SLM</title></head></html>",
      );
      const page = await raw(addin, "/taskpane.html");
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toBe("no-store");
      expect(page.body).toContain(`<head><meta name="slm-relay-key" content="${addin.relayKey}" />`);

      const others = await Promise.all([
        raw(addin, "/health"),
        raw(addin, "/nothing-here"),
        raw(addin, "/cloud/status", { headers: withKey() }),
        raw(addin, "/cloud/status"),
        raw(addin, "/ollama/api/tags", { headers: withKey() }),
        raw(addin, "/ollama/api/tags"),
        raw(addin, "/ollama//evil.example/x", { headers: withKey() }),
      ]);
      for (const response of others) expect(response.body).not.toContain(addin.relayKey);
    });

    it("is new for every launch", async () => {
      const second = await startAddinServer({ distDir: relay.home, ollamaUrl: ollama.url, port: 0 });
      try {
        expect(second.relayKey).not.toBe(addin.relayKey);
        expect(second.relayKey.length).toBeGreaterThanOrEqual(43);
        const stale = await raw(second, "/ollama/api/tags", { headers: withKey() });
        expect(stale.status).toBe(401);
      } finally {
        await second.close();
      }
    });

    it.each<[string, () => Record<string, string>]>([
      ["no key, no Origin (another local process, an <img> load)", () => ({})],
      ["no key, our own Origin", () => ({ origin: addin.url })],
      ["a wrong key of the right length", () => ({ [RELAY_KEY_HEADER]: "x".repeat(addin.relayKey.length) })],
      ["an empty key", () => ({ [RELAY_KEY_HEADER]: "" })],
    ])("refuses /ollama and /cloud with 401 for %s", async (_name, headers) => {
      for (const target of ["/ollama/api/tags", "/ollama/api/version", "/cloud/status", "/cloud/audit"]) {
        const response = await raw(addin, target, { headers: headers() });
        expect(response.status, target).toBe(401);
        expect(JSON.parse(response.body).error).toMatch(/Reload the add-in/);
      }
      expect(ollama.requests).toHaveLength(0);
    });

    it("lets the page through with its key, from its own origin or with none", async () => {
      for (const origin of [undefined, addin.url, `http://127.0.0.1:${addin.port}`]) {
        const headers = withKey(origin ? { origin } : {});
        expect((await raw(addin, "/ollama/api/tags", { headers })).status).toBe(200);
        expect((await raw(addin, "/cloud/status", { headers })).status).toBe(200);
      }
    });

    it("refuses other origins with 403 even with the right key", async () => {
      for (const origin of ["https://evil.example", "null", `http://localhost:${addin.port + 1}`]) {
        for (const target of ["/ollama/api/tags", "/cloud/status"]) {
          const response = await raw(addin, target, { headers: withKey({ origin }) });
          expect(response.status, `${origin} ${target}`).toBe(403);
        }
      }
      expect(ollama.requests).toHaveLength(0);
    });
  });

  describe("the Host header (DNS rebinding)", () => {
    it.each([
      "evil.example",
      "evil.example:PORT",
      "localhost",
      "localhost:1",
      "127.0.0.2:PORT",
      "localhost.evil.example:PORT",
      "[::2]:PORT",
    ])("refuses Host %s with 421, for the page as for the relays", async (host) => {
      const named = host.replace("PORT", String(addin.port));
      for (const target of ["/taskpane.html", "/health", "/ollama/api/tags", "/cloud/status"]) {
        const response = await raw(addin, target, { headers: withKey({ host: named }) });
        expect(response.status, `${named} ${target}`).toBe(421);
        expect(response.body).not.toContain(addin.relayKey);
      }
      expect(ollama.requests).toHaveLength(0);
    });

    it("answers to localhost, 127.0.0.1 and [::1] on our port", async () => {
      for (const name of ["localhost", "127.0.0.1", "[::1]", "LocalHost"]) {
        const response = await raw(addin, "/ollama/api/version", {
          headers: withKey({ host: `${name}:${addin.port}` }),
        });
        expect(response.status, name).toBe(200);
      }
    });
  });

  describe("the Ollama relay reaches only the configured Ollama's API", () => {
    const hostile = (internalHostName: string) => [
      `/ollama//${internalHostName}/api/tags`,
      `/ollama/http://${internalHostName}/api/tags`,
      `/ollama/http:/${internalHostName}/api/tags`,
      `/ollama/\\\\${internalHostName}/api/tags`,
      `/ollama/\\${internalHostName}/api/tags`,
      `/ollama/%2f%2f${internalHostName}/api/tags`,
      `/ollama/%2F%2F${internalHostName}/api/tags`,
      `/ollama/api/tags%2f..%2f..%2fx`,
      `/ollama/api%5c..%5ctags`,
      `/ollama/x@${internalHostName}/api/tags`,
      `/ollama/@${internalHostName}/api/tags`,
      `/ollama/api/../../api/tags`,
      `/ollama/api/%2e%2e/tags`,
      `/ollama//[::1]:${internalHostName.split(":")[1]}/api/tags`,
      `/ollama/[::ffff:127.0.0.1]/api/tags`,
      `/ollama/api/tags%00`,
      `/ollama/api/tags?host=${internalHostName}`,
      `/ollama/api/unknown`,
      `/ollama/v1/chat/completions`,
      `/ollama`,
      `/ollama/`,
      `/x/../ollama//${internalHostName}/api/tags`,
    ];

    it("refuses absolute, protocol-relative, encoded, backslash, @, .., IPv6 and NUL paths with 400", async () => {
      for (const target of hostile(internalHost())) {
        const response = await raw(addin, target, { headers: withKey() });
        expect(response.status, target).toBe(400);
      }
      expect(internal.requests, "the internal host was reached").toHaveLength(0);
      expect(ollama.requests).toHaveLength(0);
    });

    it("refuses absolute-form and '//host' request targets before any room is chosen", async () => {
      for (const target of [`http://${internalHost()}/api/tags`, `//${internalHost()}/ollama/api/tags`]) {
        const response = await raw(addin, target, { headers: withKey() });
        expect(response.status, target).toBe(400);
      }
      expect(internal.requests).toHaveLength(0);
    });

    it("forwards Ollama's API routes to the configured Ollama, by exact path", async () => {
      for (const route of ["tags", "version"]) {
        expect((await raw(addin, `/ollama/api/${route}`, { headers: withKey() })).status).toBe(200);
      }
      const shown = await raw(addin, "/ollama/api/show", {
        method: "POST",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({ model: "qwen2.5:3b" }),
      });
      expect(shown.status).toBe(200);
      expect(ollama.requests.map((request) => request.path)).toEqual([
        "/api/tags",
        "/api/version",
        "/api/show",
      ]);
      expect(internal.requests).toHaveLength(0);
    });

    it("joins the route onto the configured base URL, keeping its path and host", () => {
      expect(ollamaTarget(new URL("http://127.0.0.1:11434"), "/api/chat").href).toBe(
        "http://127.0.0.1:11434/api/chat",
      );
      expect(ollamaTarget(new URL("https://gpu.lan:8443/ollama/"), "/api/tags").href).toBe(
        "https://gpu.lan:8443/ollama/api/tags",
      );
      // Even a path that slipped through is only ever a path on the configured host.
      expect(ollamaTarget(new URL("http://127.0.0.1:11434"), "//evil.example/x").host).toBe(
        "127.0.0.1:11434",
      );
    });
  });

  describe("the cloud key goes only where the user configured it", () => {
    const attackerConfig = () => ({
      provider: {
        kind: "openai-compatible",
        model: "gpt-4o-mini",
        baseUrl: `${attacker.url}/v1`,
        timeoutSec: 10,
        maxOutputTokens: 1000,
      },
      policy: { mode: "auto" },
    });
    const route = {
      task: "ask",
      messages: [{ role: "user", content: "Summarise this." }],
      signals: { userAskedForCloud: true },
    };

    it("a forged PUT /cloud/config without the key is 401, changes nothing, and the key never reaches the attacker", async () => {
      const before = relay.service.status();
      const statuses: number[] = [];
      const attempts: Array<Record<string, string>> = [
        {},
        { origin: addin.url },
        { [RELAY_KEY_HEADER]: "guess" },
      ];
      for (const headers of attempts) {
        // The whole attack: point the provider at the attacker, allow "auto", decide, send.
        const json: Record<string, string> = { "content-type": "application/json", ...headers };
        const config = await raw(addin, "/cloud/config", {
          method: "PUT",
          headers: json,
          body: JSON.stringify(attackerConfig()),
        });
        const decided = await raw(addin, "/cloud/route", {
          method: "POST",
          headers: json,
          body: JSON.stringify(route),
        });
        const ticket = (JSON.parse(decided.body) as { ticket?: string }).ticket ?? "none";
        const sent = await raw(addin, "/cloud/send", {
          method: "POST",
          headers: json,
          body: JSON.stringify({ decision: { route: "cloud", ticket }, jsonSchema: null }),
        });
        const key = await raw(addin, "/cloud/key", {
          method: "PUT",
          headers: json,
          body: JSON.stringify({ key: "sk-attacker" }),
        });
        statuses.push(config.status, decided.status, sent.status, key.status);
      }
      expect(attacker.requests, "the key reached the attacker's server").toHaveLength(0);
      expect(relay.cloud.requests).toHaveLength(0);
      expect(statuses.every((status) => status === 401)).toBe(true);
      expect(relay.service.status()).toEqual(before);
      // Only the fixture's own set-up (provider, policy, key) is in the log.
      const logged = (await relay.service.settingsChanges()).flatMap((record) => record.changes);
      expect(logged.some((change) => JSON.stringify(change).includes(attacker.url))).toBe(false);
    });

    it("nothing in a /cloud/send body can send the key elsewhere: it goes to the configured base URL", async () => {
      const policy = await raw(addin, "/cloud/config", {
        method: "PUT",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({ policy: { mode: "auto" } }),
      });
      expect(policy.status).toBe(200);
      const decided = await raw(addin, "/cloud/route", {
        method: "POST",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify(route),
      });
      const decision = JSON.parse(decided.body) as { route: string; ticket: string };
      expect(decision.route).toBe("cloud");
      relay.cloud.enqueue({ content: "A summary." });
      const sent = await raw(addin, "/cloud/send", {
        method: "POST",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({
          decision: {
            ...decision,
            baseUrl: `${attacker.url}/v1`,
            provider: attackerConfig().provider,
            url: `${attacker.url}/v1/chat/completions`,
          },
          jsonSchema: null,
          baseUrl: `${attacker.url}/v1`,
        }),
      });
      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.body)).toMatchObject({ value: "A summary." });
      expect(attacker.requests).toHaveLength(0);
      expect(relay.cloud.requests).toHaveLength(1);
      expect(relay.cloud.requests[0]!.headers.authorization).toBe(`Bearer ${CLOUD_KEY}`);
    });

    it("a change made with the key is written to the audit log, the key itself never", async () => {
      const changed = await raw(addin, "/cloud/config", {
        method: "PUT",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({
          provider: { ...attackerConfig().provider, baseUrl: "https://llm.example.com/v1" },
          policy: { mode: "ask" },
        }),
      });
      expect(changed.status).toBe(200);
      const keyChange = await raw(addin, "/cloud/key", { method: "DELETE", headers: withKey() });
      expect(keyChange.status).toBe(200);

      const logged = await raw(addin, "/cloud/audit/settings", { headers: withKey() });
      const records = JSON.parse(logged.body) as Array<{
        type: string;
        time: string;
        changes: Array<{ setting: string; from: unknown; to: unknown }>;
      }>;
      const changes = records.flatMap((record) => record.changes);
      expect(changes).toContainEqual({
        setting: "provider.baseUrl",
        from: `${relay.cloud.url}/v1`,
        to: "https://llm.example.com/v1",
      });
      expect(changes).toContainEqual({ setting: "policy.mode", from: "never", to: "ask" });
      expect(changes).toContainEqual({ setting: "key", from: "set", to: "not set" });
      expect(
        records.every((record) => record.type === "settings" && !Number.isNaN(Date.parse(record.time))),
      ).toBe(true);
      // The requests log the Activity view shows is unchanged by settings records.
      expect(JSON.parse((await raw(addin, "/cloud/audit", { headers: withKey() })).body)).toEqual([]);
      expect(await readFile(path.join(relay.home, "audit.jsonl"), "utf8")).not.toContain(CLOUD_KEY);
    });

    it("writes the key and settings files whole, owner-only, with no temporary file left behind", async () => {
      const response = await raw(addin, "/cloud/key", {
        method: "PUT",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({ key: "sk-rotated-5e2c" }),
      });
      expect(response.status).toBe(200);
      await raw(addin, "/cloud/config", {
        method: "PUT",
        headers: withKey({ "content-type": "application/json" }),
        body: JSON.stringify({ policy: { maxRequestsPerDay: 7 } }),
      });
      expect(await readFile(path.join(relay.home, "cloud-key"), "utf8")).toBe("sk-rotated-5e2c");
      expect(
        JSON.parse(await readFile(path.join(relay.home, "cloud.json"), "utf8")).policy.maxRequestsPerDay,
      ).toBe(7);
      for (const file of ["cloud-key", "cloud.json"]) {
        expect((await stat(path.join(relay.home, file))).mode & 0o777, file).toBe(0o600);
      }
      expect((await readdir(relay.home)).sort()).toEqual(["audit.jsonl", "cloud-key", "cloud.json"]);
    });
  });

  describe("the page's runtime", () => {
    afterEach(() => configureAddinRuntime({}));

    it("sends the key to our relays only, never to a directly configured Ollama", async () => {
      configureAddinRuntime({
        store: new MemoryStore(),
        relayBaseUrl: `${addin.url}/ollama`,
        cloudBaseUrl: `${addin.url}/cloud`,
        relayKey: addin.relayKey,
      });
      const runtime = await getAddinRuntime();
      expect(await runtime.llm.version()).toMatch(/^\d+\./);
      expect((await runtime.cloud.status()).keySet).toBe(true);
      expect(ollama.requests.at(-1)?.headers[RELAY_KEY_HEADER]).toBeUndefined();

      const direct = await updateSettings({ ollamaMode: "direct", ollamaDirectUrl: internal.url });
      await direct.llm.version();
      expect(internal.requests).toHaveLength(1);
      expect(internal.requests[0]!.headers[RELAY_KEY_HEADER]).toBeUndefined();
    });

    it("without the key the relays refuse it, and cloud work stays local saying why", async () => {
      configureAddinRuntime({
        store: new MemoryStore(),
        relayBaseUrl: `${addin.url}/ollama`,
        cloudBaseUrl: `${addin.url}/cloud`,
      });
      const runtime = await getAddinRuntime();
      await expect(runtime.llm.version()).rejects.toThrow();
      const decision = await runtime.router.decide({ ...route(), signals: { userAskedForCloud: true } });
      expect(decision.route).toBe("local");
      expect(decision.reasons.join(" ")).toMatch(/Reload the add-in/);
      expect(ollama.requests).toHaveLength(0);
    });

    const route = () => ({ task: "ask", messages: [{ role: "user" as const, content: "Hello" }] });
  });
});
