import ExcelJS from "exceljs";
import {
  MAX_COLUMNS,
  MAX_ROWS,
  formatRangeAddress,
  parseRangeAddress,
  rangeSize,
  type RangeAddress,
} from "../../sheet/a1";
import type { CellState } from "../../sheet/cell-state";
import {
  isErrorCell,
  isFormulaCell,
  TargetScanner,
  type TargetScan,
  type WritableSheetHost,
  type WriteCell,
} from "../../sheet/cell-write";
import { readsAsFormula, type CellGrid, type CellValue } from "../../sheet/cells";
import { SheetNotFoundError } from "../../sheet/sheet-host";
import { saveWorkbookAtomically } from "./save-workbook";
import {
  fileProblem,
  notXlsx,
  readBounds,
  readWorkbookFile,
  WorkbookError,
  type Bounds,
} from "./workbook-file";

export { MAX_READ_CELLS, WorkbookError } from "./workbook-file";

/**
 * The CLI's SheetHost: an .xlsx file through exceljs. Formulas are not recalculated; their cached
 * results (what Excel showed when the file was last saved) are read. Dates come back as exceljs gives
 * them: the sheet's wall-clock time expressed in UTC.
 */
export class XlsxWorkbook implements WritableSheetHost {
  /** Array-formula areas per sheet, found once: scanning a target must not walk the sheet per column. */
  private readonly arrayAreas = new Map<ExcelJS.Worksheet, NamedArea[]>();

  private constructor(private readonly workbook: ExcelJS.Workbook) {}

  static async open(file: string): Promise<XlsxWorkbook> {
    const bytes = await readWorkbookFile(file);
    const workbook = new ExcelJS.Workbook();
    try {
      // exceljs declares its own Buffer type; a Node Buffer is what its loader expects at runtime.
      await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    } catch {
      throw notXlsx(file);
    }
    if (workbook.worksheets.length === 0) throw notXlsx(file);
    return new XlsxWorkbook(workbook);
  }

  static fromWorkbook(workbook: ExcelJS.Workbook): XlsxWorkbook {
    return new XlsxWorkbook(workbook);
  }

  async listSheets(): Promise<string[]> {
    return this.workbook.worksheets.map((sheet) => sheet.name);
  }

  async usedRange(sheet: string): Promise<string | null> {
    const worksheet = this.worksheet(sheet);
    const bounds = usedBounds(worksheet);
    return bounds && formatRangeAddress({ sheet: worksheet.name, ...bounds });
  }

  async readRange(address: string): Promise<CellGrid> {
    return this.mapRange(address, (cell) => (cell ? cellValue(cell) : null));
  }

  /** Formula text with its leading "=", or null for cells without a formula. */
  async readFormulas(address: string): Promise<(string | null)[][]> {
    return this.mapRange(address, (cell) => (cell ? ownFormula(cell) : null));
  }

  /**
   * What a write into `address` would meet, cell by cell, by the engine's one definition of an
   * empty cell: a formula counts even when its cached result is 0 or "" (exceljs drops such results
   * on save, so the value alone would call it empty), as do merged and array-formula cells.
   */
  async scanTarget(address: string): Promise<TargetScan> {
    const range = parseRangeAddress(address);
    const worksheet = this.worksheet(range.sheet);
    const target = formatRangeAddress({ ...range, sheet: worksheet.name });
    const scanner = new TargetScanner(target, worksheet.name);
    const protectedSheet = isProtected(worksheet);
    const covers = coveringAreas(range, [...mergedAreas(worksheet), ...this.arrayFormulaAreas(worksheet)]);
    for (let r = range.start.row; r <= range.end.row; r++) {
      const row = worksheet.findRow(r + 1);
      for (let c = range.start.col; c <= range.end.col; c++) {
        const cell = row?.findCell(c + 1);
        const state: CellState = {
          value: cell ? cellValue(cell) : null,
          formula: cell ? ownFormula(cell) : null,
          coveredBy: covers(r, c),
        };
        const locked = protectedSheet && isLocked(worksheet, row, cell, c);
        scanner.add({ row: r, col: c }, state, locked);
      }
    }
    return scanner.result();
  }

