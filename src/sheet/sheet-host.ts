import { SlmError } from "../errors/slm-error";
import type { CellGrid } from "./cells";

/**
 * What the engine needs from a workbook. The CLI implements it over .xlsx files (exceljs) and the
 * add-in over Office.js, so commands behave the same in both.
 */
export interface SheetHost {
  listSheets(): Promise<string[]>;
  /**
   * Values of a range (row-major), always the requested shape. Whole-column/row ranges are clipped to
   * the used range by ending at its last row/column; they keep their first row/column, so the grid
   * still starts where parseRangeAddress says it does. An empty sheet gives [].
   * Errors are carried as their text ("#N/A"); blanks are null.
   */
  readRange(address: string): Promise<CellGrid>;
  /** The used range of a sheet as an A1 address, or null when the sheet is empty. */
  usedRange(sheet: string): Promise<string | null>;
}

export class SheetNotFoundError extends SlmError {
  override name = "SheetNotFoundError";
  readonly sheet: string;
  readonly available: readonly string[];

  constructor(sheet: string, available: readonly string[]) {
    const list = available.length ? available.map((name) => `"${name}"`).join(", ") : "(none)";
    super("input", `Sheet "${sheet}" was not found. The workbook's sheets are: ${list}.`);
    this.sheet = sheet;
    this.available = available;
  }
}
