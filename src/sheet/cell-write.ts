import { SlmError } from "../errors/slm-error";
import {
  formatCellAddress,
  formatRangeAddress,
  formatSheetName,
  parseRangeAddress,
  rangeSize,
  type CellRef,
} from "./a1";
import { describeCell, isEmptyCell, type CellState } from "./cell-state";
import type { CellValue } from "./cells";
import type { SheetHost } from "./sheet-host";

/**
 * The one way the engine writes cells into a user's workbook: plan (what goes where), check
 * (nothing of the user's is replaced without --overwrite, nothing goes into a protected sheet or
 * into the middle of a merged area), apply. Both hosts describe their cells with CellState, so the
 * check is the same in the CLI and in the add-in.
 */

/** An Excel error value such as "#N/A": written as a real error, so ISNA/ISERROR see it. */
export interface ErrorCell {
  error: string;
}

/** A formula with or without its leading "="; Excel computes it when the file is opened. */
export interface FormulaCell {
  formula: string;
}

/**
 * What may be written into one cell. Strings are always text: text that would read as a formula
 * ("=", "+", "-", "@") is kept as text by the host. null leaves the cell empty.
 */
export type WriteCell = CellValue | ErrorCell | FormulaCell;

export function isErrorCell(cell: WriteCell): cell is ErrorCell {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && "error" in cell;
}

export function isFormulaCell(cell: WriteCell): cell is FormulaCell {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && "formula" in cell;
}

/** What a write would meet in its target, counted by the shared definition of an empty cell. */
export interface TargetScan {
  /** Sheet-qualified A1 of the whole target. */
  target: string;
  /** Cells that hold a value or a formula, or that an array formula fills. */
  occupied: number;
  /** Cells inside a merged area other than its top-left cell: a write there lands in the anchor. */
  merged: number;
  /** Locked cells on a protected sheet. */
  locked: number;
  /** Up to a few of them, named: "Data!B3 (the formula =A3*0)". */
  examples: string[];
}

const EXAMPLES = 3;

/** Counts a target cell by cell; hosts feed it, so every host counts the same way. */
export class TargetScanner {
  private readonly scan: TargetScan;
  constructor(
    target: string,
    private readonly sheet: string,
  ) {
    this.scan = { target, occupied: 0, merged: 0, locked: 0, examples: [] };
  }

  add(at: CellRef, cell: CellState, lockedOnProtectedSheet: boolean): void {
    if (lockedOnProtectedSheet) this.scan.locked++;
    if (isEmptyCell(cell)) return;
    if (cell.coveredBy?.startsWith("merged")) this.scan.merged++;
    else this.scan.occupied++;
    if (this.scan.examples.length < EXAMPLES) {
      this.scan.examples.push(
        `${formatSheetName(this.sheet)}!${formatCellAddress(at)} (${describeCell(cell)})`,
      );
    }
  }

  result(): TargetScan {
    return { ...this.scan, examples: [...this.scan.examples] };
  }
}

/** A host the engine may write to. */
export interface WritableSheetHost extends SheetHost {
  /** Looks at every cell of the target rectangle (never clipped to the used range). */
  scanTarget(address: string): Promise<TargetScan>;
  /** Writes without checking; only applyCellWrite calls it, after checkCellWrite. */
  writeCells(address: string, cells: WriteCell[][]): Promise<void>;
}

export type WriteRefusalKind = "occupied" | "merged" | "protected";

/** The write was refused before anything changed; the message names the cells and how to go on. */
export class WriteRefused extends SlmError {
  override name = "WriteRefused";
  constructor(
    readonly refusal: WriteRefusalKind,
    message: string,
    readonly scan: TargetScan,
  ) {
    super("input", message);
  }
}

export interface CellWritePlan {
  target: string;
  cells: WriteCell[][];
  scan: TargetScan;
}

/** The target's shape must match the cells exactly; a single cell is the top-left anchor. */
export function sizedTarget(target: string, cells: readonly WriteCell[][]): string {
  const range = parseRangeAddress(target);
  const rows = cells.length;
  let cols = 0;
  for (const row of cells) if (row.length > cols) cols = row.length;
  const size = rangeSize(range);
  if (size.rows === 1 && size.cols === 1) {
    const end = { row: range.start.row + rows - 1, col: range.start.col + cols - 1 };
    return formatRangeAddress({ sheet: range.sheet, start: range.start, end });
  }
  return target;
}

export async function planCellWrite(
  host: WritableSheetHost,
  target: string,
  cells: WriteCell[][],
): Promise<CellWritePlan> {
  const sized = sizedTarget(target, cells);
  return { target: sized, cells, scan: await host.scanTarget(sized) };
}

export interface WriteOptions {
  /** The user agreed to replace values and formulas (never merged or locked cells). */
  overwrite: boolean;
  /** How to go on when occupied cells are refused, if not "add --overwrite". */
  remedy?: string;
}

/** Throws WriteRefused when the plan would lose something; `overwrite` allows replacing values and formulas only. */
export function checkCellWrite(plan: CellWritePlan, options: WriteOptions): void {
  const { scan } = plan;
  const named = scan.examples.length ? `: ${scan.examples.join(", ")}${scanMore(scan)}` : "";
  if (scan.locked > 0) {
    throw new WriteRefused(
      "protected",
      `${scan.target} is on a protected sheet and ${cells(scan.locked)} of it ${scan.locked === 1 ? "is" : "are"} locked; ` +
        "nothing was written. Unprotect the sheet in Excel (Review > Unprotect Sheet), or choose a target of unlocked cells.",
      scan,
    );
  }
  if (scan.merged > 0) {
    throw new WriteRefused(
      "merged",
      `${scan.target} cuts into merged cells (${cells(scan.merged)} that ${scan.merged === 1 ? "is" : "are"} not the top-left ` +
        `of ${scan.merged === 1 ? "its" : "their"} merged area${named}); nothing was written. Unmerge them in Excel or choose another target.`,
      scan,
    );
  }
  if (scan.occupied > 0 && !options.overwrite) {
    throw new WriteRefused(
      "occupied",
      `The target ${scan.target} already holds ${scan.occupied} non-empty cell${scan.occupied === 1 ? "" : "s"}${named}; ` +
        `nothing was written. ${options.remedy ?? "Choose another target, or add --overwrite to replace them."}`,
      scan,
    );
  }
}

function scanMore(scan: TargetScan): string {
  const more = scan.occupied + scan.merged - scan.examples.length;
  return more > 0 ? ` and ${more} more` : "";
}

function cells(count: number): string {
  return `${count.toLocaleString("en-US")} cell${count === 1 ? "" : "s"}`;
}

export async function applyCellWrite(host: WritableSheetHost, plan: CellWritePlan): Promise<void> {
  await host.writeCells(plan.target, plan.cells);
}

/** Plan, check and apply in one step, for writers that show no preview (the CLI). */
export async function writeCellsChecked(
  host: WritableSheetHost,
  target: string,
  cells: WriteCell[][],
  options: WriteOptions,
): Promise<CellWritePlan> {
  const plan = await planCellWrite(host, target, cells);
  checkCellWrite(plan, options);
  await applyCellWrite(host, plan);
  return plan;
}
