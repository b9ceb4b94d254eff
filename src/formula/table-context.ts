import { columnIndexToLetter, formatRangeAddress, parseRangeAddress } from "../sheet/a1";
import { isBlank, isExcelErrorText, type CellGrid, type CellValue } from "../sheet/cells";
import type { SheetHost } from "../sheet/sheet-host";
import { PlanError } from "./plan-error";

/**
 * The table a formula is about, as the plan compiler needs it: where the headers and the data rows
 * are, which letter each header sits over, and what kind of values each column holds (so a date
 * criterion becomes DATE(y,m,d) and "greater than" on a text column is caught). Rows are 1-based,
 * as Excel shows them.
 */

export type ColumnType = "number" | "text" | "date" | "boolean" | "mixed" | "empty";

export interface TableColumn {
  /** Header text as in the sheet (trimmed); "" when the column has data but no header. */
  header: string;
  letter: string;
  /** 0-based sheet column. */
  index: number;
  type: ColumnType;
  /** Blank data cells. */
  blanks: number;
  /** Text cells that read as numbers ("12") in a column of numbers: SUMIFS and SUM skip them. */
  textNumbers: number;
  /** Cells holding an Excel error such as #N/A. */
  errors: number;
  /** Text cells holding * ? or ~, which MATCH reads as wildcards when the cell is the lookup key. */
  wildcards: number;
}

export interface TableContext {
  sheet: string;
  /** Sheet row of the headers. */
  headerRow: number;
  firstDataRow: number;
  /** Less than firstDataRow when the table has headers but no data. */
  lastDataRow: number;
  columns: TableColumn[];
  /** The Excel table (ListObject) over these cells, when there is one: formulas then use Table[Column]. */
  tableName?: string;
  /** A "Total" row found right below the data and left out of it, so sums do not count it twice. */
  totalRow?: number;
}

export interface DescribeTableOptions {
  /** The table's cells with the header row first ("A1:E101" or "Sales!A1:E101"); default: the used range. */
  range?: string;
  tableName?: string;
}

/** Rows scanned from the top for the header row when no range is given (titles often sit above it). */
const HEADER_SCAN_ROWS = 10;
/** Two blank rows in a row end the table: what follows is another block, such as notes. */
const BLANK_ROWS_ENDING_TABLE = 2;

export async function describeTable(
  host: SheetHost,
  sheet: string,
  options: DescribeTableOptions = {},
): Promise<TableContext> {
  const address = await tableAddress(host, sheet, options.range);
  const range = parseRangeAddress(address);
  const grid = await host.readRange(address);
  // Formulas show the sheet as the workbook spells it, whatever case the caller used.
  const sheets = await host.listSheets();
  const named = range.sheet ?? sheet;
  const sheetName = sheets.find((name) => name.toLowerCase() === named.toLowerCase()) ?? named;
  // reduce, not Math.max(...rows): a whole-column table has a row per argument, which overflows the stack.
  const width = grid.reduce((widest, row) => Math.max(widest, row.length), 0);
  if (grid.length === 0 || width === 0 || grid.every((row) => row.every((value) => isBlank(value)))) {
    throw new PlanError(`The range ${address} is empty, so there is no table to write a formula for.`);
  }

  const headerOffset = options.range === undefined ? findHeaderRow(grid) : 0;
  const headerCells = grid[headerOffset] ?? [];
  const dataEnd = lastDataOffset(grid, headerOffset);
  const totalRowOffset = isTotalRow(grid[dataEnd]) && dataEnd > headerOffset + 1 ? dataEnd : undefined;
  const lastOffset = totalRowOffset === undefined ? dataEnd : dataEnd - 1;
  const dataRows = grid.slice(headerOffset + 1, lastOffset + 1);

  const columns: TableColumn[] = [];
  for (let c = 0; c < width; c++) {
    const header = headerText(headerCells[c] ?? null);
    const values = dataRows.map((row) => row[c] ?? null);
    // Columns with neither a header nor data are gaps, not part of the table.
    if (!header && values.every((value) => isBlank(value)) && options.range === undefined) continue;
    const index = range.start.col + c;
    columns.push({ header, letter: columnIndexToLetter(index), index, ...columnProfile(values) });
  }

  const firstRow = range.start.row + 1;
  const context: TableContext = {
    sheet: sheetName,
    headerRow: firstRow + headerOffset,
    firstDataRow: firstRow + headerOffset + 1,
    lastDataRow: firstRow + lastOffset,
    columns,
  };
  if (options.tableName !== undefined) context.tableName = options.tableName;
  if (totalRowOffset !== undefined) context.totalRow = firstRow + totalRowOffset;
  return context;
}

