import { mkdir, open, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { mergeAuditRecords, type AuditEntry, type AuditLog, type AuditRecord } from "../../routing/audit-log";

/**
 * A change to the cloud set-up (provider, its base URL, the policy, the key being set or
 * removed), written to the same file as the requests so one log says where data could go and
 * where it went. Values are the settings as the user sees them; the key itself never appears.
 */
export interface AuditSettingsRecord {
  type: "settings";
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  changes: Array<{
    setting: string;
    from: string | number | boolean | null;
    to: string | number | boolean | null;
  }>;
}

/**
 * The audit log as a JSONL file (Node only): one JSON object per line, only ever appended to,
 * created readable and writable by the owner alone (0600) because it holds the redacted
 * payloads. Each record is one write of one line, and appends to a file from this process run
 * one at a time whichever object makes them, so lines never interleave or get lost.
 */
export class JsonlFileAuditLog implements AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private prepared = false;

  constructor(readonly path: string) {}

  append(record: AuditRecord | AuditSettingsRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    // One queue per file, not per object: the CLI and the server may each hold a log on the same file.
    const key = resolve(this.path);
    const run = (appendQueues.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        await this.prepare();
        await appendLine(this.path, line);
      });
    appendQueues.set(key, run);
    this.queue = run;
    // Forget the file once its last append is done, so the map does not grow with every path used.
    void run
      .catch(() => undefined)
      .then(() => {
        if (appendQueues.get(key) === run) appendQueues.delete(key);
      });
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
        const record = JSON.parse(line) as AuditRecord | AuditSettingsRecord;
        if (record.type !== "settings") records.push(record);
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

/** The append in progress for each file (by absolute path) in this process; the next waits for it. */
const appendQueues = new Map<string, Promise<unknown>>();

/**
 * Appends one line with a single write(2) on a file opened for appending. The kernel makes each
 * such write land whole at the end of the file, so lines from other processes (the CLI and the
 * server sharing $SLM_HOME) cannot land inside it. fs.appendFile would not do: it writes in
 * 512 KiB pieces, and a large redacted payload would be split into several writes.
 */
async function appendLine(file: string, line: Buffer): Promise<void> {
  const handle = await open(file, "a", 0o600);
  try {
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) {
      throw new Error(
        `Could not append to the audit log "${file}": only ${bytesWritten} of ${line.length} bytes were written (is the disk full?). Free some space and try again.`,
      );
    }
  } finally {
    await handle.close();
  }
}
