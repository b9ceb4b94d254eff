import { setImmediate as nextTurn } from "node:timers/promises";
import { cyrb53 } from "../../bulk/cyrb53";
import { entrySize, type ColdEntries } from "../../bulk/lru-cache";

/**
 * The --cache base file, searched where it lies. Reading a million entries into a map costs
 * 1.5–2 s at every start (parsing and hashing, most of a 10k-row run's own time); instead the
 * file is read as bytes and a key is found by searching only its segment (~1,000 entries), so a
 * run pays for the keys it asks about, not for the cache's size.
 *
 * After the header line come `segments` lines; line s is a JSON array of `[key, value, stamp]`
 * for the keys whose hash falls in segment s, in ascending stamp order (a stamp grows with each
 * use, across the whole cache). Eviction walks the segments' heads in stamp order. A last line
 * counts the entries and gives each segment line's length in bytes (`{"entries":n,"bytes":b,
 * "lengths":[...]}`), known only once the segments are written: opening finds the segments from
 * it without scanning the file.
 */
export interface BaseHeader {
  generation: string;
  segments: number;
  /** The largest stamp in the base; the next compaction stamps memory's entries after it. */
  clock: number;
}

export interface BaseTotals {
  entries: number;
  bytes: number;
  /** Each segment line's length in bytes, with its newline. */
  lengths: number[];
}

export type StampedRecord = [key: string, value: string, stamp: number];

/** Segments of about 64 KB on disk (128 KB as counted): a search reads that much, a parse takes a millisecond. */
export function segmentCount(countedBytes: number): number {
  return Math.min(16_384, Math.max(1, Math.ceil(countedBytes / (128 * 1024))));
}

/** A key's hash, from which its segment follows for any number of segments. */
export function segmentHash(key: string): number {
  return cyrb53(key, 0x2545f491);
}

export function segmentOf(key: string, segments: number): number {
  return segmentHash(key) % segments;
}

