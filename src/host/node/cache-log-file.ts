import { randomBytes } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { setImmediate as nextTurn } from "node:timers/promises";
import { entrySize, version1Entries, type CacheChanges, type ColdEntries } from "../../bulk/lru-cache";
import { writeFileAtomically } from "./atomic-file";
import {
  BaseSegments,
  segmentCount,
  segmentHash,
  segmentOf,
  type BaseHeader,
  type BaseTotals,
  type StampedRecord,
} from "./cache-segments";

/**
 * The CLI's result cache on disk: a base file with every entry and a log of what changed since,
 * both JSON lines. The base is searched in place (./cache-segments.ts): only the log's entries
 * and those a run uses come into memory. A flush appends only the changes to the log, so its cost
 * follows the run's new answers, not the size of the cache (rewriting a million entries every
 * half second tripled a 10k-row run). When the log outgrows half the base, the two are compacted
 * into a new base.
 *
 * Each file starts with a header line naming the base's generation (random); a log is replayed
 * only onto the base of its own generation. A compaction renames the new base into place and then
 * replaces the log with an empty one of the new generation, so a crash between the two leaves a
 * log that is ignored rather than replayed onto entries it already holds.
 *
 * After the log's header, each line is a JSON array of up to RECORDS_PER_LINE records, oldest use
 * first: `[key, value]` (set), `[key]` (used: becomes the most recent) or `[key, null]` (removed,
 * e.g. evicted, so it does not come back on reopen). A line that does not parse (the last one
 * torn by a crash mid-append) is skipped; the lines before it stand.
 */
const FORMAT = "excel-slm-cache";
const RECORDS_PER_LINE = 1000;
/** Below this the log is never worth compacting, whatever the base's size. */
const COMPACT_MIN_LOG_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
/** Memory entries sorted into segments between two yields to the event loop, in a compaction. */
const ENTRIES_PER_TURN = 5_000;

type LogRecord = [key: string, value?: string | null];

export class CacheLogFile {
  /** The base read or written; undefined while there is no base in this format. */
  private base: BaseSegments | undefined;
  /** The log on disk starts with this base's header, so appends to it will be replayed. */
  private logReady = false;
  /** The log ends in a torn line: the next append starts a new line first. */
  private tornTail = false;
  private baseBytes = 0;
  private logBytes = 0;

  constructor(
    readonly basePath: string,
    readonly logPath: string,
  ) {}

