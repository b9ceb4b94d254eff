import ExcelJS from "exceljs";

/**
 * Sheet-sized fixtures. exceljs' streaming writer commits each row as it goes, so a million-row
 * column is written in seconds with flat memory, where the in-memory Workbook would hold every
 * cell object first.
 */

/** The texts of a big column: `distinct` phrasings in turn, each naming a topic the scripted labeller knows. */
export function columnText(index: number, distinct: number): string {
  const topics = ["refund for order", "app crash on", "love the new"];
  const phrasing = index % distinct;
  return `${topics[phrasing % topics.length]} #${phrasing}`;
}

/** The label `keywordLabeller(BIG_COLUMN_KEYWORDS, "bug")` gives a `columnText`. */
export const BIG_COLUMN_KEYWORDS = { refund: "billing", crash: "bug", love: "praise" };

export function expectedLabel(text: string): string {
  const hit = Object.entries(BIG_COLUMN_KEYWORDS).find(([keyword]) => text.includes(keyword));
  return hit ? hit[1] : "bug";
}

/** Sheet "Data": a header in A1 and `rows` texts in A2 down, written to `file`. */
export async function writeBigColumnWorkbook(file: string, rows: number, distinct: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    // Excel stores text in the shared-string table; the loader must cope with that as it will in real files.
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet("Data");
  sheet.addRow(["Ticket"]).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([columnText(i, distinct)]).commit();
  sheet.commit();
  await workbook.commit();
}

/**
 * The values of `column` at the given 1-based rows of the first sheet (these fixtures have one),
 * read with the streaming reader, so checking a few cells of a million-row result does not load
 * the whole file.
 */
export async function readCells(file: string, column: number, rows: readonly number[]): Promise<unknown[]> {
  const wanted = new Set(rows);
  const found = new Map<number, unknown>();
  const last = rows.reduce((high, row) => Math.max(high, row), 0);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    worksheets: "emit",
    hyperlinks: "ignore",
    styles: "ignore",
  });
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (wanted.has(row.number)) found.set(row.number, row.getCell(column).value);
      if (row.number >= last) break;
    }
    break;
  }
  return rows.map((row) => found.get(row) ?? null);
}
