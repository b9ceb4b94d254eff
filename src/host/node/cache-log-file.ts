import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { version1Entries, type CacheChanges } from "../../bulk/lru-cache";
import { writeFileAtomically } from "./atomic-file";

/**
 * The CLI's result cache on disk: a base file with every entry and a log of what changed since,
 * both JSON lines. A flush appends only the changes to the log, so its cost follows the run's new
 * answers, not the size of the cache (rewriting a million entries every half second tripled a
 * 10k-row run). When the log outgrows half the base, the two are compacted into a new base.
 *
 * Each file starts with a header line naming the base's generation (random); a log is replayed
 * only onto the base of its own generation. A compaction renames the new base into place and then
 * replaces the log with an empty one of the new generation, so a crash between the two leaves a
 * log that is ignored rather than replayed onto entries it already holds.
 *
 * After the header, each line is a JSON array of up to RECORDS_PER_LINE records, oldest use first:
 * `[key, value]` (set), `[key]` (used: becomes the most recent) or `[key, null]` (removed, e.g.
 * evicted, so it does not come back on reopen). A line that does not parse (the last one torn by a
 * crash mid-append) is skipped; the lines before it stand.
 */
const FORMAT = "excel-slm-cache";
const RECORDS_PER_LINE = 1000;
/** Below this the log is never worth compacting, whatever the base's size. */
const COMPACT_MIN_LOG_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

type LogRecord = [key: string, value?: string | null];

export class CacheLogFile {
  /** The generation of the base read or written; undefined while there is no base in this format. */
  private generation: string | undefined;
  /** The log on disk starts with this generation's header, so appends to it will be replayed. */
  private logReady = false;
  /** The log ends in a torn line: the next append starts a new line first. */
  private tornTail = false;
  private baseBytes = 0;
  private logBytes = 0;

  constructor(
    readonly basePath: string,
    readonly logPath: string,
  ) {}

  /** Reads the base and its log; `rewrite` when the base is in the older one-document format. */
  async load(): Promise<{ entries: Map<string, string>; rewrite: boolean }> {
    const entries = new Map<string, string>();
    let first = true;
    let old: Map<string, string> | undefined;
    const base = await readLines(this.basePath, (line) => {
      if (first) {
        first = false;
        this.generation = headerGeneration(line);
        if (this.generation === undefined) old = version1Entries(line);
      } else if (this.generation !== undefined) {
        applyLine(entries, line);
      }
    });
    if (old) return { entries: old, rewrite: true };
    if (!base || this.generation === undefined) return { entries, rewrite: false };
    this.baseBytes = base.bytes;

    first = true;
    let replay = false;
    const log = await readLines(this.logPath, (line) => {
      if (first) {
        first = false;
        replay = headerGeneration(line) === this.generation;
      } else if (replay) {
        applyLine(entries, line);
      }
    });
    this.logReady = replay;
    this.logBytes = log?.bytes ?? 0;
    this.tornTail = log?.torn ?? false;
    return { entries, rewrite: false };
  }

  /** Appends the changes to the log, or compacts when there is no base yet or the log has grown. */
  async write(changes: CacheChanges): Promise<void> {
    if (changes.all || this.generation === undefined) return this.compact(changes.entries);
    if (!this.logReady) await this.startLog();
    await this.append(changes);
    if (this.logBytes > Math.max(COMPACT_MIN_LOG_BYTES, this.baseBytes / 2))
      await this.compact(changes.entries);
  }

  /** The bytes in the base and the log now, for tests and the benchmark. */
  sizes(): { base: number; log: number } {
    return { base: this.baseBytes, log: this.logBytes };
  }

  private async append(changes: CacheChanges): Promise<void> {
    const handle = await open(this.logPath, "a");
    try {
      if (this.tornTail) {
        await appendAll(handle, "\n");
        this.logBytes += 1;
        this.tornTail = false;
      }
      let records: LogRecord[] = [];
      const writeLine = async () => {
        this.logBytes += await appendAll(handle, `${JSON.stringify(records)}\n`);
        records = [];
      };
      for (const [key, change] of changes.keys) {
        // The value now, not when it changed: a later change only makes the record more current.
        const value = changes.entries.get(key);
        records.push(value === undefined ? [key, null] : change === "used" ? [key] : [key, value]);
        // A line at a time, so a flush of many changes never holds the event loop long.
        if (records.length === RECORDS_PER_LINE) await writeLine();
      }
      if (records.length) await writeLine();
    } catch (error) {
      // Whatever part of a line landed is torn: the next append must not continue it.
      this.tornTail = true;
      throw error;
    } finally {
      await handle.close();
    }
  }

