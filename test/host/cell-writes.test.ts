import { beforeEach, describe, expect, it } from "vitest";
import {
  applyWrite,
  excelJournalCells,
  OverwriteNeedsConfirmation,
  planWrite,
  WriteTargetChanged,
} from "../../src/host/excel/cell-writes";
import { fillDownCells, shiftFormulaRows } from "../../src/host/excel/cell-writes-fill";
import {
  fillDownRange,
  isSlmFormula,
  NoActiveCell,
  planFreeze,
  readActiveCell,
  refreshSelection,
  REFRESH_BYPASS_MS,
} from "../../src/host/excel/cell-writes-selection";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { BulkEngine, type PackedTask } from "../../src/bulk/bulk-engine";
import { LruResultCache } from "../../src/bulk/result-cache";
import { MemoryStore } from "../../src/settings/key-value-store";
import { WriteJournal } from "../../src/sheet/write-journal";
import { FakeWorkbook } from "../support/excel-object-model";

/** Sales with a Total column E: E2 is empty, E3 holds a number, E4 a formula. */
function sales(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Sales", [
      ["Region", "Product", "Units", "Price", "Total"],
      ["East", "Widget", 2, 10, ""],
      ["West", "Gadget", 3, 20, 55],
      ["West", "Widget", 1, 30, 30],
    ])
    .setFormula("Sales", 3, 4, "=C4*D4")
    .select("Sales!E2");
}

let book: FakeWorkbook;
let journal: WriteJournal;
beforeEach(async () => {
  book = sales();
  configureAddinRuntime({ store: new MemoryStore(), excel: book.run });
  journal = new WriteJournal(
    new MemoryStore(),
    excelJournalCells(async () => book.run),
  );
  await journal.load();
});

