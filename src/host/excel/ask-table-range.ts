import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Which range the Ask tab reads for the current selection: a selection of more than one cell is
 * read as it is; a single cell means "the table I am in": the Excel table holding it, else the
 * block of filled cells around it (what Ctrl+A selects). Returns a sheet-qualified address.
 */
export async function askTableRange(run: ExcelBatch, selected?: string): Promise<string> {
  return run(async (context) => {
    const range = selected ? rangeAt(context, selected) : context.workbook.getSelectedRange();
    range.load(["address", "cellCount"]);
    await context.sync();
    if (range.cellCount > 1) return range.address;
    const tables = range.getTables(false);
    const count = tables.getCount();
    await context.sync();
    const around = count.value > 0 ? tables.getFirst().getRange() : range.getSurroundingRegion();
    around.load("address");
    await context.sync();
    return around.address;
  });
}

function rangeAt(context: Excel.RequestContext, address: string): Excel.Range {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return context.workbook.worksheets.getActiveWorksheet().getRange(address);
  const sheet = address
    .slice(0, bang)
    .replace(/^'(.*)'$/, "$1")
    .replace(/''/g, "'");
  return context.workbook.worksheets.getItem(sheet).getRange(address.slice(bang + 1));
}
