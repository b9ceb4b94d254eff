import { describe, expect, it } from "vitest";
import {
  countDifferent,
  JOURNAL_STORE_KEY,
  WriteJournal,
  type JournalCell,
  type JournalCellAccess,
} from "../../src/sheet/write-journal";
import { MemoryStore } from "../../src/settings/key-value-store";

/** Cells by target address: enough to follow what the journal reads and writes back. */
class Cells implements JournalCellAccess {
  readonly grids = new Map<string, JournalCell[][]>();
  writes = 0;
  async read(target: string) {
    return (this.grids.get(target) ?? []).map((row) => [...row]);
  }
  async write(target: string, cells: JournalCell[][]) {
    this.writes++;
    this.grids.set(
      target,
      cells.map((row) => [...row]),
    );
  }
}

const entry = (target: string, before: JournalCell[][], after: JournalCell[][]) => ({
  label: "Insert formula",
  target,
  cellCount: after.length * (after[0]?.length ?? 0),
  overwritten: before.flat().filter((cell) => cell !== "").length,
  before,
  after,
});

describe("the write journal", () => {
  it("lists writes newest first, tells subscribers, and keeps them across page loads", async () => {
    const store = new MemoryStore();
    const cells = new Cells();
    const journal = new WriteJournal(store, cells);
    const seen: number[] = [];
    const stop = journal.subscribe((entries) => seen.push(entries.length));
    await journal.record(entry("Sales!E2", [[""]], [["=1+1"]]));
    await journal.record(entry("Sales!F2:F3", [["a"], ["b"]], [[1], [2]]));
    stop();
    await journal.record(entry("Sales!G2", [[""]], [["x"]]));
    expect(seen).toEqual([1, 2]);
    expect(journal.list().map((item) => item.target)).toEqual(["Sales!G2", "Sales!F2:F3", "Sales!E2"]);
    expect(journal.list()[1]).toMatchObject({ cellCount: 2, overwritten: 2, restored: false });

    const reopened = new WriteJournal(store, cells);
    await reopened.load();
    expect(reopened.list().map((item) => item.target)).toEqual(["Sales!G2", "Sales!F2:F3", "Sales!E2"]);
  });

  it("restores what was there, once", async () => {
    const cells = new Cells();
    const journal = new WriteJournal(new MemoryStore(), cells);
    cells.grids.set("Sales!F2:F3", [[1], [2]]);
    const record = await journal.record(entry("Sales!F2:F3", [["a"], ["=SUM(A1:A2)"]], [[1], [2]]));
    expect(await journal.restore(record.id)).toEqual({ status: "restored", cells: 2 });
    expect(cells.grids.get("Sales!F2:F3")).toEqual([["a"], ["=SUM(A1:A2)"]]);
    expect(journal.get(record.id)?.restored).toBe(true);
    expect(await journal.restore(record.id)).toEqual({ status: "already-restored" });
    expect(cells.writes).toBe(1);
  });

  it("asks before restoring over cells edited after the write", async () => {
    const cells = new Cells();
    const journal = new WriteJournal(new MemoryStore(), cells);
    const record = await journal.record(entry("Sales!F2:F3", [["a"], ["b"]], [[1], [2]]));
    cells.grids.set("Sales!F2:F3", [[1], ["edited by hand"]]);
    expect(await journal.restore(record.id)).toEqual({ status: "edited-since", edited: 1 });
    expect(cells.writes).toBe(0);
    expect(journal.get(record.id)?.restored).toBe(false);
    expect(await journal.restore(record.id, { overwriteEdits: true })).toMatchObject({ status: "restored" });
    expect(cells.grids.get("Sales!F2:F3")).toEqual([["a"], ["b"]]);
  });

  it("keeps a bounded history and survives a damaged store", async () => {
    const store = new MemoryStore();
    const journal = new WriteJournal(store, new Cells(), { maxEntries: 3, maxChars: 1_000_000 });
    for (let i = 0; i < 5; i++) await journal.record(entry(`Sales!A${i + 1}`, [[""]], [[i]]));
    expect(journal.list().map((item) => item.target)).toEqual(["Sales!A5", "Sales!A4", "Sales!A3"]);

    const small = new WriteJournal(new MemoryStore(), new Cells(), { maxEntries: 30, maxChars: 700 });
    for (let i = 0; i < 5; i++) await small.record(entry(`Sales!A${i + 1}`, [["old"]], [["new"]]));
    expect(small.list().length).toBeLessThan(5);
    expect(small.list()[0]?.target).toBe("Sales!A5");

    await store.setItem(JOURNAL_STORE_KEY, "{not json");
    const damaged = new WriteJournal(store, new Cells());
    await damaged.load();
    expect(damaged.list()).toEqual([]);
    await expect(damaged.restore("missing")).rejects.toThrow(/no longer in the history/);
  });

  it("compares cells the way Excel reports them back", () => {
    expect(countDifferent([["=sum(A1:A2)", 1]], [["=SUM(A1:A2)", 1]])).toBe(0);
    expect(countDifferent([["a", 1]], [["a", "1"]])).toBe(1);
    expect(countDifferent([["a"]], [["a", "b"], ["c"]])).toBe(2);
  });
});