describe("planWrite and applyWrite", () => {
  it("plans a write without writing: the sheet-qualified target and how many cells hold something", async () => {
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"], ["=C3*D3"], ["=C4*D4"]]);
    expect(plan).toMatchObject({
      target: "Sales!E2:E4",
      nonEmpty: 2,
      existing: { values: [[""], [55], [30]], formulas: [[""], [55], ["=C4*D4"]] },
    });
    expect(book.writes).toEqual([]);
  });

  it("counts a formula that shows an empty text as non-empty, like the CLI", async () => {
    book.setFormula("Sales", 1, 4, '=IF(C2>5,"big","")');
    const plan = await planWrite(book.run, "Sales!E2", [["x"]]);
    expect(plan.nonEmpty).toBe(1);
    expect(plan.scan.examples).toEqual(['Sales!E2 (the formula =IF(C2>5,"big",""))']);
    await expect(
      applyWrite(book.run, plan, { label: "t", overwriteConfirmed: false, journal }),
    ).rejects.toThrow(OverwriteNeedsConfirmation);
  });

  it("counts blank cells of a spilled result as non-empty: writing there would break the formula", async () => {
    book.spill("Sales", "F1:F3");
    const plan = await planWrite(book.run, "Sales!F2", [["x"], ["y"]]);
    expect(plan.nonEmpty).toBe(2);
    expect(plan.scan.examples[0]).toMatch(/spilled result/);
  });

  it("refuses a target on a protected sheet unless its cells are unlocked, whatever is confirmed", async () => {
    book.protect("Sales", ["F2:F3"]);
    await expect(planWrite(book.run, "Sales!E2", [["x"]])).rejects.toThrow(
      /protected sheet.*Unprotect Sheet/,
    );
    await expect(planWrite(book.run, "Sales!F2", [["x"], ["y"], ["z"]])).rejects.toMatchObject({
      name: "WriteRefused",
      refusal: "protected",
    });
    const allowed = await planWrite(book.run, "Sales!F2", [["x"], ["y"]]);
    expect(allowed.nonEmpty).toBe(0);
    expect(book.writes).toEqual([]);
  });

  it("refuses a target that cuts into a merged area", async () => {
    book.merge("Sales", "F2:G3");
    await expect(planWrite(book.run, "Sales!G2", [["x"]])).rejects.toThrow(
      /merged cells.*Sales!G2 \(part of the merged area F2:G3\)/,
    );
    // The merged area's top-left cell is an ordinary (empty) cell.
    expect((await planWrite(book.run, "Sales!F2", [["x"]])).nonEmpty).toBe(0);
  });

  it("refuses a target whose size does not match the cells", async () => {
    await expect(planWrite(book.run, "Sales!E2:E3", [["a"], ["b"], ["c"]])).rejects.toThrow(
      /2×1 cells but 3×1/,
    );
    await expect(planWrite(book.run, "Sales!E2", [])).rejects.toThrow(/non-empty rectangle/);
  });

  it("never overwrites non-empty cells without a confirmation, and says how many", async () => {
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"], ["=C3*D3"], ["=C4*D4"]]);
    const refused = await applyWrite(book.run, plan, {
      label: "Fill down formula",
      overwriteConfirmed: false,
      journal,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OverwriteNeedsConfirmation);
    expect(refused).toMatchObject({ count: 2, message: expect.stringMatching(/^2 cells in Sales!E2:E4/) });
    expect(book.writes).toEqual([]);
    expect(book.valueAt("Sales", 2, 4)).toBe(55);
    expect(journal.list()).toEqual([]);
  });

  it("writes into empty cells without asking, and journals the write", async () => {
    book.setFormulaResult("=C2*D2", 20);
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"]]);
    const record = await applyWrite(book.run, plan, {
      label: "Insert formula",
      overwriteConfirmed: false,
      journal,
    });
    expect(book.formulaAt("Sales", 1, 4)).toBe("=C2*D2");
    expect(book.valueAt("Sales", 1, 4)).toBe(20);
    expect(record).toMatchObject({
      label: "Insert formula",
      target: "Sales!E2",
      cellCount: 1,
      overwritten: 0,
    });
    expect(journal.list()).toEqual([record]);
  });

  it("after a confirmed overwrite, Restore brings the old values and formulas back", async () => {
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"], ["=C3*D3"], ["=C4*D4*2"]]);
    const record = await applyWrite(book.run, plan, {
      label: "Fill down formula",
      overwriteConfirmed: true,
      journal,
    });
    expect(book.formulaAt("Sales", 2, 4)).toBe("=C3*D3");
    expect(book.formulaAt("Sales", 3, 4)).toBe("=C4*D4*2");

    expect(await journal.restore(record.id)).toEqual({ status: "restored", cells: 3 });
    expect(book.valueAt("Sales", 1, 4)).toBe("");
    expect(book.formulaAt("Sales", 1, 4)).toBeUndefined();
    expect(book.valueAt("Sales", 2, 4)).toBe(55);
    expect(book.formulaAt("Sales", 2, 4)).toBeUndefined();
    expect(book.formulaAt("Sales", 3, 4)).toBe("=C4*D4");
    expect(journal.list()[0]?.restored).toBe(true);
  });

  it("writes nothing when the cells changed between the preview and the write", async () => {
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"]]);
    book.writeCells("Sales", { row: 1, col: 4 }, [["typed meanwhile"]]);
    const writesBefore = book.writes.length;
    await expect(
      applyWrite(book.run, plan, { label: "Insert formula", overwriteConfirmed: true, journal }),
    ).rejects.toBeInstanceOf(WriteTargetChanged);
    expect(book.writes.length).toBe(writesBefore);
    expect(book.valueAt("Sales", 1, 4)).toBe("typed meanwhile");
  });

  it("Restore asks first when the written cells were edited afterwards", async () => {
    const plan = await planWrite(book.run, "Sales!E2", [["=C2*D2"]]);
    const record = await applyWrite(book.run, plan, {
      label: "Insert formula",
      overwriteConfirmed: false,
      journal,
    });
    book.writeCells("Sales", { row: 1, col: 4 }, [[99]]);
    expect(await journal.restore(record.id)).toEqual({ status: "edited-since", edited: 1 });
    expect(book.valueAt("Sales", 1, 4)).toBe(99);
    expect(await journal.restore(record.id, { overwriteEdits: true })).toMatchObject({ status: "restored" });
    expect(book.valueAt("Sales", 1, 4)).toBe("");
  });
});

describe("the active cell and fill-down", () => {
  it("reads the active cell with its sheet", async () => {
    book.select("Sales!E2:E4");
    expect(await readActiveCell(book.run)).toEqual({ sheet: "Sales", cell: "E2", address: "Sales!E2" });
  });

  it("says how to fix a selection that has no active cell", async () => {
    const broken: typeof book.run = () => Promise.reject(new Error("The current selection is invalid."));
    await expect(readActiveCell(broken)).rejects.toBeInstanceOf(NoActiveCell);
  });

  it("fills from the active cell to the last row of the data beside it", async () => {
    const active = await readActiveCell(book.run);
    expect(await fillDownRange(book.run, active)).toBe("Sales!E2:E4");
    book.select("Sales!G2");
    expect(await fillDownRange(book.run, await readActiveCell(book.run))).toBe("Sales!G2");
  });

  it("moves relative rows per row, as Excel's fill handle does", () => {
    expect(shiftFormulaRows("=C2*D2", 2)).toBe("=C4*D4");
    expect(shiftFormulaRows("=C2*$D$2+SUM(Sales!A$1:A2)", 1)).toBe("=C3*$D$2+SUM(Sales!A$1:A3)");
    expect(shiftFormulaRows('=IF(A2="B2",Table1[@Units],C:C)', 3)).toBe('=IF(A5="B2",Table1[@Units],C:C)');
    expect(shiftFormulaRows("=SUM($C$2:$C$4)", 5)).toBe("=SUM($C$2:$C$4)");
    expect(fillDownCells("=C2*D2", 3)).toEqual([["=C2*D2"], ["=C3*D3"], ["=C4*D4"]]);
  });
});

describe("freeze and refresh the selection's =SLM.* results", () => {
  function withResults(): FakeWorkbook {
    return new FakeWorkbook()
      .addSheet("Tickets", [
        ["Text", "Label", "Note"],
        ["refund please", "billing", "keep"],
        ["app crashes", "bug", ""],
      ])
      .setFormula("Tickets", 1, 1, '=SLM.CLASSIFY(A2,"billing,bug")')
      .setFormula("Tickets", 2, 1, '=IFERROR(SLM.CLASSIFY(A3,"billing,bug"),"")')
      .select("Tickets!B2:C3");
  }

  it("recognises the add-in's functions anywhere in a formula", () => {
    expect(isSlmFormula('=SLM.ASK("x")')).toBe(true);
    expect(isSlmFormula('=IFERROR(slm.classify(A2,"a,b"),"")')).toBe(true);
    expect(isSlmFormula("=MYSLM.ASK(1)")).toBe(false);
    expect(isSlmFormula("SLM.ASK(1)")).toBe(false);
  });

  it("replaces the formulas with their values through the journal, and Restore brings them back", async () => {
    book = withResults();
    configureAddinRuntime({ store: new MemoryStore(), excel: book.run });
    const plan = await planFreeze(book.run);
    expect(plan).toMatchObject({
      target: "Tickets!B2:C3",
      cells: [
        ["billing", "keep"],
        ["bug", ""],
      ],
      nonEmpty: 3,
    });
    const record = await applyWrite(book.run, plan, {
      label: "Freeze results",
      overwriteConfirmed: true,
      journal,
    });
    expect(book.formulaAt("Tickets", 1, 1)).toBeUndefined();
    expect(book.valueAt("Tickets", 1, 1)).toBe("billing");
    expect(book.valueAt("Tickets", 1, 2)).toBe("keep");

    await journal.restore(record.id);
    expect(book.formulaAt("Tickets", 1, 1)).toBe('=SLM.CLASSIFY(A2,"billing,bug")');
    expect(book.formulaAt("Tickets", 2, 1)).toBe('=IFERROR(SLM.CLASSIFY(A3,"billing,bug"),"")');
    expect(book.valueAt("Tickets", 1, 2)).toBe("keep");
  });

  it("keeps frozen text as text and refuses a selection without =SLM.* formulas", async () => {
    book = withResults();
    book.writeCells("Tickets", { row: 2, col: 1 }, [["2024-01-05"]]);
    book.setFormula("Tickets", 2, 1, '=SLM.EXTRACT(A3,"date")');
    expect((await planFreeze(book.run)).cells[1]?.[0]).toBe("'2024-01-05");
    book.select("Tickets!A2:A3");
    await expect(planFreeze(book.run)).rejects.toThrow(/no =SLM\.\* formulas to freeze/);
  });

  it("refuses to freeze results that are still calculating", async () => {
    book = withResults();
    book.writeCells("Tickets", { row: 1, col: 1 }, [["#BUSY!"]]);
    book.setFormula("Tickets", 1, 1, '=SLM.CLASSIFY(A2,"billing,bug")');
    await expect(planFreeze(book.run)).rejects.toThrow(/1 of these cells are still calculating/);
  });

  it("refresh recalculates the selection with the result cache bypassed", async () => {
    book = withResults();
    const calls: string[][] = [];
    const task: PackedTask<string> = {
      family: "echo",
      cacheParts: ["echo", 1],
      async run(inputs) {
        calls.push([...inputs]);
        return {
          results: inputs.map((input) => input.toUpperCase()),
          stats: { promptTokens: 1, outputTokens: 1, totalMs: 1, loadMs: 0, evalMs: 1 },
        };
      },
      encode: (result) => result,
      decode: (text) => text,
      itemTokens: () => 1,
    };
    const engine = new BulkEngine({
      cache: new LruResultCache(async () => undefined, 1_000_000),
      windowMs: 1,
    });
    expect(await engine.submit(task, "refund")).toBe("REFUND");
    expect(await engine.submit(task, "refund")).toBe("REFUND");
    expect(calls).toEqual([["refund"]]);

    expect(await refreshSelection(book.run, engine)).toEqual({ cells: 2, address: "Tickets!B2:C3" });
    expect(book.calculations).toEqual([{ scope: "range", address: "Tickets!B2:C3" }]);
    expect(await engine.submit(task, "refund")).toBe("REFUND");
    expect(calls).toEqual([["refund"], ["refund"]]);
    expect(REFRESH_BYPASS_MS).toBeGreaterThan(1000);

    book.select("Tickets!A2:A3");
    await expect(refreshSelection(book.run, engine)).rejects.toThrow(/no =SLM\.\* formulas to refresh/);
  });
});
