import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryAuditLog, sha256Hex, type AuditRecord } from "../../src/routing/audit-log";
import { JsonlFileAuditLog } from "../../src/host/node/audit-log-file";

const request = (id: string): AuditRecord => ({
  type: "request",
  id,
  time: "2025-01-02T03:04:05.000Z",
  provider: "openai",
  model: "gpt-4o-mini",
  task: "explain",
  trigger: "complex-formula",
  reason: "The formula is complex.",
  approval: "auto",
  payloadSha256: "ab".repeat(32),
  payload: [{ role: "user", content: "Explain [EMAIL_1]" }],
  redactions: { email: 1 },
});

const result = (id: string): AuditRecord => ({
  type: "result",
  id,
  time: "2025-01-02T03:04:06.000Z",
  outcome: "ok",
  answeredBy: "gpt-4o-mini-2024-07-18",
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.0000045,
  durationMs: 812,
});

describe("audit log", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "slm-audit-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("the file is JSONL, append-only, created 0600, and entries merge request and result", async () => {
    const path = join(dir, "logs", "cloud-audit.jsonl");
    const log = new JsonlFileAuditLog(path);
    await log.append(request("a"));
    await log.append(request("b"));
    await log.append(result("a"));
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => (JSON.parse(line) as AuditRecord).type)).toEqual([
      "request",
      "request",
      "result",
    ]);
    if (process.platform !== "win32") expect((await stat(path)).mode & 0o777).toBe(0o600);

    const entries = await log.entries();
    expect(entries.map((entry) => [entry.id, entry.result?.outcome ?? null])).toEqual([
      ["a", "ok"],
      ["b", null],
    ]);

    // A second log object on the same file appends after what is there.
    await new JsonlFileAuditLog(path).append(result("b"));
    expect((await readFile(path, "utf8")).trimEnd().split("\n")).toHaveLength(4);
    expect(lines[0]).toBe((await readFile(path, "utf8")).split("\n")[0]);
  });

  it("concurrent appends never interleave lines", async () => {
    const path = join(dir, "audit.jsonl");
    const log = new JsonlFileAuditLog(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(request(`r${i}`))));
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(50);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("a torn last line does not hide the entries before it", async () => {
    const path = join(dir, "audit.jsonl");
    await writeFile(path, `${JSON.stringify(request("a"))}\n{"type":"res`);
    expect((await new JsonlFileAuditLog(path).entries()).map((entry) => entry.id)).toEqual(["a"]);
  });

  it("an unwritable location rejects the append", async () => {
    const blocker = join(dir, "not-a-dir");
    await writeFile(blocker, "");
    await expect(new JsonlFileAuditLog(join(blocker, "audit.jsonl")).append(request("a"))).rejects.toThrow();
  });

  it("the memory log keeps copies", async () => {
    const log = new MemoryAuditLog();
    const record = request("a");
    await log.append(record);
    (record as { task: string }).task = "changed";
    expect((await log.entries())[0]?.task).toBe("explain");
  });

  it("sha256Hex", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
