import { SlmError } from "../../errors/slm-error";
import {
  countDifferent,
  WriteJournal,
  type JournalCellAccess,
  type WriteRecord,
} from "../../sheet/write-journal";
import { formatRangeAddress, parseRangeAddress, rangeSize, type RangeAddress } from "../../sheet/a1";
import type { CellState } from "../../sheet/cell-state";
import { checkCellWrite, TargetScanner, type TargetScan } from "../../sheet/cell-write";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Every write the task pane makes into the workbook goes through here: plan (what goes where,
 * how many cells already hold something), preview (the pane shows the plan), apply (refuses to
 * overwrite non-empty cells unless that was confirmed, refuses when the cells changed since the
 * plan) and journal (what was there before, so Restore can put it back).
 */
export type CellInput = string | number | boolean;
export type { WriteRecord } from "../../sheet/write-journal";

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
  /** The target counted cell by cell, as every writer counts. */
  scan: TargetScan;
}

/** One write's size limit: Office.js requests are capped at a few MB, and the journal keeps both sides. */
export const MAX_WRITE_CELLS = 50_000;

export class OverwriteNeedsConfirmation extends SlmError {
  override name = "OverwriteNeedsConfirmation";
  constructor(
    readonly count: number,
    readonly target: string,
  ) {
    super(
      "needs-confirmation",
      `${count} ${count === 1 ? "cell" : "cells"} in ${target} ${count === 1 ? "is" : "are"} not empty; confirm overwriting ${count === 1 ? "it" : "them"} first.`,
    );
  }
}

export class WriteTargetChanged extends SlmError {
  override name = "WriteTargetChanged";
  constructor(
    readonly changed: number,
    readonly target: string,
  ) {
    super(
      "needs-confirmation",
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

/**
 * Reads what is in the target now, without writing anything: the preview's material. Cells are
 * counted by the engine's one definition of an empty cell (src/sheet/cell-state.ts). A protected
 * sheet with locked target cells, or a target that cuts into a merged area, is refused here with
 * WriteRefused: no confirmation can make such a write safe.
 */
export async function planWrite(excel: ExcelBatch, target: string, cells: CellInput[][]): Promise<WritePlan> {
  const area = sizedTarget(target, cells);
  const plan = await excel(async (context) => {
    const range = rangeAt(context, area);
    range.load("address,values,formulas");
    const surroundings = loadSurroundings(range);
    await context.sync();
    const formulas = range.formulas as CellInput[][];
    const values = range.values as CellInput[][];
    const scan = scanLoadedTarget(range.address, values, formulas, surroundings);
    return {
      target: range.address,
      cells: cells.map((row) => [...row]),
      nonEmpty: scan.occupied,
      existing: { values, formulas },
      scan,
    };
  });
  checkCellWrite({ target: plan.target, cells: [], scan: plan.scan }, { overwrite: true });
  return plan;
}

/**
 * What else decides whether a target may be written: sheet protection and cell locks, merged
 * areas, spilled results. Each is an API newer than some hosts (ExcelApi 1.2 to 1.13), so one a
 * host lacks is skipped rather than failing the write.
 */
interface Surroundings {
  sheetProtection: Excel.WorksheetProtection | null;
  locks: Excel.FormatProtection | null;
  merged: Excel.RangeAreas | null;
  spill: boolean;
  range: Excel.Range;
}

function loadSurroundings(range: Excel.Range): Surroundings {
  const sheet = range.worksheet;
  const sheetProtection = supports("1.2") ? sheet.protection : null;
  sheetProtection?.load("protected");
  const locks = supports("1.2") ? range.format.protection : null;
  locks?.load("locked");
  const merged = supports("1.13") ? range.getMergedAreasOrNullObject() : null;
  merged?.load("address");
  const spill = supports("1.12");
  if (spill) range.load("hasSpill");
  return { sheetProtection, locks, merged, spill, range };
}

/** Assumes an API is there unless Office says it is not (tests run without Office). */
function supports(excelApi: string): boolean {
  if (typeof Office === "undefined") return true;
  return Office.context?.requirements?.isSetSupported?.("ExcelApi", excelApi) !== false;
}

function scanLoadedTarget(
  address: string,
  values: CellInput[][],
  formulas: CellInput[][],
  surroundings: Surroundings,
): TargetScan {
  const parsed = parseRangeAddress(address);
  const sheet = parsed.sheet ?? "";
  const scanner = new TargetScanner(address, sheet);
  const protectedSheet = surroundings.sheetProtection?.protected === true;
  // format.protection.locked is null when the cells differ: then some are locked, so count them all.
  const locked = protectedSheet && surroundings.locks?.locked !== false;
  const mergedAreas =
    surroundings.merged && !surroundings.merged.isNullObject
      ? surroundings.merged.address.split(",").map((part) => parseRangeAddress(part.trim()))
      : [];
  // hasSpill: true when every cell is in a spill, null when some are. A spilled cell showing ""
  // looks empty; writing there would break the user's formula with #SPILL!, so blank cells count.
  const spilled = surroundings.spill && surroundings.range.hasSpill !== false;
  values.forEach((row, r) =>
    row.forEach((value, c) => {
      const at = { row: parsed.start.row + r, col: parsed.start.col + c };
      const formula = formulas[r]?.[c];
      const merge = mergedAreas.find(
        (m) =>
          at.row >= m.start.row &&
          at.row <= m.end.row &&
          at.col >= m.start.col &&
          at.col <= m.end.col &&
          !(at.row === m.start.row && at.col === m.start.col),
      );
      const state: CellState = {
        value: value === "" ? null : value,
        formula: typeof formula === "string" && formula.startsWith("=") ? formula : null,
        coveredBy: merge
          ? `merged area ${formatRangeAddress({ ...merge, sheet: undefined })}`
          : spilled && value === ""
            ? "spilled result of a formula"
            : null,
      };
      scanner.add(at, state, locked);
    }),
  );
  return scanner.result();
}

/**
 * Writes the plan after checking that the target still holds what the plan saw, and records
 * what it replaced. Non-empty cells are overwritten only when `overwriteConfirmed` says the
 * user agreed to the count the preview showed.
 */
export async function applyWrite(
  excel: ExcelBatch,
  plan: WritePlan,
  options: { label: string; overwriteConfirmed: boolean; journal: WriteJournal },
): Promise<WriteRecord> {
  if (plan.nonEmpty > 0 && !options.overwriteConfirmed) {
    throw new OverwriteNeedsConfirmation(plan.nonEmpty, plan.target);
  }
  const { journal } = options;
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
