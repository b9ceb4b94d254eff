import { SlmError } from "../../errors/slm-error";
import type { BulkEngine } from "../../bulk/bulk-engine";
import { formatCellAddress, formatRangeAddress, parseRangeAddress, type RangeAddress } from "../../sheet/a1";
import { planWrite, rangeAt, type CellInput, type WritePlan } from "./cell-writes";
import type { ExcelBatch } from "./excel-sheet-host";
import { asTypedText } from "../../sheet/typed-text";

/**
 * What the task pane does with the user's selection: find the active cell and the rows a
 * fill-down covers, freeze =SLM.* results into values, and recalculate them without the cache.
 */
export interface ActiveCell {
  sheet: string;
  /** Without the sheet, e.g. "E2". */
  cell: string;
  /** Sheet-qualified, e.g. "Sales!E2". */
  address: string;
}

/** The selection is not a range of cells (a chart, a shape, several areas) or there is no sheet. */
export class NoActiveCell extends SlmError {
  override name = "NoActiveCell";
  constructor(detail?: string) {
    super(
      "input",
      `Select a cell on a worksheet first${detail ? ` (${detail})` : ""}: the formula is written into the active cell.`,
    );
  }
}

export async function readActiveCell(excel: ExcelBatch): Promise<ActiveCell> {
  let address: string;
  try {
    address = await excel(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address");
      await context.sync();
      return cell.address;
    });
  } catch (error) {
    throw new NoActiveCell(error instanceof Error ? error.message : undefined);
  }
  const parsed = parseRangeAddress(address);
  if (!parsed.sheet) throw new NoActiveCell();
  return { sheet: parsed.sheet, cell: formatCellAddress(parsed.start), address };
}

/**
 * From the active cell down to the last row of the data beside it (Excel's current region, as
 * Ctrl+A finds it). Just the active cell when no data continues below it.
 */
export async function fillDownRange(excel: ExcelBatch, active: ActiveCell): Promise<string> {
  const region = await excel(async (context) => {
    const around = rangeAt(context, active.address).getSurroundingRegion();
    around.load("address");
    await context.sync();
    return parseRangeAddress(around.address);
  });
  const start = parseRangeAddress(active.address).start;
  const lastRow = Math.max(start.row, region.end.row);
  return formatRangeAddress({ sheet: active.sheet, start, end: { row: lastRow, col: start.col } });
}

