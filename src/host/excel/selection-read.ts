import type { SelectionSnapshot } from "../../tasks/selection-results";
import { SlmError } from "../../errors/slm-error";
import {
  columnIndexToLetter,
  formatRangeAddress,
  parseRangeAddress,
  type RangeAddress,
} from "../../sheet/a1";
import { rangeAt } from "./cell-writes";
import type { ExcelBatch } from "./excel-sheet-host";

/** Thrown for a selection the Cells view cannot run on; the message says what to select instead. */
export class SelectionShapeError extends SlmError {
  override name = "SelectionShapeError";
  constructor(message: string) {
    super("input", message);
  }
}

/** Columns to look through, right of the data, for an empty one before giving up. */
const TARGET_SEARCH_COLUMNS = 30;

/**
 * Reads the selection, or the cells at `address` (sheet-qualified): the view re-reads the cells it
 * showed when the run starts, since by then the selection may be the labels the user picked.
 */
export async function readSelection(run: ExcelBatch, address?: string): Promise<SelectionSnapshot> {
  return run(async (context) => {
    const selected = address ? rangeAt(context, address) : context.workbook.getSelectedRange();
    selected.load("address");
    await context.sync();
    const selection = parseRangeAddress(selected.address);
    const sheet = selection.sheet ?? "";
    const worksheet = context.workbook.worksheets.getItem(sheet);
    const used = worksheet.getUsedRangeOrNullObject(true);
    // A whole-column selection is a million cells: keep only the part in use.
    const clipped = selected.getIntersectionOrNullObject(worksheet.getUsedRange(true));
    used.load("address");
    clipped.load("address,values");
    await context.sync();
    if (used.isNullObject || clipped.isNullObject) {
      throw new SelectionShapeError(
        `The selection ${selected.address} is empty. Select the column of text to work on, e.g. B2:B200.`,
      );
    }
    const area = parseRangeAddress(clipped.address);
    if (area.end.col !== area.start.col) {
      throw new SelectionShapeError(
        `The selection ${clipped.address} has ${area.end.col - area.start.col + 1} columns. ` +
          `Select one column of text; the results go in a column beside it.`,
      );
    }
    const region = clipped.getSurroundingRegion();
    region.load("address");
    await context.sync();
    const block = parseRangeAddress(region.address);
    const values = clipped.values.map((row) => row[0]);
    const targetColumn = await firstEmptyColumnRight(context, worksheet, area, block);
    return {
      sheet,
      address: formatRangeAddress({ sheet, start: area.start, end: area.end }),
      firstRow: area.start.row,
      column: area.start.col,
      values,
      defaultTargetColumn: columnIndexToLetter(targetColumn),
      firstRowLooksLikeHeader: looksLikeHeader(values, area, block),
    };
  });
}

/** Right of both the selection and its block of data, the first column empty on the selected rows. */
async function firstEmptyColumnRight(
  context: Excel.RequestContext,
  worksheet: Excel.Worksheet,
  area: RangeAddress,
  block: RangeAddress,
): Promise<number> {
  const from = Math.max(area.end.col, block.end.col) + 1;
  const to = Math.min(from + TARGET_SEARCH_COLUMNS - 1, 16_383);
  const strip = worksheet.getRange(
    formatRangeAddress({ start: { row: area.start.row, col: from }, end: { row: area.end.row, col: to } }),
  );
  strip.load("formulas");
  await context.sync();
  for (let offset = 0; offset <= to - from; offset++) {
    if (strip.formulas.every((row) => row[offset] === "" || row[offset] === null)) return from + offset;
  }
  return from;
}

function looksLikeHeader(values: unknown[], area: RangeAddress, block: RangeAddress): boolean {
  if (values.length < 2 || area.start.row !== block.start.row) return false;
  const [first] = values;
  return typeof first === "string" && first.trim() !== "" && first.length <= 60;
}

/** The labels in a range the user picked ("Use selection as labels"), with its address. */
export async function readLabelCells(run: ExcelBatch): Promise<{ address: string; cells: unknown[][] }> {
  return run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load("address,values");
    await context.sync();
    return { address: selected.address, cells: selected.values };
  });
}

export type { SelectionSnapshot };
