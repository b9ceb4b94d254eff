import { columnIndexToLetter, formatRangeAddress, parseRangeAddress, type CellRef } from "../sheet/a1";
import type { CellGrid, CellValue } from "../sheet/cells";
import type { SheetHost } from "../sheet/sheet-host";

/**
 * A block of sheet cells read as a table: one column per field, optionally a header row on top.
 * The origin is kept so every finding can name the real cell ("Data!C7"), not a grid index.
 */
export interface AnalysisTable {
  /** Undefined when the caller does not know the sheet; addresses then carry no sheet name. */
  sheet?: string;
  /** Sheet position (0-based) of grid[0][0]. */
  origin: CellRef;
  grid: CellGrid;
  /** grid[0] holds the column names. */
  hasHeader: boolean;
}

export interface TableOptions {
  /** Default true: tables pasted or read from sheets almost always start with their column names. */
  hasHeader?: boolean;
}

/** A table from a grid and the A1 address it was read from ("Data!B3:F40"). */
export function tableFromRange(address: string, grid: CellGrid, options: TableOptions = {}): AnalysisTable {
  const range = parseRangeAddress(address);
  const table: AnalysisTable = { origin: range.start, grid, hasHeader: options.hasHeader ?? true };
  if (range.sheet !== undefined) table.sheet = range.sheet;
  return table;
}

/** Reads a range through any host (the CLI's workbook or the add-in) as a table. */
export async function readTable(
  host: SheetHost,
  address: string,
  options: TableOptions = {},
): Promise<AnalysisTable> {
  return tableFromRange(address, await host.readRange(address), options);
}

export function columnCount(table: AnalysisTable): number {
  let widest = 0;
  for (const row of table.grid) if (row.length > widest) widest = row.length;
  return widest;
}

export function dataRowCount(table: AnalysisTable): number {
  return Math.max(0, table.grid.length - firstDataRow(table));
}

/** Grid index of the first data row. */
export function firstDataRow(table: AnalysisTable): number {
  return table.hasHeader ? 1 : 0;
}

/** Sheet column letter of table column `col`. */
export function columnLetter(table: AnalysisTable, col: number): string {
  return columnIndexToLetter(table.origin.col + col);
}

/** The header text, or "Column C" when there is no usable header, so prose always has a name to use. */
export function columnHeader(table: AnalysisTable, col: number): string {
  const value = table.hasHeader ? table.grid[0]?.[col] : null;
  const text = value === null || value === undefined ? "" : headerText(value).trim();
  return text || `Column ${columnLetter(table, col)}`;
}

function headerText(value: CellValue): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/** Data row `dataRow` (0-based, below any header) of column `col` → its sheet cell. */
export function dataCellRef(table: AnalysisTable, dataRow: number, col: number): CellRef {
  return { row: table.origin.row + firstDataRow(table) + dataRow, col: table.origin.col + col };
}

/** "Data!C7" for a data cell. */
export function dataCellAddress(table: AnalysisTable, dataRow: number, col: number): string {
  const ref = dataCellRef(table, dataRow, col);
  return sheetAddress(table.sheet, ref, ref);
}

/** "Data!C2:C101": the data cells of one column. */
export function columnDataAddress(table: AnalysisTable, col: number): string {
  const rows = dataRowCount(table);
  const start = dataCellRef(table, 0, col);
  const end = dataCellRef(table, Math.max(0, rows - 1), col);
  return sheetAddress(table.sheet, start, end);
}

export function sheetAddress(sheet: string | undefined, start: CellRef, end: CellRef = start): string {
  return formatRangeAddress(sheet === undefined ? { start, end } : { sheet, start, end });
}

/** Column `col` of the data rows, blanks as null; ragged rows read as blank. */
export function columnValues(table: AnalysisTable, col: number): CellValue[] {
  const first = firstDataRow(table);
  const values: CellValue[] = new Array<CellValue>(Math.max(0, table.grid.length - first));
  for (let r = first; r < table.grid.length; r++) values[r - first] = table.grid[r]?.[col] ?? null;
  return values;
}

/** Data rows with no value in any column: separators, not missing data, so checks skip them. */
export function emptyDataRows(table: AnalysisTable): Set<number> {
  const empty = new Set<number>();
  const first = firstDataRow(table);
  for (let r = first; r < table.grid.length; r++) {
    const row = table.grid[r] ?? [];
    if (row.every((value) => value === null || (typeof value === "string" && value.trim() === ""))) {
      empty.add(r - first);
    }
  }
  return empty;
}