  /**
   * Writes in memory (save() stores them) without checking: the engine's applyCellWrite calls this
   * after checkCellWrite. A single-cell address is the top-left anchor; any other range must have
   * exactly the grid's shape, which catches off-by-one callers.
   */
  async writeCells(address: string, cells: WriteCell[][]): Promise<void> {
    const range = parseRangeAddress(address);
    const worksheet = this.worksheet(range.sheet);
    checkWriteShape(address, range, cells);
    for (let r = 0; r < cells.length; r++) {
      const line = cells[r]!;
      for (let c = 0; c < line.length; c++) {
        const value = line[c]!;
        const row = range.start.row + r + 1;
        const col = range.start.col + c + 1;
        // Nothing to write and nothing there: do not create a cell (it would grow the sheet).
        if (value === null && !worksheet.findRow(row)?.findCell(col)) continue;
        writeCell(worksheet.getCell(row, col), value);
      }
    }
  }

  async save(file: string): Promise<void> {
    try {
      // Never writes the target in place: a failed save must leave the old file whole.
      await saveWorkbookAtomically(this.workbook, file);
    } catch (error) {
      throw new WorkbookError(`Could not save "${file}": ${fileProblem(error, file)}`);
    }
  }

  private arrayFormulaAreas(worksheet: ExcelJS.Worksheet): NamedArea[] {
    let areas = this.arrayAreas.get(worksheet);
    if (!areas) {
      areas = arrayFormulaAreas(worksheet);
      this.arrayAreas.set(worksheet, areas);
    }
    return areas;
  }

  private worksheet(sheet: string | undefined): ExcelJS.Worksheet {
    const sheets = this.workbook.worksheets;
    if (sheet === undefined) {
      // With no sheet named, use the sheet Excel would open on, as the add-in uses the active sheet.
      const active = this.workbook.views?.[0]?.activeTab ?? 0;
      const found = sheets[active] ?? sheets[0];
      if (!found) throw new SheetNotFoundError("(first sheet)", []);
      return found;
    }
    // Excel treats sheet names case-insensitively, so "data!A1" finds "Data".
    const found =
      sheets.find((ws) => ws.name === sheet) ??
      sheets.find((ws) => ws.name.toLowerCase() === sheet.toLowerCase());
    if (!found)
      throw new SheetNotFoundError(
        sheet,
        sheets.map((ws) => ws.name),
      );
    return found;
  }

  private mapRange<T>(address: string, read: (cell: ExcelJS.Cell | undefined) => T): T[][] {
    const range = parseRangeAddress(address);
    const worksheet = this.worksheet(range.sheet);
    const bounds = readBounds(
      address,
      range,
      range.wholeColumns || range.wholeRows ? usedBounds(worksheet) : null,
    );
    if (!bounds) return [];
    const grid: T[][] = [];
    for (let r = bounds.start.row; r <= bounds.end.row; r++) {
      // findRow/findCell rather than getCell: getCell creates cells and would grow the sheet on save.
      const row = worksheet.findRow(r + 1);
      const line: T[] = [];
      for (let c = bounds.start.col; c <= bounds.end.col; c++) line.push(read(row?.findCell(c + 1)));
      grid.push(line);
    }
    return grid;
  }
}

function usedBounds(worksheet: ExcelJS.Worksheet): Bounds | null {
  let bounds: Bounds | null = null;
  worksheet.eachRow((row, rowNumber) => {
    row.eachCell((_cell, colNumber) => {
      const r = rowNumber - 1;
      const c = colNumber - 1;
      if (!bounds) {
        bounds = { start: { row: r, col: c }, end: { row: r, col: c } };
        return;
      }
      bounds.start = { row: Math.min(bounds.start.row, r), col: Math.min(bounds.start.col, c) };
      bounds.end = { row: Math.max(bounds.end.row, r), col: Math.max(bounds.end.col, c) };
    });
  });
  return bounds;
}

function ownFormula(cell: ExcelJS.Cell): string | null {
  if (cell.type !== ExcelJS.ValueType.Formula || !isOwnCell(cell)) return null;
  return cell.formula ? `=${cell.formula}` : null;
}

interface NamedArea {
  area: RangeAddress;
  label: string;
}

/**
 * For each cell of `range`, the larger whole it belongs to without being its top-left cell: a
 * merged area, or the area an array formula fills (spilled cells in a file are plain values, or
 * nothing at all when exceljs wrote the formula). Only areas that touch the range are kept.
 */
function coveringAreas(range: RangeAddress, all: NamedArea[]): (row: number, col: number) => string | null {
  const areas = all.filter(
    ({ area }) =>
      area.start.row <= range.end.row &&
      area.end.row >= range.start.row &&
      area.start.col <= range.end.col &&
      area.end.col >= range.start.col,
  );
  return (row, col) => {
    for (const { area, label } of areas) {
      const inside =
        row >= area.start.row && row <= area.end.row && col >= area.start.col && col <= area.end.col;
      const anchor = row === area.start.row && col === area.start.col;
      if (inside && !anchor) return label;
    }
    return null;
  };
}

