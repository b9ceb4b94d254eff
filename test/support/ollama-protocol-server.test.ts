/**
 * Proves the protocol server speaks Ollama's wire format by driving it with the real `ollama`
 * client, plus plain fetch where the client hides the detail (headers, raw NDJSON, aborts).
 * Timing checks compare orderings that hold by construction, never durations.
 */
import { Ollama, type ChatResponse, type ProgressResponse } from "ollama";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OllamaProtocolServer, type InferenceRequest, type LoggedRequest } from "./ollama-protocol-server";

const MODEL = "qwen2.5:3b";

let server: OllamaProtocolServer;

beforeAll(async () => {
  server = await OllamaProtocolServer.start({ pullable: ["llama3.2:1b"] });
});

afterEach(() => {
  server.reset();
  server.setLatency({ perRequestMs: 0, perPromptTokenMs: 0, perOutputTokenMs: 0 });
});

afterAll(async () => {
  await server.close();
});

function client(target: OllamaProtocolServer = server): Ollama {
  return new Ollama({ host: target.url });
}

/** The rejection of `promise`, which must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

function postJson(path: string, body: unknown, init: RequestInit = {}, target = server): Promise<Response> {
  return fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

function ask(content: string): { model: string; messages: Array<{ role: string; content: string }> } {
  return { model: MODEL, messages: [{ role: "user", content }] };
}

describe("read-only endpoints", () => {
  it("answers the health check and version like Ollama", async () => {
    const root = await fetch(`${server.url}/`);
    expect(await root.text()).toBe("Ollama is running");
    expect(await client().version()).toEqual({ version: "0.12.11" });
  });

  it("lists the installed model with Ollama's tag fields", async () => {
    const { models } = await client().list();
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      name: MODEL,
      model: MODEL,
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: {
        parent_model: "",
        format: "gguf",
        family: "qwen2",
        families: ["qwen2"],
        parameter_size: "3.1B",
        quantization_level: "Q4_K_M",
      },
    });
    expect(Number.isNaN(Date.parse(String(models[0]?.modified_at)))).toBe(false);
  });

  it("shows model info with the context length under <arch>.context_length", async () => {
    const shown = await client().show({ model: MODEL });
    // Typed as a Map by ollama-js, but a plain object on the wire.
    const info = shown.model_info as unknown as Record<string, unknown>;
    const arch = info["general.architecture"];
    expect(arch).toBe("qwen2");
    expect(info[`${String(arch)}.context_length`]).toBe(32768);
    expect(shown.capabilities).toEqual(["completion"]);
    expect(shown.details.family).toBe("qwen2");
    expect(shown.modelfile).toContain(`# FROM ${MODEL}`);
  });

  it("reports an unknown model as a 404 ResponseError", async () => {
    const error = await rejectionOf(client().show({ model: "nope:1b" }));
    expect(error).toMatchObject({
      name: "ResponseError",
      status_code: 404,
      error: "model 'nope:1b' not found",
    });
  });
});

describe("chat and generate", () => {
  it("answers a format schema with its minimal instance and reports metrics", async () => {
    const seen: InferenceRequest[] = [];
    server.onChat((request) => {
      seen.push(request);
      return undefined; // keep the default reply
    });
    const format = {
      type: "object",
      properties: {
        label: { type: "string", enum: ["spam", "ham"] },
        score: { type: "number", minimum: 1 },
        tags: { type: "array", items: { type: "string" } },
        ok: { type: "boolean" },
        note: { type: "string" },
      },
      required: ["label", "score", "tags", "ok"],
    };
    const response = await client().chat({
      ...ask("Classify: buy now"),
      format,
      stream: false,
      options: { temperature: 0, num_ctx: 8192 },
    });
    expect(JSON.parse(response.message.content)).toEqual({ label: "spam", score: 1, tags: [], ok: false });
    expect(response).toMatchObject({ model: MODEL, done: true, done_reason: "stop" });
    expect(response.message.role).toBe("assistant");
    expect(response.prompt_eval_count).toBe(Math.ceil("Classify: buy now".length / 4));
    expect(response.eval_count).toBeGreaterThan(0);
    expect(response.total_duration).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({
      endpoint: "chat",
      prompt: "Classify: buy now",
      format,
      stream: false,
      options: { temperature: 0, num_ctx: 8192 },
    });
  });

  it('answers format "json" with {} and free text with OK', async () => {
    const json = await client().chat({ ...ask("x"), format: "json", stream: false });
    expect(json.message.content).toBe("{}");
    const text = await client().chat({ ...ask("x"), stream: false });
    expect(text.message.content).toBe("OK");
  });

  it("streams a chat in several chunks and ends with a done chunk carrying the stats", async () => {
    server.enqueue({ content: "The quick brown fox jumps" });
    const chunks: ChatResponse[] = [];
    for await (const chunk of await client().chat({ ...ask("Tell me"), stream: true })) chunks.push(chunk);
    const final = chunks.at(-1);
    const pieces = chunks.slice(0, -1);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.every((chunk) => chunk.done === false)).toBe(true);
    expect(pieces.map((chunk) => chunk.message.content).join("")).toBe("The quick brown fox jumps");
    expect(final).toMatchObject({
      done: true,
      done_reason: "stop",
      message: { role: "assistant", content: "" },
    });
    expect(final?.eval_count).toBe(pieces.length);
    expect(final?.prompt_eval_count).toBe(Math.ceil("Tell me".length / 4));
    expect(typeof final?.eval_duration).toBe("number");
  });

  it("sends NDJSON by default (stream defaults to true on the wire)", async () => {
    const response = await postJson("/api/chat", ask("hi"));
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text()).trim().split("\n");
    expect(lines.map((line) => JSON.parse(line) as { done: boolean }).map((line) => line.done)).toEqual([
      false,
      true,
    ]);
    const plain = await postJson("/api/chat", { ...ask("hi"), stream: false });
    expect(plain.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("serves generate with prompt and system, streamed and not", async () => {
    const seen: InferenceRequest[] = [];
    server.onChat((request) => {
      seen.push(request);
      return { content: "Hello there" };
    });
    const whole = await client().generate({
      model: MODEL,
      prompt: "Say hi",
      system: "Be brief",
      stream: false,
    });
    expect(whole).toMatchObject({ model: MODEL, response: "Hello there", done: true, done_reason: "stop" });
    expect(Array.isArray(whole.context)).toBe(true);
    expect(seen[0]).toMatchObject({ endpoint: "generate", prompt: "Say hi", system: "Be brief" });
    let text = "";
    for await (const chunk of await client().generate({ model: MODEL, prompt: "Say hi", stream: true })) {
      text += chunk.response ?? "";
    }
    expect(text).toBe("Hello there");
  });

  it("returns logprobs when asked: derived by default, scripted when given", async () => {
    const derived = await client().chat({ ...ask("x"), stream: false, logprobs: true, top_logprobs: 3 });
    expect(derived.logprobs).toHaveLength(derived.eval_count);
    expect(derived.logprobs?.[0]).toMatchObject({ token: "OK", logprob: 0 });
    expect(derived.logprobs?.[0]?.top_logprobs).toHaveLength(3);

    const scripted = [
      {
        token: "Yes",
        logprob: -0.1,
        top_logprobs: [
          { token: "Yes", logprob: -0.1 },
          { token: "No", logprob: -2.4 },
        ],
      },
    ];
    server.enqueue({ content: "Yes", logprobs: scripted });
    const response = await client().chat({ ...ask("x"), stream: false, logprobs: true, top_logprobs: 2 });
    expect(response.logprobs).toMatchObject(scripted);

    const plain = await client().chat({ ...ask("x"), stream: false });
    expect(plain.logprobs).toBeUndefined();
  });

  it("answers an empty chat as a model load", async () => {
    const response = await client().chat({ model: MODEL, messages: [], stream: false });
    expect(response).toMatchObject({ done: true, done_reason: "load" });
  });
});

describe("errors", () => {
  it("reports an unknown chat model as a 404 ResponseError, streaming or not", async () => {
    const expected = { name: "ResponseError", status_code: 404, error: "model 'missing:1b' not found" };
    expect(
      await rejectionOf(client().chat({ ...ask("x"), model: "missing:1b", stream: false })),
    ).toMatchObject(expected);
    expect(
      await rejectionOf(client().chat({ ...ask("x"), model: "missing:1b", stream: true })),
    ).toMatchObject(expected);
  });

  it("sends scripted statuses: a 503 with its message, a 403 with an empty body", async () => {
    const busy = "server busy, please try again.  maximum pending requests exceeded";
    server.enqueue({ status: 503, error: busy }, { status: 403, emptyBody: true });
    expect(await rejectionOf(client().chat({ ...ask("x"), stream: false }))).toMatchObject({
      name: "ResponseError",
      status_code: 503,
      error: busy,
    });
    const forbidden = await postJson("/api/chat", ask("x"));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe("");
  });

  it("makes the client's stream iterator throw on a mid-stream error line", async () => {
    const message = "an error was encountered while running the model: unexpected EOF";
    server.enqueue({ midStreamError: message, contentBefore: "Partial answer" });
    const stream = await client().chat({ ...ask("x"), stream: true });
    let text = "";
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) text += chunk.message.content;
      })(),
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(message);
    expect(text).toBe("Partial answer");
  });

  it("rejects a missing body with 400", async () => {
    const response = await fetch(`${server.url}/api/chat`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "missing request body" });
  });
});

describe("pull", () => {
  it("streams progress for a pullable model, which then appears in the list", async () => {
    const progress: ProgressResponse[] = [];
    for await (const part of await client().pull({ model: "llama3.2:1b", stream: true })) progress.push(part);
    const statuses = progress.map((part) => part.status);
    expect(statuses[0]).toBe("pulling manifest");
    expect(statuses.slice(-3)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);
    const layer = progress.filter((part) => part.status.startsWith("pulling ") && part.digest);
    expect(new Set(layer.map((part) => part.digest)).size).toBe(2);
    expect(layer.some((part) => part.completed === part.total)).toBe(true);
    const names = (await client().list()).models.map((model) => model.name);
    expect(names).toContain("llama3.2:1b");
  });

  it("fails an unknown model like the registry, streamed and not", async () => {
    const stream = await client().pull({ model: "no-such-model", stream: true });
    const error = await rejectionOf(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    );
    expect((error as Error).message).toBe("pull model manifest: file does not exist");
    expect(await rejectionOf(client().pull({ model: "no-such-model", stream: false }))).toMatchObject({
      status_code: 500,
      error: "pull model manifest: file does not exist",
    });
    expect(await client().pull({ model: "llama3.2:1b", stream: false })).toEqual({ status: "success" });
  });
});

describe("CORS", () => {
  it("refuses a disallowed Origin with an empty 403", async () => {
    const response = await fetch(`${server.url}/api/tags`, { headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("");
  });

  it("allows localhost origins and answers preflights", async () => {
    const allowed = await fetch(`${server.url}/api/tags`, { headers: { Origin: "https://localhost:3000" } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
    const preflight = await fetch(`${server.url}/api/chat`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:8080",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe(
      "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS",
    );
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Content-Type");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("X-Stainless-Retry-Count");
  });

  it("allows configured extra origins", async () => {
    const custom = await OllamaProtocolServer.start({ allowedOrigins: ["https://*.contoso.com"] });
    try {
      const ok = await fetch(`${custom.url}/api/version`, {
        headers: { Origin: "https://addin.contoso.com" },
      });
      expect(ok.status).toBe(200);
      const refused = await fetch(`${custom.url}/api/version`, {
        headers: { Origin: "https://contoso.org" },
      });
      expect(refused.status).toBe(403);
    } finally {
      await custom.close();
    }
  });
});

describe("latency, queueing and cancellation", () => {
  it("delivers the first streamed chunk before the last one is produced", async () => {
    server.setLatency({ perOutputTokenMs: 50 });
    server.enqueue({ content: "a".repeat(48) }); // 12 pieces, ~600 ms of simulated decoding
    const response = await postJson("/api/chat", ask("x"));
    const entry = await server.waitFor((request) => request.path === "/api/chat");
    const reader = response.body!.getReader();
    const first = await reader.read();
    const firstLines = new TextDecoder().decode(first.value).trim().split("\n");
    expect(firstLines.length).toBeGreaterThan(0);
    expect(firstLines.some((line) => (JSON.parse(line) as { done: boolean }).done)).toBe(false);
    expect(entry.finishedAt).toBeNull();
    while (!(await reader.read()).done) {
      // drain the rest
    }
    await server.waitFor((request) => request.id === entry.id && request.finishedAt !== null);
  });

  it("decodes concurrent requests one after the other", async () => {
    server.setLatency({ perOutputTokenMs: 10 });
    server.onChat(() => ({ content: "x".repeat(20) })); // 5 pieces each
    const ollama = client();
    const replies = await Promise.all([
      ollama.chat({ ...ask("first"), stream: false }),
      ollama.chat({ ...ask("second"), stream: false }),
    ]);
    expect(replies.map((reply) => reply.message.content)).toEqual(["x".repeat(20), "x".repeat(20)]);
    const [a, b] = server.requests
      .filter((request) => request.path === "/api/chat")
      .sort((x, y) => (x.decodeStartedAt ?? 0) - (y.decodeStartedAt ?? 0));
    expect(b!.decodeStartedAt!).toBeGreaterThanOrEqual(a!.decodeFinishedAt!);
    expect(server.stats()).toMatchObject({ chatRequests: 2, outputTokens: 10, busyMs: 100 });
  });

  it("logs an aborted fetch as clientAborted and frees the decode slot", async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = postJson("/api/chat", ask("x"), { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await server.waitFor((request) => request.path === "/api/chat" && request.decodeStartedAt !== null);
    controller.abort();
    const aborted = await server.waitForClientAbort(3_000);
    expect(aborted).toMatchObject({ path: "/api/chat", clientAborted: true, status: null });
    expect((await pending) as Error).toMatchObject({ name: "AbortError" });
    const next = await client().chat({ ...ask("x"), stream: false });
    expect(next.message.content).toBe("OK");
  });

  it("drops a queued request whose client goes away", async () => {
    server.enqueue({ hang: true });
    const holder = new AbortController();
    const queued = new AbortController();
    const first = postJson("/api/chat", ask("hold"), { signal: holder.signal }).catch(() => undefined);
    await server.waitFor((request) => request.decodeStartedAt !== null);
    const second = postJson("/api/chat", ask("wait"), { signal: queued.signal }).catch(() => undefined);
    await server.waitFor(() => server.queueState().waiting === 1);
    queued.abort();
    const dropped = await server.waitForClientAbort(3_000);
    expect(dropped.decodeStartedAt).toBeNull();
    await server.waitFor(() => server.queueState().waiting === 0);
    holder.abort();
    await Promise.all([first, second]);
    expect((await client().chat({ ...ask("x"), stream: false })).message.content).toBe("OK");
  });

  it("logs an ollama-js stream.abort() mid-stream as clientAborted after a 200", async () => {
    server.setLatency({ perOutputTokenMs: 20 });
    server.enqueue({ content: "b".repeat(400) });
    const stream = await client().chat({ ...ask("x"), stream: true });
    const error = await rejectionOf(
      (async () => {
        for await (const _ of stream) stream.abort();
      })(),
    );
    expect((error as Error).name).toBe("AbortError");
    const aborted: LoggedRequest = await server.waitForClientAbort(3_000);
    expect(aborted).toMatchObject({ status: 200, clientAborted: true });
    expect(server.stats().outputTokens).toBeLessThan(100);
  });

  it("answers 503 when more than maxQueue requests wait", async () => {
    const small = await OllamaProtocolServer.start({ maxQueue: 1 });
    try {
      small.enqueue({ hang: true });
      const holder = new AbortController();
      const held = postJson("/api/chat", ask("hold"), { signal: holder.signal }, small).catch(
        () => undefined,
      );
      await small.waitFor((request) => request.decodeStartedAt !== null);
      const waiting = client(small).chat({ ...ask("wait"), stream: false });
      await small.waitFor(() => small.queueState().waiting === 1);
      expect(await rejectionOf(client(small).chat({ ...ask("overflow"), stream: false }))).toMatchObject({
        status_code: 503,
        error: "server busy, please try again.  maximum pending requests exceeded",
      });
      holder.abort();
      await held;
      expect((await waiting).message.content).toBe("OK");
    } finally {
      await small.close();
    }
  });
});

describe("lifecycle", () => {
  it("kill() cuts open streams and stops listening; close() never hangs", async () => {
    const doomed = await OllamaProtocolServer.start();
    doomed.enqueue({ hang: true });
    const inFlight = postJson("/api/chat", ask("x"), {}, doomed).then(
      (response) => response.text(),
      (error: unknown) => error,
    );
    await doomed.waitFor((request) => request.decodeStartedAt !== null);
    doomed.kill();
    expect(await inFlight).toBeInstanceOf(Error);
    expect(await rejectionOf(fetch(`${doomed.url}/`))).toBeInstanceOf(Error);
    expect(doomed.requests[0]?.clientAborted).toBe(false);
    await doomed.close();
  });

  it("close() ends a hanging request", async () => {
    const other = await OllamaProtocolServer.start();
    other.enqueue({ hang: true });
    const inFlight = postJson("/api/chat", ask("x"), {}, other).catch((error: unknown) => error);
    await other.waitFor((request) => request.decodeStartedAt !== null);
    await other.close();
    expect(await inFlight).toBeInstanceOf(Error);
  });
});
