import { describeTable, type TableColumn, type TableContext } from "../formula/table-context";
import { parseRangeAddress } from "../sheet/a1";
import { isBlank, isExcelErrorText, type CellValue } from "../sheet/cells";
import { readOnce } from "../sheet/read-once-host";
import type { SheetHost } from "../sheet/sheet-host";
import { formatCellText } from "../sheet/table-text";
import { countTextTokens } from "../routing/token-estimate";

/**
 * What the model is told about the table a formula request is about: headers with column
 * letters, the data extent, each column's type with its range or (when few) its distinct values,
 * a few sample rows, the Excel table name and the active cell. Its size grows with the number of
 * columns, never with the number of rows, so a 100,000-row sheet costs what a 100-row one does.
 */
export const SAMPLE_ROWS = 3;
export const MAX_DISTINCT_SHOWN = 12;
const MAX_VALUE_CHARS = 30;

export interface FormulaPromptContext {
  text: string;
  /** Measured with a real BPE tokenizer (o200k), a close stand-in for small models' tokenizers. */
  tokens: number;
  table: TableContext;
}

export interface FormulaContextOptions {
  range?: string;
  tableName?: string;
  activeCell?: string;
}

export async function encodeFormulaContext(
  sheetHost: SheetHost,
  sheet: string,
  options: FormulaContextOptions = {},
): Promise<FormulaPromptContext> {
  const host = readOnce(sheetHost);
  const table = await describeTable(host, sheet, { range: options.range, tableName: options.tableName });
  const address = options.range ?? (await host.usedRange(sheet)) ?? "";
  const grid = await host.readRange(address);
  const origin = parseRangeAddress(address).start;
  const rowOffset = (sheetRow: number) => sheetRow - 1 - origin.row;
  const dataRows = grid.slice(rowOffset(table.firstDataRow), rowOffset(table.lastDataRow) + 1);
  const columnValues = (column: TableColumn) => dataRows.map((row) => row[column.index - origin.col] ?? null);

  const rowCount = Math.max(0, table.lastDataRow - table.firstDataRow + 1);
  const lines: string[] = [
    `Sheet ${JSON.stringify(table.sheet)}` +
      (table.tableName ? `, Excel table ${JSON.stringify(table.tableName)}` : "") +
      `: headers in row ${table.headerRow}, data in rows ${table.firstDataRow}-${table.lastDataRow} ` +
      `(${rowCount.toLocaleString("en-US")} rows)` +
      (table.totalRow ? `, a total row at ${table.totalRow} (not data)` : "") +
      ".",
    "Columns:",
    ...table.columns.map((column) => describeColumn(column, columnValues(column))),
    `Sample rows (first ${Math.min(SAMPLE_ROWS, dataRows.length)}):`,
    ...dataRows
      .slice(0, SAMPLE_ROWS)
      .map(
        (row, i) =>
          `row ${table.firstDataRow + i}: ` +
          table.columns.map((column) => shortValue(row[column.index - origin.col] ?? null)).join(" | "),
      ),
  ];
  if (options.activeCell) lines.push(`Active cell: ${options.activeCell}.`);
  const text = lines.join("\n");
  return { text, tokens: await countTextTokens(text), table };
}

function describeColumn(column: TableColumn, values: CellValue[]): string {
  const name = `${column.letter} ${JSON.stringify(column.header || "(no header)")} ${column.type}`;
  const notes: string[] = [];
  if (column.blanks) notes.push(`${column.blanks.toLocaleString("en-US")} blank`);
  if (column.textNumbers) notes.push(`${column.textNumbers} numbers stored as text`);
  if (column.errors) notes.push(`${column.errors} error values`);
  const detail = columnDetail(column, values);
  return `${name}${detail ? `: ${detail}` : ""}${notes.length ? ` (${notes.join(", ")})` : ""}`;
}

function columnDetail(column: TableColumn, values: CellValue[]): string {
  if (column.type === "number" || column.type === "date") {
    let min: number | undefined;
    let max: number | undefined;
    for (const value of values) {
      const n = value instanceof Date ? value.getTime() : typeof value === "number" ? value : undefined;
      if (n === undefined) continue;
      if (min === undefined || n < min) min = n;
      if (max === undefined || n > max) max = n;
    }
    if (min === undefined || max === undefined) return "";
    const show = (n: number) => (column.type === "date" ? formatCellText(new Date(n)) : formatCellText(n));
    return `${show(min)} to ${show(max)}`;
  }
  const distinct = new Set<string>();
  for (const value of values) {
    if (isBlank(value) || isExcelErrorText(value)) continue;
    distinct.add(formatCellText(value));
    if (distinct.size > MAX_DISTINCT_SHOWN)
      return `${MAX_DISTINCT_SHOWN}+ distinct values, e.g. ${[...distinct].slice(0, 3).map(shortQuoted).join(", ")}`;
  }
  return distinct.size ? `values ${[...distinct].sort().map(shortQuoted).join(", ")}` : "";
}

function shortValue(value: CellValue): string {
  const text = formatCellText(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function shortQuoted(text: string): string {
  return JSON.stringify(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text);
}
