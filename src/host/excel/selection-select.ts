import { columnIndexToLetter, formatSheetName } from "../../sheet/a1";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Selects some rows of a run in the workbook (e.g. the ones labelled REVIEW), from the source
 * column to the results column, so the user can look at them or filter them. Neighbouring rows
 * become one block, keeping the address Excel has to parse short.
 */
export interface RowSelection {
  sheet: string;
  /** 0-based rows to select. */
  rows: readonly number[];
  /** 0-based columns, first and last (inclusive) of each selected row. */
  fromColumn: number;
  toColumn: number;
}

/** "B5:D7,B9:D9" for rows 4,5,6 and 8 of columns B–D. */
export function rowBlocksAddress(selection: Omit<RowSelection, "sheet">): string {
  const rows = [...new Set(selection.rows)].sort((a, b) => a - b);
  const left = columnIndexToLetter(Math.min(selection.fromColumn, selection.toColumn));
  const right = columnIndexToLetter(Math.max(selection.fromColumn, selection.toColumn));
  const blocks: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    blocks.push(`${left}${rows[i]! + 1}:${right}${rows[j]! + 1}`);
    i = j + 1;
  }
  return blocks.join(",");
}

/** Selects the rows and brings their sheet to the front. Returns the address selected. */
export async function selectRows(run: ExcelBatch, selection: RowSelection): Promise<string> {
  if (selection.rows.length === 0) throw new Error("There are no rows to select.");
  const address = rowBlocksAddress(selection);
  await run(async (context) => {
    const worksheet = context.workbook.worksheets.getItem(selection.sheet);
    worksheet.activate();
    worksheet.getRanges(address).select();
    await context.sync();
  });
  return `${formatSheetName(selection.sheet)}!${address}`;
}