  /** Replaces the log with just the header of the current base. */
  private async startLog(): Promise<void> {
    const header = headerLine(this.generation!);
    await writeFileAtomically(this.logPath, header, { fsync: false });
    this.logBytes = Buffer.byteLength(header);
    this.logReady = true;
    this.tornTail = false;
  }

  /**
   * Writes every entry as a new base, a line at a time (the writer awaits each line, so the event
   * loop is never held for more than one line's serialising), then starts an empty log for it.
   * The entries are read through a live iterator: an entry changed meanwhile is also in the next
   * write's changes, which go to the new log, so nothing done during a compaction is lost.
   */
  private async compact(entries: ReadonlyMap<string, string>): Promise<void> {
    const generation = randomBytes(8).toString("hex");
    let bytes = 0;
    async function* lines(): AsyncGenerator<string> {
      const header = headerLine(generation);
      bytes += Buffer.byteLength(header);
      yield header;
      let records: LogRecord[] = [];
      for (const entry of entries) {
        records.push(entry);
        if (records.length === RECORDS_PER_LINE) {
          const line = `${JSON.stringify(records)}\n`;
          bytes += Buffer.byteLength(line);
          yield line;
          records = [];
        }
      }
      if (records.length) {
        const line = `${JSON.stringify(records)}\n`;
        bytes += Buffer.byteLength(line);
        yield line;
      }
    }
    // No fsync: a cache lost to a power cut costs only time, and the rename keeps it whole.
    await writeFileAtomically(this.basePath, lines(), { fsync: false });
    this.generation = generation;
    this.baseBytes = bytes;
    await this.startLog();
  }
}

function headerLine(generation: string): string {
  return `${JSON.stringify({ [FORMAT]: 2, generation })}\n`;
}

function headerGeneration(line: string): string | undefined {
  // Checked first so an old one-document cache (one long line) is not parsed twice.
  if (!line.startsWith(`{"${FORMAT}"`)) return undefined;
  try {
    const header = JSON.parse(line) as Record<string, unknown>;
    return header[FORMAT] === 2 && typeof header.generation === "string" ? header.generation : undefined;
  } catch {
    return undefined;
  }
}

/** Applies one line of records in order; a line that does not parse is skipped whole. */
function applyLine(entries: Map<string, string>, line: string): void {
  let records: unknown;
  try {
    records = JSON.parse(line);
  } catch {
    return;
  }
  if (!Array.isArray(records)) return;
  for (const record of records as unknown[]) {
    if (!Array.isArray(record) || typeof record[0] !== "string") continue;
    const key = record[0];
    const value: unknown = record[1];
    if (typeof value === "string") {
      entries.delete(key);
      entries.set(key, value);
    } else if (value === null) {
      entries.delete(key);
    } else {
      const current = entries.get(key);
      if (current === undefined) continue;
      entries.delete(key);
      entries.set(key, current);
    }
  }
}

/**
 * Calls `onLine` for each line of `file`, read a megabyte at a time (a 100 MB cache is never one
 * string). Null when the file does not exist. `torn`: the file does not end with a newline; its
 * last piece is still offered (a torn line does not parse and is skipped).
 */
async function readLines(
  file: string,
  onLine: (line: string) => void,
): Promise<{ bytes: number; torn: boolean } | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const decoder = new StringDecoder("utf8");
    const buffer = Buffer.alloc(READ_CHUNK_BYTES);
    // The start of a line not yet ended, in pieces: an old one-document cache is one long line.
    let pending: string[] = [];
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      const text = decoder.write(buffer.subarray(0, bytesRead));
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        pending.push(text.slice(start, end));
        onLine(pending.join(""));
        pending = [];
        start = end + 1;
      }
      if (start < text.length) pending.push(text.slice(start));
    }
    const rest = pending.join("") + decoder.end();
    if (rest) onLine(rest);
    return { bytes, torn: rest.length > 0 };
  } finally {
    await handle.close();
  }
}

/** Appends `text` whole or throws (a short write is a full disk); returns the bytes written. */
async function appendAll(handle: Awaited<ReturnType<typeof open>>, text: string): Promise<number> {
  const bytes = Buffer.from(text, "utf8");
  const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
  if (bytesWritten !== bytes.length) {
    throw new Error(`only ${bytesWritten} of ${bytes.length} bytes were written (is the disk full?)`);
  }
  return bytes.length;
}
