import { formatRangeAddress, parseRangeAddress } from "../../sheet/a1";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Shows a range to the user by selecting it (bringing its sheet to the front). Selecting is how
 * the pane "highlights" a range: unlike a fill colour it changes nothing in the workbook.
 * `defaultSheet` is where a reference without a sheet (B2:B9 in a formula on Model) points.
 */
export async function selectRange(excel: ExcelBatch, address: string, defaultSheet: string): Promise<void> {
  const parsed = parseRangeAddress(address);
  await excel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(parsed.sheet ?? defaultSheet);
    sheet.activate();
    sheet.getRange(formatRangeAddress({ ...parsed, sheet: undefined })).select();
    await context.sync();
  });
}
