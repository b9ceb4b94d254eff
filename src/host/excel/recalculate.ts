import { parseRangeAddress, formatRangeAddress } from "../../sheet/a1";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Asks Excel to recalculate one range, e.g. the cell whose =SLM.EXPLAIN waited for approval, so
 * it picks up the answer now available. Custom functions are volatile only when told to, so
 * without this the cell would keep its #N/A until the user edits it.
 */
export async function recalculateRange(excel: ExcelBatch, address: string): Promise<void> {
  const parsed = parseRangeAddress(address);
  await excel(async (context) => {
    const sheet =
      parsed.sheet === undefined
        ? context.workbook.worksheets.getActiveWorksheet()
        : context.workbook.worksheets.getItem(parsed.sheet);
    sheet.getRange(formatRangeAddress({ ...parsed, sheet: undefined })).calculate();
    await context.sync();
  });
}
