import { getAddinRuntime } from "../../runtime/addin-runtime";
import {
  countDifferent,
  WriteJournal,
  type JournalCellAccess,
  type WriteRecord,
} from "../../runtime/write-journal";
import type { KeyValueStore } from "../../settings/key-value-store";
import { formatRangeAddress, parseRangeAddress, rangeSize, type RangeAddress } from "../../sheet/a1";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Every write the task pane makes into the workbook goes through here: plan (what goes where,
 * how many cells already hold something), preview (the pane shows the plan), apply (refuses to
 * overwrite non-empty cells unless that was confirmed, refuses when the cells changed since the
 * plan) and journal (what was there before, so Restore can put it back).
 */
export type CellInput = string | number | boolean;
export type { WriteRecord } from "../../runtime/write-journal";

export interface WritePlan {
  /** Sheet-qualified A1 as Excel reports it, e.g. "Sales!D2:D41". */
  target: string;
  /** What will be written: values, or formulas (strings starting with "="). */
  cells: CellInput[][];
  /** How many target cells hold something now (a value or a formula). */
  nonEmpty: number;
  existing: { values: CellInput[][]; formulas: CellInput[][] };
  /**
   * What Restore should put back; default `existing.formulas`. Freezing a spilled result sets
   * the spilled cells to "" here, so the restored formula can spill again.
   */
  restoreAs?: CellInput[][];
}

/** One write's size limit: Office.js requests are capped at a few MB, and the journal keeps both sides. */
export const MAX_WRITE_CELLS = 50_000;

export class OverwriteNeedsConfirmation extends Error {
  override readonly name = "OverwriteNeedsConfirmation";
  constructor(
    readonly count: number,
    readonly target: string,
  ) {
    super(
      `${count} ${count === 1 ? "cell" : "cells"} in ${target} ${count === 1 ? "is" : "are"} not empty; confirm overwriting ${count === 1 ? "it" : "them"} first.`,
    );
  }
}

export class WriteTargetChanged extends Error {
  override readonly name = "WriteTargetChanged";
  constructor(
    readonly changed: number,
    readonly target: string,
  ) {
    super(
      `${changed} ${changed === 1 ? "cell" : "cells"} in ${target} changed since the preview, so nothing was written. Review the preview again.`,
    );
  }
}

/** A range of the workbook from a sheet-qualified (or active-sheet) A1 address. */
export function rangeAt(context: Excel.RequestContext, address: string | RangeAddress): Excel.Range {
  const parsed = typeof address === "string" ? parseRangeAddress(address) : address;
  const sheets = context.workbook.worksheets;
  const sheet = parsed.sheet ? sheets.getItem(parsed.sheet) : sheets.getActiveWorksheet();
  return sheet.getRange(formatRangeAddress({ ...parsed, sheet: undefined }));
}

/** A single-cell target grows to the size of `cells` (insert at the active cell, fill down from it). */
function sizedTarget(target: string, cells: CellInput[][]): RangeAddress {
  const parsed = parseRangeAddress(target);
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || cells.some((row) => row.length !== cols)) {
    throw new Error("Nothing to write: the cells to write must form a non-empty rectangle.");
  }
  if (rows * cols > MAX_WRITE_CELLS) {
    throw new Error(
      `${(rows * cols).toLocaleString("en-US")} cells is more than one write may change (${MAX_WRITE_CELLS.toLocaleString("en-US")}); select a smaller range.`,
    );
  }
  if (parsed.wholeColumns || parsed.wholeRows) throw new Error(`Write to a block of cells, not ${target}.`);
  const size = rangeSize(parsed);
  if (size.rows === 1 && size.cols === 1) {
    return {
      ...parsed,
      end: { row: parsed.start.row + rows - 1, col: parsed.start.col + cols - 1 },
    };
  }
  if (size.rows !== rows || size.cols !== cols) {
    throw new Error(`${target} is ${size.rows}×${size.cols} cells but ${rows}×${cols} were given to write.`);
  }
  return parsed;
}

function countNonEmpty(formulas: readonly CellInput[][]): number {
  return formulas.reduce((sum, row) => sum + row.filter((cell) => cell !== "").length, 0);
}

/** Reads what is in the target now, without writing anything: the preview's material. */
export async function planWrite(excel: ExcelBatch, target: string, cells: CellInput[][]): Promise<WritePlan> {
  const area = sizedTarget(target, cells);
  return excel(async (context) => {
    const range = rangeAt(context, area);
    range.load("address,values,formulas");
    await context.sync();
    const formulas = range.formulas as CellInput[][];
    return {
      target: range.address,
      cells: cells.map((row) => [...row]),
      nonEmpty: countNonEmpty(formulas),
      existing: { values: range.values as CellInput[][], formulas },
    };
  });
}

/**
 * Writes the plan after checking that the target still holds what the plan saw, and records
 * what it replaced. Non-empty cells are overwritten only when `overwriteConfirmed` says the
 * user agreed to the count the preview showed.
 */
export async function applyWrite(
  excel: ExcelBatch,
  plan: WritePlan,
  options: { label: string; overwriteConfirmed: boolean; journal?: WriteJournal },
): Promise<WriteRecord> {
  if (plan.nonEmpty > 0 && !options.overwriteConfirmed) {
    throw new OverwriteNeedsConfirmation(plan.nonEmpty, plan.target);
  }
  const journal = options.journal ?? (await getWriteJournal());
  const after = await excel(async (context) => {
    const range = rangeAt(context, plan.target);
    range.load("formulas");
    await context.sync();
    const changed = countDifferent(range.formulas as CellInput[][], plan.existing.formulas);
    if (changed > 0) throw new WriteTargetChanged(changed, plan.target);
    range.formulas = plan.cells;
    await context.sync();
    range.load("formulas");
    await context.sync();
    return range.formulas as CellInput[][];
  });
  return journal.record({
    label: options.label,
    target: plan.target,
    cellCount: plan.cells.length * (plan.cells[0]?.length ?? 0),
    overwritten: plan.nonEmpty,
    before: plan.restoreAs ?? plan.existing.formulas,
    after,
  });
}

/** The journal's way into the workbook: formula text (or value) per cell. */
export function excelJournalCells(excel: () => Promise<ExcelBatch> | ExcelBatch): JournalCellAccess {
  return {
    async read(target) {
      return (await excel())(async (context) => {
        const range = rangeAt(context, target);
        range.load("formulas");
        await context.sync();
        return range.formulas as CellInput[][];
      });
    },
    async write(target, cells) {
      await (
        await excel()
      )(async (context) => {
        rangeAt(context, target).formulas = cells;
        await context.sync();
      });
    },
  };
}

/** One journal per store, reaching the workbook through the runtime's current ExcelBatch. */
const journals = new WeakMap<KeyValueStore, WriteJournal>();

export async function getWriteJournal(): Promise<WriteJournal> {
  const runtime = await getAddinRuntime();
  let journal = journals.get(runtime.store);
  if (!journal) {
    journal = new WriteJournal(
      runtime.store,
      excelJournalCells(async () => (await getAddinRuntime()).excel),
    );
    journals.set(runtime.store, journal);
  }
  await journal.load();
  return journal;
}
