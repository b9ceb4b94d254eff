import { MAX_COLUMNS, MAX_ROWS, columnLetterToIndex, type CellRef } from "../sheet/a1";

/**
 * A1 references as they appear inside formulas, keeping what addresses typed by users do not need:
 * the $ anchors, which decide how a formula changes when copied and so how it reads in R1C1.
 */
export interface ReferencePoint {
  /** 0-based; null for the missing half of a whole-column (A:C) or whole-row (2:5) reference. */
  row: number | null;
  col: number | null;
  rowAbsolute: boolean;
  colAbsolute: boolean;
}

export interface FormulaReference {
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

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;
const COLUMN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW = /^(\$?)(\d{1,7})$/;

/** A reference operand ("$B$2", "Data!A1:C10", "A:A", "2:5"), or null for names, tables and the like. */
export function parseFormulaReference(text: string): FormulaReference | null {
  const bang = text.lastIndexOf("!");
  const prefix = bang === -1 ? (text.startsWith("@") ? "@" : "") : text.slice(0, bang + 1);
  const body = text.slice(prefix.length);
  const parts = body.split(":");
  if (parts.length > 2) return null;
  const [first = "", second] = parts;
  const cellA = cellPoint(first);
  if (cellA) {
    const cellB = second === undefined ? cellA : cellPoint(second);
    if (!cellB) return null;
    return build(prefix, second === undefined ? "cell" : "range", cellA, cellB);
  }
  if (second === undefined) return null;
  const colA = columnPoint(first);
  const colB = columnPoint(second);
  if (colA && colB) return build(prefix, "columns", colA, colB);
  const rowA = rowPoint(first);
  const rowB = rowPoint(second);
  if (rowA && rowB) return build(prefix, "rows", rowA, rowB);
  return null;
}

function build(
  prefix: string,
  kind: FormulaReference["kind"],
  start: ReferencePoint,
  end: ReferencePoint,
): FormulaReference {
  const reference: FormulaReference = { prefix, external: prefix.includes("["), kind, start, end };
  const sheet = sheetOf(prefix);
  if (sheet !== undefined) reference.sheet = sheet;
  return reference;
}

function sheetOf(prefix: string): string | undefined {
  if (!prefix.endsWith("!")) return undefined;
  let name = prefix.slice(0, -1);
  if (name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
  return name.replace(/^\[[^\]]*\]/, "") || undefined;
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
  const index = columnLetterToIndexOrNull(letters);
  return index !== null && index < MAX_COLUMNS ? index : null;
}

function columnLetterToIndexOrNull(letters: string): number | null {
  try {
    return columnLetterToIndex(letters);
  } catch {
    return null;
  }
}

/** The cells a reference covers, for cell and range references; whole columns and rows give null. */
export function referenceBounds(reference: FormulaReference): { start: CellRef; end: CellRef } | null {
  const { start, end } = reference;
  if (start.row === null || start.col === null || end.row === null || end.col === null) return null;
  return {
    start: { row: Math.min(start.row, end.row), col: Math.min(start.col, end.col) },
    end: { row: Math.max(start.row, end.row), col: Math.max(start.col, end.col) },
  };
}
