import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { CloudError } from "../../src/cloud/cloud-errors";
import { RedactionSession } from "../../src/privacy/redaction-session";
import { MemoryAuditLog, sha256Hex, type AuditRecord } from "../../src/routing/audit-log";
import { DEFAULT_PRICES } from "../../src/routing/price-table";
import {
  sendToCloud,
  structuredOutput,
  textOutput,
  type CloudSendRequest,
} from "../../src/routing/send-to-cloud";
import { MemoryUsageStore } from "../../src/routing/usage-store";
import { openAiHarness } from "../cloud/support/openai-harness";
import type { HarnessServer } from "../cloud/support/provider-harness";

const Answer = z.object({ answer: z.string() });

class FailingAuditLog extends MemoryAuditLog {
  constructor(private readonly failOn: AuditRecord["type"]) {
    super();
  }
  override async append(record: AuditRecord): Promise<void> {
    if (record.type === this.failOn) throw new Error("disk full");
    await super.append(record);
  }
}

describe("sendToCloud: the audited path to the cloud", () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await openAiHarness.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  function request<T>(output: CloudSendRequest<T>["output"]): CloudSendRequest<T> {
    const session = new RedactionSession();
    return {
      provider: openAiHarness.provider(server, { maxRetries: 0 }),
      payload: session.redactMessages([{ role: "user", content: "Who is ann@example.com?" }]),
      output,
      task: "ask",
      trigger: "user-request",
      reasons: ["You asked for the cloud model."],
      approval: "user",
      redactions: session.counts(),
    };
  }

  it("writes the request entry before the request leaves, then completes it with tokens and cost", async () => {
    const audit = new MemoryAuditLog();
    const usage = new MemoryUsageStore();
    let seenByServer: AuditRecord[] = [];
    server.onRequest(() => {
      seenByServer = audit.records;
      return { value: { answer: "a person" } };
    });
    const result = await sendToCloud(request(structuredOutput(Answer)), {
      audit,
      prices: DEFAULT_PRICES,
      logPayloads: true,
      usage,
      now: () => new Date("2025-06-01T10:00:00Z"),
    });
    expect(seenByServer.map((record) => record.type)).toEqual(["request"]);
    expect(result.value).toEqual({ answer: "a person" });
    const [entry] = await audit.entries();
    expect(entry).toMatchObject({
      id: result.auditId,
      provider: "openai",
      model: "gpt-4o-mini",
      task: "ask",
      trigger: "user-request",
      reason: "You asked for the cloud model.",
      approval: "user",
      payload: [{ role: "user", content: "Who is [EMAIL_1]?" }],
      redactions: { email: 1 },
      result: { outcome: "ok", answeredBy: "gpt-4o-mini" },
    });
    expect(entry?.result?.inputTokens).toBe(result.usage.inputTokens);
    expect(entry?.result?.costUsd).toBe(result.costUsd);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(entry?.payloadSha256).toBe(await sha256Hex(JSON.stringify(entry?.payload)));
    expect((await usage.get("2025-06-01")).cloud).toMatchObject({ requests: 1, costUsd: result.costUsd });
  });

  it("sends nothing when the entry cannot be written", async () => {
    const error = await sendToCloud(request(textOutput()), {
      audit: new FailingAuditLog("request"),
      prices: DEFAULT_PRICES,
      logPayloads: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).cloudKind).toBe("audit-failed");
    expect((error as CloudError).message).toMatch(/Nothing was sent to OpenAI.*disk full/);
    expect(server.calls()).toHaveLength(0);
  });

  it("a failed completion write still returns the answer, with a warning", async () => {
    const result = await sendToCloud(request(textOutput()), {
      audit: new FailingAuditLog("result"),
      prices: DEFAULT_PRICES,
      logPayloads: true,
    });
    expect(result.value).toBe("OK");
    expect(result.warnings.join(" ")).toMatch(/could not be completed: disk full/);
  });

  it("with payload logging off only the hash is kept", async () => {
    const audit = new MemoryAuditLog();
    const sent = request(textOutput());
    await sendToCloud(sent, { audit, prices: DEFAULT_PRICES, logPayloads: false });
    const [entry] = await audit.entries();
    expect(entry?.payload).toBeUndefined();
    expect(entry?.payloadSha256).toBe(await sha256Hex(JSON.stringify(sent.payload.messages)));
  });

  it("a failed request completes the entry with the error, and a cancelled one as cancelled", async () => {
    const audit = new MemoryAuditLog();
    server.enqueue({ status: 500 });
    await expect(
      sendToCloud(request(textOutput()), { audit, prices: DEFAULT_PRICES, logPayloads: true }),
    ).rejects.toThrow(/internal error/);
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = sendToCloud(
      { ...request(textOutput()), signal: controller.signal },
      { audit, prices: DEFAULT_PRICES, logPayloads: true },
    );
    await server.waitFor((entry) => entry.id === server.calls()[1]?.id && entry.body !== undefined);
    controller.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
    const entries = await audit.entries();
    expect(entries.map((entry) => [entry.result?.outcome, entry.result?.error?.kind])).toEqual([
      ["error", "server"],
      ["cancelled", "cancelled"],
    ]);
  });

  it("an off-schema answer records the tokens it was billed", async () => {
    const audit = new MemoryAuditLog();
    server.enqueue({ content: "not json" });
    await expect(
      sendToCloud(request(structuredOutput(Answer)), { audit, prices: DEFAULT_PRICES, logPayloads: true }),
    ).rejects.toThrow(/unusable answer/);
    const [entry] = await audit.entries();
    expect(entry?.result).toMatchObject({ outcome: "error", error: { kind: "bad-output" } });
    expect(entry?.result?.outputTokens).toBeGreaterThan(0);
  });
});