function mergedAreas(worksheet: ExcelJS.Worksheet): NamedArea[] {
  // exceljs keeps merges in the worksheet model; there is no public list of them.
  const merges = (worksheet.model as { merges?: unknown }).merges;
  if (!Array.isArray(merges)) return [];
  return merges
    .filter((merge): merge is string => typeof merge === "string")
    .map((merge) => ({ area: parseRangeAddress(merge), label: `merged area ${merge}` }));
}

function arrayFormulaAreas(worksheet: ExcelJS.Worksheet): NamedArea[] {
  const areas: NamedArea[] = [];
  worksheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (cell.type !== ExcelJS.ValueType.Formula) return;
      const value = cell.value as { shareType?: unknown; ref?: unknown };
      if (value.shareType !== "array" || typeof value.ref !== "string") return;
      areas.push({ area: parseRangeAddress(value.ref), label: `array formula in ${cell.address}` });
    });
  });
  return areas;
}

function isProtected(worksheet: ExcelJS.Worksheet): boolean {
  const protection = (worksheet as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
  return protection?.sheet === true;
}

/** Cells are locked unless their style (or their row's or column's, for cells not yet in the file) says otherwise. */
function isLocked(
  worksheet: ExcelJS.Worksheet,
  row: ExcelJS.Row | undefined,
  cell: ExcelJS.Cell | undefined,
  col: number,
): boolean {
  const own = cell?.protection?.locked;
  if (own !== undefined) return own !== false;
  const inherited =
    row?.protection?.locked ??
    (col < worksheet.columnCount ? worksheet.getColumn(col + 1).style?.protection?.locked : undefined);
  return inherited !== false;
}

/**
 * One cell's write. Errors become real error values (ISNA/ISERROR see them); text that would read as
 * a formula gets the Text number format, so editing the cell in Excel keeps it text (exceljs cannot
 * write Excel's quote-prefix flag, which would do the same).
 */
export function writeCell(cell: ExcelJS.Cell, value: WriteCell): void {
  if (isErrorCell(value)) {
    cell.value = { error: value.error } as ExcelJS.CellErrorValue;
  } else if (isFormulaCell(value)) {
    cell.value = { formula: value.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
  } else {
    cell.value = value;
    if (typeof value === "string" && readsAsFormula(value)) cell.numFmt = "@";
  }
}

/** Excel reports a merged area's value only in its top-left cell; exceljs repeats it in every cell. */
function isOwnCell(cell: ExcelJS.Cell): boolean {
  return cell.type !== ExcelJS.ValueType.Merge;
}

function cellValue(cell: ExcelJS.Cell): CellValue {
  if (!isOwnCell(cell)) return null;
  return plainValue(cell.value) ?? (cell.text || null);
}

/** undefined means "a shape this code does not know"; the caller then falls back to the display text. */
function plainValue(value: unknown): CellValue | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== "object") return undefined;
  if ("error" in value && typeof value.error === "string") return value.error;
  if ("richText" in value && Array.isArray(value.richText)) return richTextToString(value.richText);
  if ("hyperlink" in value && "text" in value) return plainValue(value.text);
  if ("formula" in value || "sharedFormula" in value) {
    return "result" in value ? plainValue(value.result) : null;
  }
  return undefined;
}

function richTextToString(runs: unknown[]): string {
  return runs
    .map((run) => (run && typeof run === "object" && "text" in run ? String(run.text) : ""))
    .join("");
}

function checkWriteShape(address: string, range: RangeAddress, grid: readonly unknown[][]): void {
  const { rows, cols } = rangeSize(range);
  const gridRows = grid.length;
  // A loop, not Math.max(...rows): spreading a million rows into a call overflows the stack.
  let gridCols = 0;
  for (const row of grid) if (row.length > gridCols) gridCols = row.length;
  const anchor = rows === 1 && cols === 1;
  const fitsSheet = range.start.row + gridRows <= MAX_ROWS && range.start.col + gridCols <= MAX_COLUMNS;
  const fits = anchor
    ? fitsSheet
    : gridRows === rows && gridCols === cols && grid.every((r) => r.length === cols);
  if (!fits) {
    throw new WorkbookError(
      `Cannot write ${gridRows}×${gridCols} values to "${address}" (${rows}×${cols}). Give a range of the ` +
        `same shape, or a single cell to write from.`,
    );
  }
}