  /**
   * Reads the base (as bytes: see ./cache-segments.ts) and replays its log into memory.
   * `rewrite` when the base is in the older one-document format (then it is all in memory).
   */
  async load(): Promise<{ entries: Map<string, string>; cold?: ColdEntries; rewrite: boolean }> {
    const entries = new Map<string, string>();
    const data = await readFile(this.basePath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (!data) return { entries, rewrite: false };
    const firstLineEnd = data.indexOf(0x0a);
    const header = readHeader(data.toString("utf8", 0, firstLineEnd === -1 ? data.length : firstLineEnd));
    if (!header) {
      const old = version1Entries(data.toString("utf8"));
      return { entries: old ?? entries, rewrite: old !== undefined };
    }
    const base = BaseSegments.read(header, data, firstLineEnd);
    if (!base) return { entries, rewrite: true };
    this.base = base;
    this.baseBytes = data.length;

    let first = true;
    let replay = false;
    const log = await readLines(this.logPath, (line) => {
      if (first) {
        first = false;
        replay = readHeader(line)?.generation === header.generation;
      } else if (replay) {
        applyLine(entries, base, line);
      }
    });
    this.logReady = replay;
    this.logBytes = log?.bytes ?? 0;
    this.tornTail = log?.torn ?? false;
    return { entries, cold: base, rewrite: false };
  }

  /**
   * Appends the changes to the log, or compacts when there is no base yet or the log has grown;
   * a compaction resolves with the new base, which then holds what memory held.
   */
  async write(changes: CacheChanges): Promise<void | { cold: ColdEntries }> {
    if (changes.all || this.base === undefined) return this.compact(changes.entries);
    if (!this.logReady) await this.startLog();
    await this.append(changes);
    if (this.logBytes > Math.max(COMPACT_MIN_LOG_BYTES, this.baseBytes / 2))
      return this.compact(changes.entries);
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
    const header = `${JSON.stringify({ [FORMAT]: 2, generation: this.base!.header.generation })}\n`;
    await writeFileAtomically(this.logPath, header, { fsync: false });
    this.logBytes = Buffer.byteLength(header);
    this.logReady = true;
    this.tornTail = false;
  }

  /**
   * Writes the base's live entries and memory's as a new base, then starts an empty log for it.
   * Memory is read a slice at a time into plain lists (no object per entry: a compaction of a
   * million entries must not churn the heap into long collections), and each segment is written
   * on its own, so the event loop is never held for long. Memory is read through a live iterator:
   * an entry changed meanwhile is also in the next write's changes, which go to the new log.
   */
  private async compact(memory: ReadonlyMap<string, string>): Promise<{ cold: ColdEntries }> {
    const old = this.base;
    // In pieces of ENTRIES_PER_TURN: one array of a million would be copied whole each time it grows.
    const keys: string[][] = [];
    const values: string[][] = [];
    const hashes: Float64Array[] = [];
    let count = 0;
    let memoryBytes = 0;
    for (const [key, value] of memory) {
      const offset = count % ENTRIES_PER_TURN;
      if (offset === 0) {
        if (count > 0) await nextTurn();
        keys.push([]);
        values.push([]);
        hashes.push(new Float64Array(ENTRIES_PER_TURN));
      }
      keys.at(-1)!.push(key);
      values.at(-1)!.push(value);
      hashes.at(-1)![offset] = segmentHash(key);
      memoryBytes += entrySize(key, value);
      count++;
    }
    const wanted = segmentCount((old?.bytes ?? 0) + memoryBytes);
    // The old base's segments are kept while their number still suits the size, so each old
    // segment is copied as it is read; otherwise its entries are sorted into the new ones first.
    const keep = old !== undefined && wanted <= old.header.segments * 2 && wanted * 2 >= old.header.segments;
    const segments = keep ? old.header.segments : wanted;
    const fromOld = old && !keep ? await sortIntoSegments(old, segments) : undefined;
    const memoryOrder = await bySegment(hashes, count, segments);
    // Memory's entries are newer than any in the base: stamped after its clock, in their LRU order.
    const clock = old?.header.clock ?? 0;
    const header: BaseHeader = {
      generation: randomBytes(8).toString("hex"),
      segments,
      clock: clock + keys.length,
    };
    const totals: BaseTotals = { entries: 0, bytes: 0, lengths: [] };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify({ [FORMAT]: 2, ...header })}\n`;
      for (let s = 0; s < segments; s++) {
        // Sorted into new segments, the old entries come from several old ones: back into stamp order.
        const records = fromOld ? fromOld[s]!.sort((a, b) => a[2] - b[2]) : (old?.records(s) ?? []);
        for (let i = memoryOrder.starts[s]!; i < memoryOrder.starts[s + 1]!; i++) {
          const at = memoryOrder.order[i]!;
          const piece = Math.floor(at / ENTRIES_PER_TURN);
          const offset = at % ENTRIES_PER_TURN;
          records.push([keys[piece]![offset]!, values[piece]![offset]!, clock + at + 1]);
        }
        const segment = latestOfEach(records);
        for (const [key, value] of segment) {
          totals.entries++;
          totals.bytes += entrySize(key, value);
        }
        const line = `${JSON.stringify(segment)}\n`;
        totals.lengths.push(Buffer.byteLength(line));
        yield line;
      }
      yield `${JSON.stringify(totals)}\n`;
    }
    // No fsync: a cache lost to a power cut costs only time, and the rename keeps it whole.
    await writeFileAtomically(this.basePath, lines(), { fsync: false });
    const data = await readFile(this.basePath);
    this.base = BaseSegments.read(header, data, data.indexOf(0x0a))!;
    this.baseBytes = data.length;
    await this.startLog();
    return { cold: this.base };
  }
}

/** The old base's live entries sorted into `segments` new segments, a few old segments per turn. */
async function sortIntoSegments(old: BaseSegments, segments: number): Promise<StampedRecord[][]> {
  const buckets = Array.from({ length: segments }, (): StampedRecord[] => []);
  for (let s = 0; s < old.header.segments; s++) {
    for (const record of old.records(s)) buckets[segmentOf(record[0], segments)]!.push(record);
    if (s % 16 === 15) await nextTurn();
  }
  return buckets;
}

/**
 * The indexes 0..count-1 of memory's entries grouped by segment (a counting sort, so each group
 * keeps memory's order); `hashes` holds them in pieces of ENTRIES_PER_TURN, one piece per turn.
 */
async function bySegment(
  hashes: readonly Float64Array[],
  count: number,
  segments: number,
): Promise<{ order: Uint32Array; starts: Uint32Array }> {
  const starts = new Uint32Array(segments + 1);
  for (let at = 0; at < count; at++) {
    starts[(hashes[Math.floor(at / ENTRIES_PER_TURN)]![at % ENTRIES_PER_TURN]! % segments) + 1]!++;
    if (at % ENTRIES_PER_TURN === ENTRIES_PER_TURN - 1) await nextTurn();
  }
  for (let s = 0; s < segments; s++) starts[s + 1]! += starts[s]!;
  const next = starts.slice(0, segments);
  const order = new Uint32Array(count);
  for (let at = 0; at < count; at++) {
    order[next[hashes[Math.floor(at / ENTRIES_PER_TURN)]![at % ENTRIES_PER_TURN]! % segments]!++] = at;
    if (at % ENTRIES_PER_TURN === ENTRIES_PER_TURN - 1) await nextTurn();
  }
  return { order, starts };
}

/**
 * A segment's records in stamp order with each key once, at its latest stamp (a key moved in
 * memory while a compaction read it was seen twice; one used again meanwhile is in both tiers).
 */
function latestOfEach(records: StampedRecord[]): StampedRecord[] {
  const seen = new Set<string>();
  const latest: StampedRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (seen.has(record[0])) continue;
    seen.add(record[0]);
    latest.push(record);
  }
  return latest.reverse();
}

/** The header of a base or log in this format; undefined for anything else. */
function readHeader(line: string): BaseHeader | undefined {
  // Checked first so an old one-document cache (one long line) is not parsed twice.
  if (!line.startsWith(`{"${FORMAT}"`)) return undefined;
  try {
    const header = JSON.parse(line) as Record<string, unknown>;
    if (header[FORMAT] !== 2 || typeof header.generation !== "string") return undefined;
    return header as unknown as BaseHeader;
  } catch {
    return undefined;
  }
}

/**
 * Applies one line of log records in order to memory and the base; a line that does not parse is
 * skipped whole. A key set, used or removed since the base was written leaves the base.
 */
function applyLine(entries: Map<string, string>, base: BaseSegments, line: string): void {
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
    const current = entries.get(key) ?? base.takeNow(key);
    entries.delete(key);
    if (typeof value === "string") entries.set(key, value);
    else if (value === undefined && current !== undefined) entries.set(key, current);
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
