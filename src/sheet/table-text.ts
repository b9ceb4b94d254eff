import { columnIndexToLetter } from "./a1";
import { isBlank, type CellGrid, type CellValue } from "./cells";

/**
 * Sheet data as compact pipe-separated text for a prompt. Small models read this more reliably
 * than JSON, and the row numbers and column letters let them refer to cells the way users do.
 * Whatever is left out to fit the budget is stated in `note`, so the model never mistakes a
 * sample for the whole table.
 */

export interface EncodeTableOptions {
  /** Data rows to include at most (the header row is not counted). */
  maxRows?: number;
  /** Longer cells are cut and end in "…". */
  maxCellChars?: number;
  /** Budget for the whole text; rows that would exceed it are left out. */
  maxChars?: number;
  firstRowIsHeader?: boolean;
  /** Sheet position of grid[0][0] (0-based), so letters and row numbers match the sheet. */
  origin?: { row: number; col: number };
}

export interface EncodedTable {
  text: string;
  /** Data rows in the text (excluding the header row). */
  rowsIncluded: number;
  /** Data rows in the grid after trailing empty rows were trimmed. */
  rowsTotal: number;
  /** Columns in the text. */
  columns: number;
  /** True when any rows, columns or cell text were left out. */
  truncated: boolean;
  /** Plain-language account of what was left out, or "" when nothing was. */
  note: string;
}

export const TABLE_DEFAULTS = { maxRows: 50, maxCellChars: 200, maxChars: 6000 } as const;

const SEPARATOR = " | ";

export function encodeTable(grid: CellGrid, options: EncodeTableOptions = {}): EncodedTable {
  const maxRows = options.maxRows ?? TABLE_DEFAULTS.maxRows;
  const maxCellChars = options.maxCellChars ?? TABLE_DEFAULTS.maxCellChars;
  const maxChars = options.maxChars ?? TABLE_DEFAULTS.maxChars;
  const origin = options.origin ?? { row: 0, col: 0 };
  const hasHeader = options.firstRowIsHeader ?? false;

  const trimmed = trimTrailingBlanks(grid);
  const columnsTotal = trimmed[0]?.length ?? 0;
  if (columnsTotal === 0) {
    return {
      text: "",
      rowsIncluded: 0,
      rowsTotal: 0,
      columns: 0,
      truncated: false,
      note: "The range is empty.",
    };
  }

  let cellsCut = 0;
  const render = (row: CellValue[], cols: number): string[] =>
    row.slice(0, cols).map((value) => {
      const { text, cut } = cellText(value, maxCellChars);
      if (cut) cellsCut++;
      return text;
    });
  const line = (label: string, cells: string[]): string => [label, ...cells].join(SEPARATOR);
  const letters = (cols: number): string[] =>
    Array.from({ length: cols }, (_, i) => columnIndexToLetter(origin.col + i));

  const firstRow = trimmed[0] ?? [];
  const columns = columnsThatFit(firstRow, origin.col, maxCellChars, maxChars / 2);

  const lines = [line("row", letters(columns))];
  const dataStart = hasHeader ? 1 : 0;
  if (hasHeader) lines.push(line(String(origin.row + 1), render(firstRow, columns)));
  let length = lines.join("\n").length;

  const rowsTotal = trimmed.length - dataStart;
  let rowsIncluded = 0;
  for (let i = dataStart; i < trimmed.length && rowsIncluded < maxRows; i++) {
    const before = cellsCut;
    const text = line(String(origin.row + i + 1), render(trimmed[i] ?? [], columns));
    if (length + 1 + text.length > maxChars) {
      cellsCut = before;
      break;
    }
    lines.push(text);
    length += 1 + text.length;
    rowsIncluded++;
  }

  const notes: string[] = [];
  if (rowsIncluded < rowsTotal) {
    const kind = hasHeader ? "data rows" : "rows";
    notes.push(`Showing ${count(rowsIncluded)} of ${count(rowsTotal)} ${kind}; the rest were left out.`);
  }
  if (columns < columnsTotal) {
    const first = columnIndexToLetter(origin.col);
    const last = columnIndexToLetter(origin.col + columnsTotal - 1);
    const shownLast = columnIndexToLetter(origin.col + columns - 1);
    notes.push(`Showing columns ${first}–${shownLast} of ${first}–${last}; the other columns were left out.`);
  }
  if (cellsCut > 0) {
    const cells = cellsCut === 1 ? "1 long cell was" : `${count(cellsCut)} long cells were`;
    notes.push(`${cells} cut to ${maxCellChars} characters (marked "…").`);
  }
  return {
    text: lines.join("\n"),
    rowsIncluded,
    rowsTotal,
    columns,
    truncated: notes.length > 0,
    note: notes.join(" "),
  };
}

/** A value as a person reads it in Excel, on one line and free of the separator. */
export function formatCellText(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return formatNumber(value);
  if (value instanceof Date) return formatDate(value);
  return value.replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, "\\n");
}

function cellText(value: CellValue, maxChars: number): { text: string; cut: boolean } {
  const text = formatCellText(value);
  if (text.length <= maxChars) return { text, cut: false };
  // Cut by code points so an emoji is never split into a broken half.
  const kept = Array.from(text.slice(0, maxChars * 2)).slice(0, Math.max(0, maxChars - 1));
  return { text: `${kept.join("")}…`, cut: true };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // 15 significant digits is Excel's own precision, so this drops only binary float noise (0.1+0.2).
  const clean = Number(value.toPrecision(15));
  return Object.is(clean, -0) ? "0" : String(clean);
}

/** Dates hold the sheet's wall-clock time in UTC fields (as exceljs and Excel serials give it). */
function formatDate(value: Date): string {
  if (Number.isNaN(value.getTime())) return "";
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const date = `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  const [h, m, s] = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return date;
  const time = `${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ""}`;
  // Excel stores a time-only value as a time on its day zero, 1899-12-30.
  return date === "1899-12-30" ? time : `${date} ${time}`;
}

function trimTrailingBlanks(grid: CellGrid): CellGrid {
  let rows = grid.length;
  while (rows > 0 && (grid[rows - 1] ?? []).every((value) => isBlank(value))) rows--;
  let cols = 0;
  for (let r = 0; r < rows; r++) {
    const row = grid[r] ?? [];
    for (let c = row.length - 1; c >= cols; c--) {
      if (!isBlank(row[c])) {
        cols = c + 1;
        break;
      }
    }
  }
  // Ragged rows are padded so every line has the same columns.
  return grid.slice(0, rows).map((row) => Array.from({ length: cols }, (_, c) => row[c] ?? null));
}

/**
 * Very wide sheets: keep the columns whose letter and first-row lines fit in `budget` (half the text
 * budget), so there is still room for data rows. At least one column is always kept.
 */
function columnsThatFit(
  firstRow: CellValue[],
  firstCol: number,
  maxCellChars: number,
  budget: number,
): number {
  let used = 0;
  for (let c = 0; c < firstRow.length; c++) {
    const letter = columnIndexToLetter(firstCol + c);
    used += letter.length + cellText(firstRow[c] ?? null, maxCellChars).text.length + 2 * SEPARATOR.length;
    if (used > budget) return Math.max(1, c);
  }
  return firstRow.length;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
