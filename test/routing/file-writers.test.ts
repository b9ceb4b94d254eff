import { describe, expect, it } from "vitest";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonlFileAuditLog, type AuditSettingsRecord } from "../../src/host/node/audit-log-file";
import { JsonFileUsageStore } from "../../src/host/node/usage-store-file";

describe("audit and usage files with more than one writer", () => {
  it("two audit logs on one file append large lines concurrently without interleaving or losing any", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "slm-audit-")), "audit.jsonl");
    // The CLI's router and the server's each hold their own log object on $SLM_HOME/audit.jsonl.
    const logs = [new JsonlFileAuditLog(file), new JsonlFileAuditLog(file)];
    // Over 512 KiB per line: the size a redacted table payload can reach.
    const record = (writer: number, n: number): AuditSettingsRecord => ({
      type: "settings",
      id: `${writer}-${n}`,
      time: "2025-01-02T03:04:05.000Z",
      changes: [{ setting: "payload", from: null, to: String(writer).repeat(1_200_000) }],
    });
    await Promise.all(
      logs.flatMap((log, writer) => Array.from({ length: 8 }, (_, n) => log.append(record(writer, n)))),
    );
    const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
    expect(lines).toHaveLength(16);
    const ids = lines.map((line) => (JSON.parse(line) as AuditSettingsRecord).id).sort();
    expect(ids).toEqual([0, 1].flatMap((w) => Array.from({ length: 8 }, (_, n) => `${w}-${n}`)).sort());
  }, 30_000);

  it("two usage stores on one file add concurrently without losing counts or leaving temporary files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "slm-usage-two-"));
    const file = join(dir, "usage.json");
    const stores = [new JsonFileUsageStore(file), new JsonFileUsageStore(file)];
    await Promise.all(
      stores.flatMap((store) =>
        Array.from({ length: 25 }, () => store.add("2025-01-02", { local: { requests: 1 } })),
      ),
    );
    expect((await stores[0]!.get("2025-01-02")).local.requests).toBe(50);
    expect(await readdir(dir)).toEqual(["usage.json"]);
  });
});
