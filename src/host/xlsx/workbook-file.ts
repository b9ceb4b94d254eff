import { readFile } from "node:fs/promises";
import path from "node:path";
import { SlmError } from "../../errors/slm-error";
import { rangeSize, type CellRef, type RangeAddress } from "../../sheet/a1";

/**
 * What both .xlsx hosts (XlsxWorkbook on exceljs, StreamedWorkbook on a streamed read) say alike:
 * why a file cannot be opened, and how a read of a range is bounded.
 */

/** The workbook file could not be opened, read or saved. */
export class WorkbookError extends SlmError {
  override name = "WorkbookError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("input", message, options);
  }
}

/** Guards against "A1:XFD1048576" building a grid of billions of cells; 5 million is also Excel on the web's limit per read. */
export const MAX_READ_CELLS = 5_000_000;

export interface Bounds {
  start: CellRef;
  end: CellRef;
}

export async function readWorkbookFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new WorkbookError(`Cannot open "${file}": ${fileProblem(error, file)}`);
  }
}

export function fileProblem(error: unknown, file: string): string {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  const where = path.isAbsolute(file) ? "" : ` (relative paths start from ${process.cwd()})`;
  switch (code) {
    case "ENOENT":
      return `no such file or folder. Check the path${where}.`;
    case "EISDIR":
      return "it is a folder, not a file. Give the path of the .xlsx file.";
    case "EACCES":
    case "EPERM":
    case "EBUSY":
      return "permission denied. If the file is open in Excel, close it and try again.";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export function notXlsx(file: string): WorkbookError {
  return new WorkbookError(
    `"${file}" is not an .xlsx workbook (it could not be read as one). Save it from Excel as ` +
      `"Excel Workbook (.xlsx)"; .xls, .csv and password-protected files are not supported.`,
  );
}

/**
 * The cells a read of `range` covers: whole columns/rows end at the used range (`used`, null for an
 * empty sheet); they keep their start so grids line up with the address. Refuses reads too large to hold.
 */
export function readBounds(address: string, range: RangeAddress, used: Bounds | null): Bounds | null {
  let bounds: Bounds | null = { start: range.start, end: range.end };
  if (range.wholeColumns || range.wholeRows) {
    if (!used) return null;
    const end = { ...range.end };
    if (range.wholeColumns) end.row = used.end.row;
    if (range.wholeRows) end.col = used.end.col;
    bounds = { start: range.start, end };
  }
  const { rows, cols } = rangeSize({ ...range, ...bounds });
  if (rows * cols > MAX_READ_CELLS) {
    throw new WorkbookError(
      `Range "${address}" has ${(rows * cols).toLocaleString("en-US")} cells; at most ` +
        `${MAX_READ_CELLS.toLocaleString("en-US")} can be read at once. Use a smaller range, or whole columns ` +
        `such as Data!A:C to read only the rows in use.`,
    );
  }
  return bounds;
}