/** Lookups run back to back for at most this long before letting the event loop turn. */
const LOOKUP_SLICE_MS = 10;

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class BaseSegments implements ColdEntries {
  size: number;
  bytes: number;
  /** Keys that left the tier (used again, set again, removed): the copy here no longer counts. */
  private readonly gone = new Set<string>();
  /** Where each segment's next record for eviction starts; -1 when it has none left. */
  private heads: { at: number; stamp: number }[] | undefined;
  private cleared = false;
  /** Lookups run one after another, so a burst of them can be sliced (see take). */
  private lookups: Promise<unknown> = Promise.resolve();
  private sliceStart = 0;

  /** `starts[s]`..`starts[s + 1] - 1`: the bytes of segment s's line (without its newline). */
  private constructor(
    readonly header: BaseHeader,
    private readonly data: Buffer,
    private readonly starts: number[],
    totals: BaseTotals,
  ) {
    this.size = totals.entries;
    this.bytes = totals.bytes;
  }

  /** The segments of a base file's bytes; undefined when they are not all there (a damaged file). */
  static read(header: BaseHeader, data: Buffer, firstLineEnd: number): BaseSegments | undefined {
    const lastLineStart = data.lastIndexOf(0x0a, data.length - 2) + 1;
    let totals: Partial<BaseTotals>;
    try {
      totals = JSON.parse(data.toString("utf8", lastLineStart)) as Partial<BaseTotals>;
    } catch {
      return undefined;
    }
    const { entries, bytes, lengths } = totals;
    if (typeof entries !== "number" || typeof bytes !== "number" || !Array.isArray(lengths)) return undefined;
    if (lengths.length !== header.segments) return undefined;
    const starts = [firstLineEnd + 1];
    for (const length of lengths) starts.push(starts.at(-1)! + length);
    if (starts.at(-1) !== lastLineStart) return undefined;
    return new BaseSegments(header, data, starts, { entries, bytes, lengths });
  }

  take(key: string): Promise<string | undefined> {
    const lookup = this.lookups.then(async () => {
      if (performance.now() - this.sliceStart > LOOKUP_SLICE_MS) {
        await nextTurn();
        this.sliceStart = performance.now();
      }
      return this.takeNow(key);
    });
    this.lookups = lookup;
    return lookup;
  }

  drop(key: string): void {
    this.takeNow(key);
  }

  /** take() at once, for replaying the log while opening. */
  takeNow(key: string): string | undefined {
    if (this.cleared || this.isGone(key)) return undefined;
    const value = this.find(key);
    if (value === undefined) return undefined;
    this.leave(key, value);
    return value;
  }

  dropOldest(): string | undefined {
    if (this.cleared) return undefined;
    this.heads ??= this.starts.slice(0, -1).map((start) => this.headAt(start + 1));
    for (;;) {
      let oldest = -1;
      for (let s = 0; s < this.heads.length; s++) {
        const head = this.heads[s]!;
        if (head.at !== -1 && (oldest === -1 || head.stamp < this.heads[oldest]!.stamp)) oldest = s;
      }
      if (oldest === -1) return undefined;
      const record = readRecord(this.data, this.heads[oldest]!.at);
      this.heads[oldest] = this.headAt(record.next);
      if (this.isGone(record.key)) continue; // already left the tier: its bytes are not counted
      this.leave(record.key, record.value);
      return record.key;
    }
  }

  clear(): void {
    this.cleared = true;
    this.size = 0;
    this.bytes = 0;
  }

  get isCleared(): boolean {
    return this.cleared;
  }

  /** The live records of segment s, oldest first (for a compaction). */
  records(segment: number): StampedRecord[] {
    if (this.cleared) return [];
    const line = this.data.toString("utf8", this.starts[segment], this.starts[segment + 1]! - 1);
    return (JSON.parse(line) as StampedRecord[]).filter(([key]) => !this.isGone(key));
  }

  private isGone(key: string): boolean {
    return this.gone.has(key);
  }

  private leave(key: string, value: string): void {
    this.gone.add(key);
    this.size--;
    this.bytes -= entrySize(key, value);
  }

  private find(key: string): string | undefined {
    const segment = segmentOf(key, this.header.segments);
    const start = this.starts[segment]!;
    // A view of the segment alone: a miss searches ~64 KB, not the rest of the file.
    const line = this.data.subarray(start, this.starts[segment + 1]! - 1);
    // `["key",` can only start a record: inside a JSON string a quote is escaped.
    const pattern = Buffer.from(`[${JSON.stringify(key)},`, "utf8");
    for (let at = line.indexOf(pattern); at !== -1; at = line.indexOf(pattern, at + 1)) {
      const before = line[at - 1];
      if (before === OPEN || before === COMMA) {
        const record = readRecord(this.data, start + at);
        if (record.key === key) return record.value;
      }
    }
    return undefined;
  }

  /** The record starting at `at`, or none when the segment's array ends there. */
  private headAt(at: number): { at: number; stamp: number } {
    if (this.data[at] !== OPEN) return { at: -1, stamp: 0 };
    return { at, stamp: readRecord(this.data, at).stamp };
  }
}

/**
 * Reads the record `["key","value",stamp]` at `at` without parsing its whole segment; `next` is
 * where the following record starts (after the comma), or the segment's closing bracket.
 */
function readRecord(data: Buffer, at: number): { key: string; value: string; stamp: number; next: number } {
  const keyEnd = stringEnd(data, at + 1);
  const valueEnd = stringEnd(data, keyEnd + 2);
  let end = valueEnd + 2;
  while (data[end] !== CLOSE) end++;
  const stamp = Number(data.toString("latin1", valueEnd + 2, end));
  let next = end + 1;
  if (data[next] === COMMA) next++;
  return {
    key: stringAt(data, at + 1, keyEnd),
    value: stringAt(data, keyEnd + 2, valueEnd),
    stamp,
    next,
  };
}

/** The closing quote of the JSON string whose opening quote is at `start`. */
function stringEnd(data: Buffer, start: number): number {
  let at = start + 1;
  while (data[at] !== QUOTE) at += data[at] === BACKSLASH ? 2 : 1;
  return at;
}

function stringAt(data: Buffer, start: number, end: number): string {
  const raw = data.toString("utf8", start + 1, end);
  return raw.includes("\\") ? (JSON.parse(data.toString("utf8", start, end + 1)) as string) : raw;
}
