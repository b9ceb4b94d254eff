import { formatRangeAddress, parseRangeAddress } from "../../sheet/a1";
import type { CellGrid, CellValue } from "../../sheet/cells";
import { SheetNotFoundError, type SheetHost } from "../../sheet/sheet-host";
import { readSheetCells } from "./sheet-xml-reader";
import { readParts, type SheetPart, type XlsxParts } from "./xlsx-parts";
import { notXlsx, readBounds, readWorkbookFile, WorkbookError, type Bounds } from "./workbook-file";

/**
 * A read-only SheetHost over an .xlsx file that never builds exceljs' object model: the zip stays
 * compressed in memory, and a sheet is streamed (saxes) into plain values the first time it is read,
 * only the sheets a command touches. A 100,000 × 20 sheet is about 150 MB of plain values where
 * exceljs' Workbook held well over 1 GB. Reads give what XlsxWorkbook gives for the same cells.
 * For `report` and `formula` (which only read); commands that write use XlsxWorkbook.
 */
export class StreamedWorkbook implements SheetHost {
  private readonly loaded = new Map<string, Promise<LoadedSheet>>();

  private constructor(
    private readonly file: string,
    private readonly parts: XlsxParts,
  ) {}

  static async open(file: string): Promise<StreamedWorkbook> {
    const bytes = await readWorkbookFile(file);
    let parts: XlsxParts;
    try {
      parts = await readParts(bytes);
    } catch {
      throw notXlsx(file);
    }
    if (parts.sheets.length === 0) throw notXlsx(file);
    return new StreamedWorkbook(file, parts);
  }

  /** The sheet Excel opens on, which a range without a sheet name refers to. */
  get activeSheet(): string {
    const { sheets, activeTab } = this.parts;
    return (sheets[activeTab] ?? sheets[0])!.name;
  }

  async listSheets(): Promise<string[]> {
    return this.parts.sheets.map((sheet) => sheet.name);
  }

  async usedRange(sheet: string): Promise<string | null> {
    const loaded = await this.sheet(sheet);
    return loaded.used && formatRangeAddress({ sheet: loaded.name, ...loaded.used });
  }

  async readRange(address: string): Promise<CellGrid> {
    const range = parseRangeAddress(address);
    const loaded = await this.sheet(range.sheet);
    const bounds = readBounds(address, range, loaded.used);
    if (!bounds) return [];
    const grid: CellGrid = [];
    for (let r = bounds.start.row; r <= bounds.end.row; r++) {
      const stored = loaded.rows[r];
      const line: CellValue[] = [];
      for (let c = bounds.start.col; c <= bounds.end.col; c++) line.push(stored?.[c] ?? null);
      grid.push(line);
    }
    return grid;
  }

  private sheet(name: string | undefined): Promise<LoadedSheet> {
    const part = this.part(name);
    let loaded = this.loaded.get(part.name);
    if (!loaded) {
      loaded = loadSheet(this.parts, part).catch((error: unknown) => {
        throw new WorkbookError(
          `Could not read sheet "${part.name}" of "${this.file}": ${error instanceof Error ? error.message : String(error)}. ` +
            `Open and save the file in Excel, then try again.`,
          { cause: error },
        );
      });
      this.loaded.set(part.name, loaded);
    }
    return loaded;
  }

  private part(name: string | undefined): SheetPart {
    const { sheets, activeTab } = this.parts;
    if (name === undefined) return (sheets[activeTab] ?? sheets[0])!;
    // Excel treats sheet names case-insensitively, so "data!A1" finds "Data".
    const found =
      sheets.find((sheet) => sheet.name === name) ??
      sheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase());
    if (!found)
      throw new SheetNotFoundError(
        name,
        sheets.map((sheet) => sheet.name),
      );
    return found;
  }
}

interface LoadedSheet {
  name: string;
  /** Sparse by row (0-based); each row as long as its last cell. */
  rows: (CellValue[] | undefined)[];
  used: Bounds | null;
}

async function loadSheet(parts: XlsxParts, part: SheetPart): Promise<LoadedSheet> {
  const rows: (CellValue[] | undefined)[] = [];
  let used: Bounds | null = null;
  const include = (row: number, col: number) => {
    if (!used) used = { start: { row, col }, end: { row, col } };
    else {
      if (row < used.start.row) used.start.row = row;
      if (col < used.start.col) used.start.col = col;
      if (row > used.end.row) used.end.row = row;
      if (col > used.end.col) used.end.col = col;
    }
  };
  const { merges } = await readSheetCells(parts, part.path, ({ row, col, value, formula }) => {
    // Styled but empty cells are not "used", as in exceljs and Excel's own used range.
    if (value === null && !formula) return;
    include(row, col);
    if (value === null) return;
    let line = rows[row];
    if (!line) rows[row] = line = [];
    line[col] = value;
  });
  for (const merge of merges) {
    // Excel shows a merged area's value in its top-left cell only (exceljs reads the rest as empty too).
    include(merge.start.row, merge.start.col);
    include(merge.end.row, merge.end.col);
    for (let r = merge.start.row; r <= merge.end.row; r++) {
      const line = rows[r];
      if (!line) continue;
      for (let c = merge.start.col; c <= merge.end.col; c++) {
        if ((r !== merge.start.row || c !== merge.start.col) && c < line.length) line[c] = null;
      }
    }
  }
  return { name: part.name, rows, used };
}