/** A formula that calls one of this add-in's functions anywhere in it. */
export function isSlmFormula(cell: unknown): boolean {
  return (
    typeof cell === "string" && cell.startsWith("=") && /(^|[^A-Za-z0-9_.])SLM\.[A-Za-z]+\s*\(/i.test(cell)
  );
}

/** Values a custom function shows while it is still running: freezing them would lose the result. */
const PENDING_VALUES = new Set(["#BUSY!", "#GETTING_DATA"]);

/** Freeze or Refresh cannot act on this selection; the message says why. */
export class SelectionActionRefused extends SlmError {
  override name = "SelectionActionRefused";
  constructor(message: string) {
    super("input", message);
  }
}

interface SelectionCells {
  formulas: CellInput[][];
  values: CellInput[][];
}

/**
 * The plan for "Freeze results": every =SLM.* cell of the selection (and the cells its result
 * spills into) becomes the value it shows now. Restore brings the formulas back and clears the
 * spilled cells so the results can spill again.
 */
export async function planFreeze(excel: ExcelBatch): Promise<WritePlan> {
  const found = await excel(async (context) => {
    const selection = context.workbook.getSelectedRange();
    selection.load("address,formulas,values");
    await context.sync();
    const area = parseRangeAddress(selection.address);
    if (!area.sheet) throw new SelectionActionRefused("Select the cells to freeze on a worksheet.");
    const anchors: { row: number; col: number }[] = [];
    (selection.formulas as CellInput[][]).forEach((row, r) =>
      row.forEach((cell, c) => {
        if (isSlmFormula(cell)) anchors.push({ row: area.start.row + r, col: area.start.col + c });
      }),
    );
    // Results that spill (CLASSIFY with confidence, EXTRACT over a block) cover more than their cell.
    const spills = anchors.map((anchor) => {
      const cell = rangeAt(context, formatRangeAddress({ sheet: area.sheet, start: anchor, end: anchor }));
      if (typeof cell.getSpillingToRangeOrNullObject !== "function") return null;
      const spill = cell.getSpillingToRangeOrNullObject();
      spill.load("address");
      return spill;
    });
    if (spills.some(Boolean)) await context.sync();
    const spillAreas = spills
      .filter((spill): spill is Excel.Range => spill !== null && !spill.isNullObject)
      .map((spill) => parseRangeAddress(spill.address));
    return { area: { ...area, sheet: area.sheet }, anchors, spillAreas };
  });
  if (found.anchors.length === 0) {
    throw new SelectionActionRefused("The selection has no =SLM.* formulas to freeze.");
  }

  const box = boundingBox(found.area, found.spillAreas);
  const cells = await readCells(excel, box);
  const at = (row: number, col: number) => ({ r: row - box.start.row, c: col - box.start.col });
  const frozen = cells.formulas.map((row) => [...row]);
  const restoreAs = cells.formulas.map((row) => [...row]);
  let pending = 0;
  const freeze = (row: number, col: number) => {
    const { r, c } = at(row, col);
    const value = cells.values[r]?.[c] ?? "";
    if (typeof value === "string" && PENDING_VALUES.has(value)) pending++;
    frozen[r]![c] = asTypedText(value);
  };
  for (const anchor of found.anchors) freeze(anchor.row, anchor.col);
  for (const spill of found.spillAreas) {
    for (let row = spill.start.row; row <= spill.end.row; row++) {
      for (let col = spill.start.col; col <= spill.end.col; col++) {
        freeze(row, col);
        const isAnchor = found.anchors.some((anchor) => anchor.row === row && anchor.col === col);
        if (!isAnchor) restoreAs[at(row, col).r]![at(row, col).c] = "";
      }
    }
  }
  if (pending > 0) {
    throw new SelectionActionRefused(
      `${pending} of these cells are still calculating; freeze them once their results show.`,
    );
  }
  const plan = await planWrite(excel, formatRangeAddress(box), frozen);
  return { ...plan, restoreAs };
}

function boundingBox(
  area: RangeAddress & { sheet: string },
  others: RangeAddress[],
): RangeAddress & { sheet: string } {
  const box = { sheet: area.sheet, start: { ...area.start }, end: { ...area.end } };
  for (const other of others) {
    box.start.row = Math.min(box.start.row, other.start.row);
    box.start.col = Math.min(box.start.col, other.start.col);
    box.end.row = Math.max(box.end.row, other.end.row);
    box.end.col = Math.max(box.end.col, other.end.col);
  }
  return box;
}

async function readCells(excel: ExcelBatch, area: RangeAddress): Promise<SelectionCells> {
  return excel(async (context) => {
    const range = rangeAt(context, area);
    range.load("formulas,values");
    await context.sync();
    return {
      formulas: range.formulas as CellInput[][],
      values: range.values as CellInput[][],
    };
  });
}

/** How long refreshed cells skip the cache: Excel delivers a recalculation's calls within moments. */
export const REFRESH_BYPASS_MS = 15_000;

/**
 * "Refresh selection": recalculates the selection's =SLM.* cells with the result cache bypassed,
 * so they ask the model again instead of showing the answers kept from before.
 */
export async function refreshSelection(
  excel: ExcelBatch,
  engine: BulkEngine,
): Promise<{ cells: number; address: string }> {
  return excel(async (context) => {
    const selection = context.workbook.getSelectedRange();
    selection.load("address,formulas");
    await context.sync();
    const cells = (selection.formulas as CellInput[][]).flat().filter(isSlmFormula).length;
    if (cells === 0) {
      throw new SelectionActionRefused("The selection has no =SLM.* formulas to refresh.");
    }
    engine.bypassCacheFor(REFRESH_BYPASS_MS);
    selection.calculate();
    await context.sync();
    return { cells, address: selection.address };
  });
}
