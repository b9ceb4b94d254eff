import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { CloudError, type CloudErrorKind } from "../../../src/cloud/cloud-errors";
import type { ChatMessage } from "../../../src/cloud/cloud-provider";
import { LlmError } from "../../../src/llm/errors";
import { closedPortUrl } from "../../support/network";
import { everythingVisible, TEST_KEY, type HarnessServer, type ProviderHarness } from "./provider-harness";

/**
 * Every failure the issue lists, through the real SDKs against the protocol servers: what the
 * user reads (what, why, how to fix), which kind surfaces see, how many attempts went out, and
 * that the key never appears in what the caller gets back.
 */

const Answer = z.object({ answer: z.string() });
const messages: ChatMessage[] = [{ role: "user", content: "What is 2+2?" }];

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  expect(error).toBeInstanceOf(LlmError);
  expect(everythingVisible(error)).not.toContain(TEST_KEY);
  return error as CloudError;
}

export function describeProviderErrors(harness: ProviderHarness): void {
  describe(`${harness.name} provider errors`, () => {
    let server: HarnessServer;

    beforeAll(async () => {
      server = await harness.start();
    });
    afterAll(async () => {
      await server.close();
    });
    beforeEach(() => server.reset());

    function expectKind(error: CloudError, kind: CloudErrorKind, ...phrases: RegExp[]) {
      expect(error.cloudKind).toBe(kind);
      for (const phrase of phrases) expect(error.message).toMatch(phrase);
    }

    it("401: a wrong key, with what to do and never the key itself", async () => {
      const wrongKey = "sk-wrong-key-abcdefghijklmnopqrstuvwxyz0123";
      const provider = harness.provider(server, { apiKey: wrongKey });
      const error = await failure(provider.chatStructured(Answer, messages));
      expectKind(error, "auth", /rejected the API key \(HTTP 401/, /SLM_CLOUD_API_KEY/);
      expect(error.kind).toBe("http");
      expect(error.cloud.status).toBe(401);
      expect(error.cloud.requestId).toMatch(/^req_/);
      expect(everythingVisible(error)).not.toContain(wrongKey);
      expect(server.calls()).toHaveLength(1); // 4xx other than 408/409/429 is not retried
    });

    it("an error message that echoes the key back is scrubbed", async () => {
      server.enqueue({ status: 400, message: `Key ${TEST_KEY} is not valid for this model` });
      const error = await failure(harness.provider(server).chatText(messages));
      expectKind(error, "bad-request", /HTTP 400/, /\[REDACTED KEY\]/);
    });

    it("403: the key may not use the model", async () => {
      server.enqueue({ status: 403 });
      const error = await failure(harness.provider(server).chatText(messages));
      expectKind(
        error,
        "forbidden",
        /refused access to "/,
        /HTTP 403/,
        /Grant the key access|choose a model/,
      );
    });

    it("404: an unknown model names the model and what to check", async () => {
      const error = await failure(harness.provider(server, { model: "no-such-model" }).chatText(messages));
      expectKind(error, "model-not-found", /no model "no-such-model" \(HTTP 404/, /Check the model name/);
      expect(error.kind).toBe("model-not-found");
    });

    it("429 with retry-after: the SDK waits as told, retries, and succeeds", async () => {
      server.enqueue({ status: 429, retryAfter: "0.5" }, { value: { answer: "4" } });
      const started = performance.now();
      const result = await harness.provider(server).chatStructured(Answer, messages);
      expect(result.value).toEqual({ answer: "4" });
      expect(server.calls()).toHaveLength(2);
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    });

    it("429 that persists: capped at 2 retries, and says how long the provider asked to wait", async () => {
      server.enqueue(...Array.from({ length: 5 }, () => ({ status: 429, retryAfter: "0.02" })));
      const error = await failure(harness.provider(server).chatText(messages));
      expectKind(error, "rate-limited", /rate-limiting requests \(HTTP 429\)/, /2 retries/, /wait 0\.02 s/);
      expect(error.cloud.retryAfterSeconds).toBeCloseTo(0.02);
      expect(error.kind).toBe("busy");
      expect(server.calls()).toHaveLength(3);
    });

    it("429 for an empty account is reported as quota, not as a rate limit", async () => {
      server.enqueue(
        ...Array.from({ length: 3 }, () => ({
          status: 429,
          retryAfterMs: 1,
          code: "insufficient_quota",
          type: "insufficient_quota",
          message: "You exceeded your current quota, please check your plan and billing details.",
        })),
      );
      const error = await failure(harness.provider(server).chatText(messages));
      expectKind(error, "quota", /no quota or credit left/, /billing/);
    });

    it("5xx then success: retried by the SDK", async () => {
      server.enqueue({ status: 500, retryAfterMs: 1 }, { content: "fine now" });
      const result = await harness.provider(server).chatText(messages);
      expect(result.text).toBe("fine now");
      expect(server.calls()).toHaveLength(2);
    });

    it("5xx that persists: the provider's side, after at most 2 retries even when more were asked for", async () => {
      server.enqueue(...Array.from({ length: 6 }, () => ({ status: 500, retryAfterMs: 1 })));
      const error = await failure(harness.provider(server, { maxRetries: 5 }).chatText(messages));
      expectKind(error, "server", /internal error \(HTTP 500\)/, /2 retries/, /try again later/);
      expect(server.calls()).toHaveLength(3);
    });

    it("overloaded (529/503) says so", async () => {
      const status = harness.name === "anthropic" ? 529 : 503;
      server.enqueue(...Array.from({ length: 3 }, () => ({ status, retryAfterMs: 1 })));
      const error = await failure(harness.provider(server).chatText(messages));
      expectKind(error, "server", new RegExp(`is overloaded \\(HTTP ${status}\\)`));
    });

    it("timeout: every attempt hangs, the configured timeout ends each, and the message says how long", async () => {
      server.enqueue({ hang: true }, { hang: true }, { hang: true });
      const error = await failure(
        harness.provider(server, { timeoutMs: 100, maxRetries: 1 }).chatText(messages),
      );
      expectKind(error, "timeout", /did not answer within 0\.1 s \(2 attempts\)/, /raise the cloud timeout/);
      expect(error.kind).toBe("timeout");
      expect(server.calls()).toHaveLength(2);
    });

    it("a slow answer within the timeout is fine", async () => {
      server.enqueue({ content: "slow", delayMs: 100 });
      const result = await harness.provider(server, { timeoutMs: 2_000 }).chatText(messages);
      expect(result.text).toBe("slow");
    });

    it("nothing listening: unreachable, naming the address", async () => {
      const url = await closedPortUrl();
      const provider = harness.provider({ ...server, url } as HarnessServer, { maxRetries: 0 });
      const error = await failure(provider.chatText(messages));
      expectKind(error, "unreachable", /Could not connect to/, new RegExp(url.replace(/[.]/g, "\\.")));
    });

    it("a dropped connection is retried", async () => {
      server.enqueue({ drop: true }, { content: "after drop" });
      const result = await harness.provider(server).chatText(messages);
      expect(result.text).toBe("after drop");
    });

    it("the caller's abort cancels the request at once", async () => {
      server.enqueue({ hang: true });
      const controller = new AbortController();
      const pending = harness.provider(server).chatText(messages, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      const error = await failure(pending);
      expectKind(error, "cancelled");
      expect(server.calls()).toHaveLength(1);
    });

    it("an already-aborted signal sends nothing", async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(harness.provider(server).chatText(messages, controller.signal));
      expectKind(error, "cancelled");
      expect(server.calls()).toHaveLength(0);
    });

    it("an off-schema answer is bad output, and still reports the tokens it cost", async () => {
      server.enqueue({ content: '{"wrong":1}' });
      const error = await failure(harness.provider(server).chatStructured(Answer, messages));
      expectKind(error, "bad-output", /unusable answer/, /answer/);
      expect(error.cloud.usage?.outputTokens).toBeGreaterThan(0);
    });
  });
}