async function tableAddress(host: SheetHost, sheet: string, range: string | undefined): Promise<string> {
  if (range === undefined) {
    const used = await host.usedRange(sheet);
    if (used === null)
      throw new PlanError(`Sheet "${sheet}" is empty, so there is no table to write a formula for.`);
    return used;
  }
  const parsed = parseRangeAddress(range);
  if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.toLowerCase()) {
    throw new PlanError(`The range ${range} is on sheet "${parsed.sheet}", not on "${sheet}".`);
  }
  return formatRangeAddress({ ...parsed, sheet: parsed.sheet ?? sheet });
}

/** The first row that looks like headers: all text, and about as wide as the widest row near the top. */
function findHeaderRow(grid: CellGrid): number {
  const scanned = grid.slice(0, HEADER_SCAN_ROWS);
  const filled = scanned.map((row) => row.filter((value) => !isBlank(value)).length);
  const widest = filled.reduce((most, count) => Math.max(most, count), -Infinity);
  const index = scanned.findIndex(
    (row, i) =>
      (filled[i] ?? 0) >= Math.max(1, Math.ceil(widest / 2)) &&
      row.every((value) => isBlank(value) || typeof value === "string"),
  );
  if (index !== -1) return index;
  return Math.max(
    0,
    filled.findIndex((count) => count > 0),
  );
}

function lastDataOffset(grid: CellGrid, headerOffset: number): number {
  let last = headerOffset;
  let blankRun = 0;
  for (let r = headerOffset + 1; r < grid.length; r++) {
    if ((grid[r] ?? []).every((value) => isBlank(value))) {
      blankRun++;
      if (blankRun >= BLANK_ROWS_ENDING_TABLE) break;
    } else {
      blankRun = 0;
      last = r;
    }
  }
  return last;
}

function isTotalRow(row: CellValue[] | undefined): boolean {
  const first = row?.find((value) => !isBlank(value));
  return typeof first === "string" && /^(grand\s+)?totals?\b/i.test(first.trim());
}

function headerText(value: CellValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).replace(/\s+/g, " ").trim();
}

const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

function columnProfile(values: CellValue[]): Omit<TableColumn, "header" | "letter" | "index"> {
  let blanks = 0;
  let errors = 0;
  let numericText = 0;
  let wildcards = 0;
  const kinds = new Set<"number" | "text" | "date" | "boolean">();
  for (const value of values) {
    if (isBlank(value)) blanks++;
    else if (isExcelErrorText(value)) errors++;
    else if (typeof value === "number") kinds.add("number");
    else if (typeof value === "boolean") kinds.add("boolean");
    else if (value instanceof Date) kinds.add("date");
    else if (typeof value === "string" && NUMERIC_TEXT.test(value)) numericText++;
    else kinds.add("text");
    if (typeof value === "string" && /[*?~]/.test(value)) wildcards++;
  }
  // Number-like text among real numbers is a data-entry slip; a column of only such text is codes.
  const textNumbers = kinds.has("number") ? numericText : 0;
  if (numericText > 0 && !kinds.has("number")) kinds.add("text");
  const [only] = kinds;
  const type: ColumnType = kinds.size === 0 ? "empty" : kinds.size === 1 && only ? only : "mixed";
  return { type, blanks, textNumbers, errors, wildcards };
}
