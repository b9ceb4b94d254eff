import type { KeyValueStore } from "../settings/key-value-store";

/**
 * What the add-in wrote into the workbook and what was there before, so "Restore" can put it
 * back. Kept in the page and persisted to the per-user store (localStorage / OfficeRuntime
 * storage), never to the workbook: the old contents of cells must not travel with the file.
 * The journal knows nothing about Excel; the cell access is injected (src/host/excel/cell-writes).
 */
export type JournalCell = string | number | boolean;

export interface WriteRecord {
  id: string;
  /** What the user did, e.g. "Insert formula", "Freeze results". */
  label: string;
  /** Sheet-qualified A1, e.g. "Sales!E2:E41". */
  target: string;
  /** When it was written (ms since the epoch). */
  time: number;
  cellCount: number;
  /** How many of those cells held something before the write. */
  overwritten: number;
  restored: boolean;
  /** What Restore writes back: formulas where there were formulas, values elsewhere, "" for empty. */
  before: JournalCell[][];
  /** What the cells held right after the write, to tell whether they were edited since. */
  after: JournalCell[][];
}

/** Reading and writing cell contents (formula text or value per cell) of a sheet-qualified range. */
export interface JournalCellAccess {
  read(target: string): Promise<JournalCell[][]>;
  write(target: string, cells: JournalCell[][]): Promise<void>;
}

export type RestoreOutcome =
  | { status: "restored"; cells: number }
  /** Cells were changed after the write; nothing was written. Ask, then call again with overwriteEdits. */
  | { status: "edited-since"; edited: number }
  | { status: "already-restored" };

export type JournalListener = (entries: readonly WriteRecord[]) => void;

export const JOURNAL_STORE_KEY = "excel-slm.write-journal.v1";
/** Enough history to undo a session's work without filling the 5-10 MB per-user store. */
export const JOURNAL_MAX_ENTRIES = 30;
export const JOURNAL_MAX_CHARS = 1_500_000;

interface JournalDocument {
  version: 1;
  entries: WriteRecord[];
}

export class WriteJournal {
  /** Newest first. */
  private entries: WriteRecord[] = [];
  private readonly listeners = new Set<JournalListener>();
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly store: KeyValueStore,
    private readonly cells: JournalCellAccess,
    private readonly limits = { maxEntries: JOURNAL_MAX_ENTRIES, maxChars: JOURNAL_MAX_CHARS },
  ) {}

  /** Reads the persisted history once; every other method waits for it. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const parsed = JSON.parse(
          (await this.store.getItem(JOURNAL_STORE_KEY)) ?? "null",
        ) as JournalDocument | null;
        if (parsed?.version === 1 && Array.isArray(parsed.entries)) {
          this.entries = parsed.entries.filter(isRecord).concat(this.entries);
        }
      } catch {
        // A damaged history loses only the chance to restore older writes; start empty.
      }
    })();
    return this.loaded;
  }

  /** Newest first. Call load() (or await any other method) before relying on older sessions' entries. */
  list(): readonly WriteRecord[] {
    return this.entries;
  }

  get(id: string): WriteRecord | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async record(entry: Omit<WriteRecord, "id" | "time" | "restored">): Promise<WriteRecord> {
    await this.load();
    const record: WriteRecord = {
      ...entry,
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      time: Date.now(),
      restored: false,
    };
    this.entries = [record, ...this.entries];
    await this.changed();
    return record;
  }

  /**
   * Puts back what the write replaced. When some of the written cells were changed afterwards,
   * writes nothing and says how many, unless `overwriteEdits` confirms replacing those changes.
   */
  async restore(id: string, options: { overwriteEdits?: boolean } = {}): Promise<RestoreOutcome> {
    await this.load();
    const entry = this.get(id);
    if (!entry) throw new Error("That change is no longer in the history, so it cannot be restored.");
    if (entry.restored) return { status: "already-restored" };
    const now = await this.cells.read(entry.target);
    const edited = countDifferent(now, entry.after);
    if (edited > 0 && !options.overwriteEdits) return { status: "edited-since", edited };
    await this.cells.write(entry.target, entry.before);
    this.entries = this.entries.map((item) => (item.id === id ? { ...item, restored: true } : item));
    await this.changed();
    return { status: "restored", cells: entry.cellCount };
  }

  private async changed(): Promise<void> {
    this.entries = this.entries.slice(0, this.limits.maxEntries);
    let text = serialise(this.entries);
    // Drop the oldest entries until the history fits its share of the store.
    while (text.length > this.limits.maxChars && this.entries.length > 1) {
      this.entries = this.entries.slice(0, -1);
      text = serialise(this.entries);
    }
    for (const listener of this.listeners) listener(this.entries);
    try {
      await this.store.setItem(JOURNAL_STORE_KEY, text);
    } catch {
      // A full store keeps the history for this session only.
    }
  }
}

function serialise(entries: WriteRecord[]): string {
  const document: JournalDocument = { version: 1, entries };
  return JSON.stringify(document);
}

function isRecord(value: unknown): value is WriteRecord {
  const entry = value as Partial<WriteRecord> | null;
  return (
    typeof entry?.id === "string" &&
    typeof entry.target === "string" &&
    Array.isArray(entry.before) &&
    Array.isArray(entry.after)
  );
}

/** Cells whose contents differ; a missing row or column counts as empty (""). */
export function countDifferent(a: readonly JournalCell[][], b: readonly JournalCell[][]): number {
  let different = 0;
  const rows = Math.max(a.length, b.length);
  for (let r = 0; r < rows; r++) {
    const cols = Math.max(a[r]?.length ?? 0, b[r]?.length ?? 0);
    for (let c = 0; c < cols; c++) if (!sameCell(a[r]?.[c] ?? "", b[r]?.[c] ?? "")) different++;
  }
  return different;
}

function sameCell(a: JournalCell, b: JournalCell): boolean {
  // Excel may report a formula with different casing than it was written ("=sum(" → "=SUM(").
  if (typeof a === "string" && typeof b === "string" && a.startsWith("=") && b.startsWith("=")) {
    return a.toUpperCase() === b.toUpperCase();
  }
  return a === b;
}
