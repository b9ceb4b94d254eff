import { SlmError } from "../errors/slm-error";
/**
 * A1 addresses as users type them ("Data!A1:C10", "'My Sheet'!B2", "Data!A:C") and as Excel reports them.
 * Rows and columns are 0-based here so callers can index grids directly.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384; // XFD

export interface CellRef {
  row: number;
  col: number;
}

export interface RangeAddress {
  /** Undefined when the address names no sheet; the host then decides which sheet is meant. */
  sheet?: string;
  start: CellRef;
  end: CellRef;
  /** "A:C": rows span the whole sheet, so a host should clip them to the used range. */
  wholeColumns?: boolean;
  /** "2:5": columns span the whole sheet, so a host should clip them to the used range. */
  wholeRows?: boolean;
}

export class AddressError extends SlmError {
  override name = "AddressError";
  constructor(message: string) {
    super("input", message);
  }
}

const COLUMN_LETTERS = /^[A-Z]{1,3}$/;

export function columnLetterToIndex(letters: string): number {
  const upper = letters.toUpperCase();
  if (!COLUMN_LETTERS.test(upper)) {
    throw new AddressError(`"${letters}" is not a column; columns are letters from A to XFD.`);
  }
  let index = 0;
  for (const ch of upper) index = index * 26 + (ch.charCodeAt(0) - 64);
  if (index > MAX_COLUMNS) {
    throw new AddressError(`Column "${upper}" is beyond the last column of a sheet, XFD.`);
  }
  return index - 1;
}

export function columnIndexToLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COLUMNS) {
    throw new AddressError(
      `Column index ${index} is outside a sheet (0 to ${MAX_COLUMNS - 1}, i.e. A to XFD).`,
    );
  }
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** "B2" for {row:1, col:1}. */
export function formatCellAddress(ref: CellRef): string {
  return `${columnIndexToLetter(ref.col)}${ref.row + 1}`;
}

/** Plain names can stand bare; anything else (spaces, punctuation, names that read as cells) is quoted. */
export function formatSheetName(sheet: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !looksLikeReference(sheet);
  return plain ? sheet : quoteSheetName(sheet);
}

function quoteSheetName(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function looksLikeReference(name: string): boolean {
  // Excel would read these as a cell (A1, XFD10) or an R1C1 reference (R, C, R2C3), so they need quotes.
  return (
    /^[A-Za-z]{1,3}\d+$/.test(name) || /^(R\d*|C\d*|R\d*C\d*)$/i.test(name) || /^(true|false)$/i.test(name)
  );
}

export function formatRangeAddress(range: RangeAddress): string {
  const prefix = range.sheet === undefined ? "" : `${formatSheetName(range.sheet)}!`;
  const { start, end } = normalise(range.start, range.end);
  if (range.wholeColumns) return `${prefix}${columnIndexToLetter(start.col)}:${columnIndexToLetter(end.col)}`;
  if (range.wholeRows) return `${prefix}${start.row + 1}:${end.row + 1}`;
  const first = formatCellAddress(start);
  if (start.row === end.row && start.col === end.col) return `${prefix}${first}`;
  return `${prefix}${first}:${formatCellAddress(end)}`;
}

/** Rows and columns in the range. */
export function rangeSize(range: RangeAddress): { rows: number; cols: number } {
  return { rows: range.end.row - range.start.row + 1, cols: range.end.col - range.start.col + 1 };
}

export function parseRangeAddress(address: string): RangeAddress {
  const text = address.trim();
  const fail = (reason?: string, sheet?: string): never => {
    // Quoting is always valid, so the example shows it; it helps most when the name has spaces.
    const example = `${quoteSheetName(sheet ?? "Data")}!A1:C10`;
    const why = reason ? `: ${reason}` : "";
    throw new AddressError(`Range "${address}" is not a valid A1 address${why} (example: ${example}).`);
  };
  if (!text) fail("it is empty");

  const { sheet, rest } = splitSheet(text, fail);
  const parts = rest.split(":");
  if (parts.length > 2) fail("it has more than one ':'", sheet);
  const [first = "", second] = parts;
  const a = parseRef(first, "start", (reason) => fail(reason, sheet));
  const b = second === undefined ? a : parseRef(second, "end", (reason) => fail(reason, sheet));
  if (a.kind !== b.kind) {
    fail("both ends of a range must be cells (A1:C10), columns (A:C) or rows (2:5)", sheet);
  }
  if (second === undefined && a.kind !== "cell") {
    fail(`a whole ${a.kind === "column" ? "column is written A:A" : "row is written 2:2"}`, sheet);
  }

  const { start, end } = normalise(a.ref, b.ref);
  const range: RangeAddress = { start, end };
  if (sheet !== undefined) range.sheet = sheet;
  if (a.kind === "column") {
    range.start.row = 0;
    range.end.row = MAX_ROWS - 1;
    range.wholeColumns = true;
  } else if (a.kind === "row") {
    range.start.col = 0;
    range.end.col = MAX_COLUMNS - 1;
    range.wholeRows = true;
  }
  return range;
}

function splitSheet(text: string, fail: (reason?: string) => never): { sheet?: string; rest: string } {
  if (text.startsWith("'")) {
    let name = "";
    for (let i = 1; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "'") {
        name += ch;
      } else if (text[i + 1] === "'") {
        name += "'";
        i++;
      } else {
        if (text[i + 1] !== "!") fail("a quoted sheet name must be followed by '!'");
        if (!name) fail("the sheet name is empty");
        return { sheet: name, rest: text.slice(i + 2) };
      }
    }
    return fail("the quote around the sheet name is not closed");
  }
  const bang = text.lastIndexOf("!");
  if (bang === -1) return { rest: text };
  // Lenient: an unquoted name with spaces (My Sheet!A1) is still unambiguous, so accept it.
  const sheet = text.slice(0, bang).trim();
  if (!sheet) fail("the sheet name before '!' is empty");
  if (/[[\]:*?/\\]/.test(sheet)) fail(`sheet names cannot contain [ ] : * ? / \\`);
  return { sheet, rest: text.slice(bang + 1) };
}

type ParsedRef = { kind: "cell" | "column" | "row"; ref: CellRef };

function parseRef(part: string, side: "start" | "end", fail: (reason?: string) => never): ParsedRef {
  const match = /^\s*(\$?([A-Za-z]+))?(\$?(\d+))?\s*$/.exec(part);
  const letters = match?.[2];
  const digits = match?.[4];
  if (!part.trim())
    return fail(side === "start" ? "the cell address is missing" : "the end after ':' is missing");
  if (
    !match ||
    (letters === undefined && digits === undefined) ||
    (letters !== undefined && letters.length > 3)
  ) {
    // Names such as "Sales" land here too: defined names are not resolved, only cell addresses.
    return fail(`"${part.trim()}" is not a cell, column or row`);
  }
  let col = 0;
  let row = 0;
  if (letters !== undefined) {
    try {
      col = columnLetterToIndex(letters);
    } catch {
      fail(`column "${letters.toUpperCase()}" is beyond the last column, XFD`);
    }
  }
  if (digits !== undefined) {
    row = Number(digits) - 1;
    if (row < 0) fail("rows start at 1");
    if (row >= MAX_ROWS) fail(`row ${digits} is beyond the last row, ${MAX_ROWS}`);
  }
  const kind = letters === undefined ? "row" : digits === undefined ? "column" : "cell";
  return { kind, ref: { row, col } };
}

function normalise(a: CellRef, b: CellRef): { start: CellRef; end: CellRef } {
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  };
}
