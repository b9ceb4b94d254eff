import { columnLetterToIndex, MAX_COLUMNS, MAX_ROWS, type CellRef } from "../sheet/a1";

// The A1 grammar of references inside formulas, for parseReference (formula-references.ts): the one
// place that reads "$B$2", "A:C" and "2:5" with their anchors.

/**
 * A1 cells as they appear inside a formula, keeping what addresses typed by users do not need: the $
 * anchors, which decide how a formula changes when copied and so how it reads in R1C1 or fills down.
 */
export interface A1Reference {
  /** Everything before the cells, as written: "Sheet2!", "'My Sheet'!", "[1]Prices!", "@", or "". */
  prefix: string;
  /** The sheet named in the prefix, unquoted; undefined for the formula's own sheet. */
  sheet?: string;
  /** The prefix points into another workbook. */
  external: boolean;
  kind: "cell" | "range" | "columns" | "rows";
  start: ReferencePoint;
  end: ReferencePoint;
}

export interface ReferencePoint {
  /** 0-based; null for the missing half of a whole-column (A:C) or whole-row (2:5) reference. */
  row: number | null;
  col: number | null;
  rowAbsolute: boolean;
  colAbsolute: boolean;
}

/** The cells a reference covers, for cell and range references; whole columns and rows give null. */
export function referenceBounds(reference: A1Reference): { start: CellRef; end: CellRef } | null {
  const { start, end } = reference;
  if (start.row === null || start.col === null || end.row === null || end.col === null) return null;
  return {
    start: { row: Math.min(start.row, end.row), col: Math.min(start.col, end.col) },
    end: { row: Math.max(start.row, end.row), col: Math.max(start.col, end.col) },
  };
}

export type CellBlock = Pick<A1Reference, "kind" | "start" | "end">;

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;
const COLUMN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW = /^(\$?)(\d{1,7})$/;

/** "$B$2", "A1:C10", "A:A", "2:5" with their anchors; null for anything else (names, tables, "A1:B"). */
export function parseCellBlock(text: string): CellBlock | null {
  const parts = text.split(":");
  if (parts.length > 2) return null;
  const [first = "", second] = parts;
  const cellA = cellPoint(first);
  if (cellA) {
    const cellB = second === undefined ? cellA : cellPoint(second);
    if (!cellB) return null;
    return { kind: second === undefined ? "cell" : "range", start: cellA, end: cellB };
  }
  if (second === undefined) return null;
  const colA = columnPoint(first);
  const colB = columnPoint(second);
  if (colA && colB) return { kind: "columns", start: colA, end: colB };
  const rowA = rowPoint(first);
  const rowB = rowPoint(second);
  if (rowA && rowB) return { kind: "rows", start: rowA, end: rowB };
  return null;
}

function cellPoint(text: string): ReferencePoint | null {
  const match = CELL.exec(text);
  if (!match) return null;
  const col = column(match[2] ?? "");
  const row = Number(match[4]) - 1;
  if (col === null || row < 0 || row >= MAX_ROWS) return null;
  return { row, col, rowAbsolute: match[3] === "$", colAbsolute: match[1] === "$" };
}

function columnPoint(text: string): ReferencePoint | null {
  const match = COLUMN.exec(text);
  const col = match ? column(match[2] ?? "") : null;
  return match && col !== null ? { row: null, col, rowAbsolute: false, colAbsolute: match[1] === "$" } : null;
}

function rowPoint(text: string): ReferencePoint | null {
  const match = ROW.exec(text);
  if (!match) return null;
  const row = Number(match[2]) - 1;
  if (row < 0 || row >= MAX_ROWS) return null;
  return { row, col: null, rowAbsolute: match[1] === "$", colAbsolute: false };
}

function column(letters: string): number | null {
  try {
    const index = columnLetterToIndex(letters);
    return index < MAX_COLUMNS ? index : null;
  } catch {
    return null;
  }
}
