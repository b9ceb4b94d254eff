import { columnIndexToLetter, formatRangeAddress, parseRangeAddress, type RangeAddress } from "../sheet/a1";
import { checkCellWrite, type WritableSheetHost } from "../sheet/cell-write";
import { InputError } from "./cli-errors";

/**
 * Where results go: the --target cell (top-left), or by default the first columns to the right of
 * the range whose cells in those rows are all empty (no value, no formula — even one showing 0 or
 * "" — and no merged or array cell). The target is checked here, before any model work, with the
 * same check the write makes: non-empty cells are refused unless the user said --overwrite.
 */
export async function resolveTarget(
  host: WritableSheetHost,
  source: RangeAddress,
  size: { rows: number; width: number },
  options: { target?: string; overwrite: boolean },
): Promise<string> {
  const { width } = size;
  const rows = size.rows - 1;
  const block = { ...source, end: { row: source.start.row + rows, col: source.end.col } };
  let target: RangeAddress;
  if (options.target) {
    const parsed = parseRangeAddress(options.target);
    const start = parsed.start;
    target = {
      sheet: parsed.sheet ?? source.sheet,
      start,
      end: { row: start.row + rows, col: start.col + width - 1 },
    };
  } else {
    target = await firstEmptyColumns(host, block, width);
  }
  const address = formatRangeAddress(target);
  checkCellWrite({ target: address, cells: [], scan: await host.scanTarget(address) }, options);
  return address;
}

async function firstEmptyColumns(
  host: WritableSheetHost,
  source: RangeAddress,
  width: number,
): Promise<RangeAddress> {
  const rowsOf = (col: number): RangeAddress => ({
    sheet: source.sheet,
    start: { row: source.start.row, col },
    end: { row: source.end.row, col: col + width - 1 },
  });
  for (let col = source.end.col + 1; col + width - 1 < 16_384; col++) {
    const scan = await host.scanTarget(formatRangeAddress(rowsOf(col)));
    // Locked cells are not skipped: the check below then says the sheet is protected, which is the real problem.
    if (scan.occupied === 0 && scan.merged === 0) return rowsOf(col);
  }
  throw new InputError(
    `No empty column right of ${columnIndexToLetter(source.end.col)} for the results; give --target.`,
  );
}
