import { columnIndexToLetter, formatRangeAddress, parseRangeAddress, type RangeAddress } from "../sheet/a1";
import { isBlank } from "../sheet/cells";
import type { SheetHost } from "../sheet/sheet-host";
import { InputError } from "./cli-errors";

/**
 * Where results go: the --target cell (top-left), or by default the first column to the right
 * of the range whose cells in those rows are all empty. Non-empty target cells are refused
 * unless the user said --overwrite: nothing of theirs is lost silently.
 */
export async function resolveTarget(
  host: SheetHost,
  source: RangeAddress,
  size: { rows: number; width: number },
  options: { target?: string; overwrite: boolean },
): Promise<string> {
  const { width } = size;
  const rows = size.rows - 1;
  const block = { ...source, end: { row: source.start.row + rows, col: source.end.col } };
  let target: RangeAddress;
  if (options.target) {
    const start = parseRangeAddress(options.target).start;
    const sheet = parseRangeAddress(options.target).sheet ?? source.sheet;
    target = { sheet, start, end: { row: start.row + rows, col: start.col + width - 1 } };
  } else {
    target = await firstEmptyColumns(host, block, width);
  }
  const address = formatRangeAddress(target);
  if (!options.overwrite) {
    const existing = (await host.readRange(address)).flat().filter((value) => !isBlank(value)).length;
    if (existing > 0) {
      throw new InputError(
        `The target ${address} already holds ${existing} non-empty cell${existing === 1 ? "" : "s"}; ` +
          "nothing was written. Choose another --target, or add --overwrite to replace them.",
      );
    }
  }
  return address;
}

async function firstEmptyColumns(
  host: SheetHost,
  source: RangeAddress,
  width: number,
): Promise<RangeAddress> {
  const rowsOf = (col: number): RangeAddress => ({
    sheet: source.sheet,
    start: { row: source.start.row, col },
    end: { row: source.end.row, col: col + width - 1 },
  });
  for (let col = source.end.col + 1; col + width - 1 < 16_384; col++) {
    const values = await host.readRange(formatRangeAddress(rowsOf(col)));
    if (values.flat().every((value) => isBlank(value))) return rowsOf(col);
  }
  throw new InputError(
    `No empty column right of ${columnIndexToLetter(source.end.col)} for the results; give --target.`,
  );
}
