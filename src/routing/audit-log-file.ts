import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { mergeAuditRecords, type AuditEntry, type AuditLog, type AuditRecord } from "./audit-log";

/**
 * The audit log as a JSONL file (Node only): one JSON object per line, only ever appended to,
 * created readable and writable by the owner alone (0600) because it holds the redacted
 * payloads. Each record is one write of one line, and writes from this process run one at a
 * time, so lines never interleave.
 */
export class JsonlFileAuditLog implements AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private prepared = false;

  constructor(readonly path: string) {}

  append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        await this.prepare();
        await appendFile(this.path, line, { encoding: "utf8", mode: 0o600, flag: "a" });
      });
    this.queue = run;
    return run;
  }

  async entries(): Promise<AuditEntry[]> {
    await this.queue.catch(() => undefined);
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const records: AuditRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        // A torn last line (power loss mid-write) must not hide every entry before it.
      }
    }
    return mergeAuditRecords(records);
  }

  /** Creates the file 0600 before the first line; an existing file keeps its (user-chosen) mode. */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, "a", 0o600);
    await handle.close();
    this.prepared = true;
  }
}
