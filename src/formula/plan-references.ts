import { formatSheetName } from "../sheet/a1";
import { PlanError } from "./plan-error";
import type { TableColumn, TableContext } from "./table-context";

/**
 * Columns named by header text become references here, and nowhere else: exact absolute ranges over the
 * data rows (Sales!$C$2:$C$101), or structured references (Table1[Revenue]) when the data is an Excel
 * table. Small models get ranges wrong, so they never write them.
 */

/** Where the formula will sit, for references relative to its row. */
export interface Placement {
  /** The sheet the formula is written on; references to other sheets are qualified. */
  sheet: string;
  /** The row the formula is written in, for fill-down formulas. */
  row: number;
}

/** The header a name refers to: the same text ignoring case and repeated spaces. Never a near miss. */
export function resolveColumn(context: TableContext, name: string, role = "column"): TableColumn {
  const wanted = normalise(name);
  const matches = context.columns.filter((column) => column.header && normalise(column.header) === wanted);
  const headers = context.columns.map((column) => column.header).filter((header) => header);
  if (matches.length === 0) {
    const known = headers.map((header) => `"${header}"`).join(", ");
    throw new PlanError(
      `Unknown ${role} "${name}": the table on sheet "${context.sheet}" has no such header. ` +
        `Its columns are: ${known}. Use one of these exactly.`,
      { column: name, knownHeaders: headers },
    );
  }
  if (matches.length > 1) {
    const letters = matches.map((column) => column.letter).join(" and ");
    throw new PlanError(
      `The header "${name}" appears more than once (columns ${letters}), so it cannot say which column is meant.`,
      { column: name, knownHeaders: headers },
    );
  }
  return matches[0] as TableColumn;
}

/** The column with this header, or undefined; for fields that may hold a header or a number. */
export function findColumn(context: TableContext, name: string): TableColumn | undefined {
  const wanted = normalise(name);
  return context.columns.find((column) => column.header && normalise(column.header) === wanted);
}

function normalise(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLowerCase();
}

function requireData(context: TableContext): void {
  if (context.lastDataRow < context.firstDataRow) {
    throw new PlanError(`The table on sheet "${context.sheet}" has headers but no data rows.`);
  }
}

/** The column's data cells: Sales!$C$2:$C$101 or Table1[Revenue]. */
export function columnRange(context: TableContext, column: TableColumn): string {
  requireData(context);
  if (context.tableName) return `${context.tableName}[${escapedColumn(column.header, false)}]`;
  const { letter } = column;
  return `${sheetPrefix(context.sheet)}$${letter}$${context.firstDataRow}:$${letter}$${context.lastDataRow}`;
}

/** Several columns' data cells, which must sit side by side: Sales!$A$2:$C$101, Table1[[A]:[C]], Table1[#Data]. */
export function blockRange(context: TableContext, columns: readonly TableColumn[]): string {
  requireData(context);
  const sorted = [...columns].sort((a, b) => a.index - b.index);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) throw new PlanError("No columns were given.");
  if (sorted.length === 1) return columnRange(context, first);
  if (context.tableName) {
    // Table1[#Data] rather than the bare Table1, which reads like a defined name to a checker.
    const everything = sorted.length === context.columns.length;
    if (everything) return `${context.tableName}[#Data]`;
    return `${context.tableName}[[${escapeHeader(first.header)}]:[${escapeHeader(last.header)}]]`;
  }
  return (
    `${sheetPrefix(context.sheet)}$${first.letter}$${context.firstDataRow}:` +
    `$${last.letter}$${context.lastDataRow}`
  );
}

/** This row's cell of a column: $C5 (column fixed so the formula can be copied across), or Table1[@Revenue]. */
export function rowCell(context: TableContext, column: TableColumn, placement: Placement): string {
  if (context.tableName) return `${context.tableName}[@${escapedColumn(column.header, true)}]`;
  return `${sameSheet(context, placement) ? "" : sheetPrefix(context.sheet)}$${column.letter}${placement.row}`;
}

/** From the first data row down to this row: $E$2:$E5, or INDEX(Table1[Revenue],1):Table1[@Revenue]. */
export function runningRange(context: TableContext, column: TableColumn, placement: Placement): string {
  requireData(context);
  if (context.tableName)
    return `INDEX(${columnRange(context, column)},1):${rowCell(context, column, placement)}`;
  const prefix = sameSheet(context, placement) ? "" : sheetPrefix(context.sheet);
  return `${prefix}$${column.letter}$${context.firstDataRow}:$${column.letter}${placement.row}`;
}

function sameSheet(context: TableContext, placement: Placement): boolean {
  return context.sheet.toLowerCase() === placement.sheet.toLowerCase();
}

function sheetPrefix(sheet: string): string {
  return `${formatSheetName(sheet)}!`;
}

/** Excel escapes [ ] # ' in column names with an apostrophe. */
function escapeHeader(header: string): string {
  return header.replace(/['[\]#]/g, "'$&");
}

/**
 * Table1[Revenue] but Table1[[Unit/Price]]: headers with special characters need their own brackets,
 * and after "@" so do headers with spaces.
 */
function escapedColumn(header: string, afterAt: boolean): string {
  const escaped = escapeHeader(header);
  const special = /[\t\n\r,:.[\]#'"{}$^&*+=\-<>/]/.test(header);
  const needsBrackets = special || (afterAt && /\s/.test(header));
  return needsBrackets ? `[${escaped}]` : escaped;
}
