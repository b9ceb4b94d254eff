import { tableFromRange, type AnalysisTable } from "../../analysis/table";
import { reportLayout } from "../../report/report-layout";
import type { ChartKind, Report } from "../../report/report-types";
import { blockAddress, type LayoutBlock, type RowStyle, type SheetLayout } from "../../report/sheet-layout";
import { newSheetName } from "../../report/sheet-name";
import { gridFromExcel } from "../../report/excel-values";
import { formatRangeAddress, parseRangeAddress, type RangeAddress } from "../../sheet/a1";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * The report through Office.js: which cells to report on, reading them with their date formats, and
 * writing the report onto a new sheet with native charts. The source sheet is only ever read.
 */

export interface ExcelReportTarget {
  /** With the sheet, e.g. "Data!A1:H500". */
  address: string;
  /** The Excel table's name when the selection is in one, else the sheet's. */
  name: string;
}

/**
 * The selection's table if it is in one; else the selected block (clipped to the used range, so a
 * whole-column selection is not a million cells), or the region around a single selected cell
 * (Ctrl+A); else, for a selection in an empty area, the sheet's used range.
 */
export async function findReportTarget(run: ExcelBatch): Promise<ExcelReportTarget> {
  return run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    const tables = selected.getTables(false);
    const tableCount = tables.getCount();
    const used = context.workbook.worksheets.getActiveWorksheet().getUsedRangeOrNullObject(true);
    selected.load("address");
    used.load("address");
    await context.sync();
    const selection = parseRangeAddress(selected.address);
    const name = selection.sheet ?? "";
    // An empty sheet still names a range, so the report can say there is nothing in it.
    if (used.isNullObject) return { address: selected.address, name };
    if (tableCount.value > 0) {
      const table = tables.getFirst();
      const range = table.getRange();
      table.load("name");
      range.load("address");
      await context.sync();
      return { address: range.address, name: table.name };
    }
    const usedRange = parseRangeAddress(used.address);
    if (!isSingleCell(selection)) {
      const clipped = intersect(selection, usedRange);
      return { address: formatRangeAddress(clipped ?? usedRange), name };
    }
    const region = selected.getSurroundingRegion();
    region.load("address");
    await context.sync();
    if (isSingleCell(parseRangeAddress(region.address))) {
      // A lone cell, empty or not, is no table: report on what the sheet holds.
      return { address: used.address, name };
    }
    return { address: region.address, name };
  });
}

function isSingleCell(range: RangeAddress): boolean {
  return range.start.row === range.end.row && range.start.col === range.end.col;
}

function intersect(a: RangeAddress, b: RangeAddress): RangeAddress | null {
  const start = { row: Math.max(a.start.row, b.start.row), col: Math.max(a.start.col, b.start.col) };
  const end = { row: Math.min(a.end.row, b.end.row), col: Math.min(a.end.col, b.end.col) };
  if (start.row > end.row || start.col > end.col) return null;
  return { sheet: a.sheet ?? b.sheet, start, end };
}

/** Values and number formats in one read, so date cells become dates. */
export async function readReportTable(run: ExcelBatch, address: string): Promise<AnalysisTable> {
  const parsed = parseRangeAddress(address);
  return run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(parsed.sheet ?? "");
    const range = sheet.getRange(formatRangeAddress({ ...parsed, sheet: undefined }));
    range.load("values,numberFormat");
    await context.sync();
    return tableFromRange(address, gridFromExcel(range.values, range.numberFormat));
  });
}

/** Adds and shows "Report <table> <date>" at once, saying the report is on its way: the model takes a while. */
export async function addReportSheet(run: ExcelBatch, tableName: string, date: string): Promise<string> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const name = newSheetName(
      "Report",
      tableName,
      date,
      sheets.items.map((s) => s.name),
    );
    const sheet = sheets.add(name);
    sheet.getRange("A1:A2").values = [[`Data report: ${tableName}`], ["Building the report…"]];
    sheet.getRange("A1").format.font.bold = true;
    sheet.activate();
    await context.sync();
    return name;
  });
}

/** Replaces the progress line with why the report could not be made. */
export async function writeReportNotice(run: ExcelBatch, sheetName: string, message: string): Promise<void> {
  await run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const cell = sheet.getRange("A2");
    cell.values = [[message]];
    cell.format.font.color = "#C00000";
    sheet.activate();
    await context.sync();
  });
}

export interface ExcelReportResult {
  sheet: string;
  charts: number;
}

const CHART_TYPES: Record<ChartKind, Excel.ChartType | "ColumnClustered" | "Line"> = {
  histogram: "ColumnClustered",
  "top-categories": "ColumnClustered",
  trend: "Line",
};

/** Points per character of column width, near Excel's default font. */
const POINTS_PER_CHARACTER = 6;

/** Writes the report onto `sheetName` (made by addReportSheet): sections, formats, native charts. */
export async function writeReport(
  run: ExcelBatch,
  report: Report,
  sheetName: string,
): Promise<ExcelReportResult> {
  const layout = reportLayout(report);
  await run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    writeLayout(sheet, layout);
    for (const placement of layout.charts) {
      const chart = sheet.charts.add(
        CHART_TYPES[placement.spec.kind],
        sheet.getRange(blockAddress(placement.data)),
        "Columns",
      );
      chart.title.text = placement.spec.title;
      chart.legend.visible = false;
      const [topLeft, bottomRight] = corners(placement.anchor);
      chart.setPosition(topLeft, bottomRight);
    }
    sheet.activate();
    await context.sync();
  });
  return { sheet: sheetName, charts: layout.charts.length };
}

function writeLayout(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const width = layout.grid[0]?.length ?? 1;
  const all = sheet.getRange(blockAddress({ row: 0, col: 0, rows: layout.grid.length, cols: width }));
  // Text format first: otherwise Excel reads "2024-01" as a date and "=..." as a formula.
  all.numberFormat = layout.grid.map((row) =>
    row.map((value) => (typeof value === "string" ? "@" : "General")),
  );
  all.values = layout.grid;
  for (const { row, style } of layout.styles) {
    const cols = style === "section" || style === "header" ? width : 1;
    applyStyle(sheet.getRange(blockAddress({ row, col: 0, rows: 1, cols })).format, style);
  }
  layout.columnWidths.forEach((characters, col) => {
    const letters = blockAddress({ row: 0, col, rows: 1, cols: 1 }).replace(/\d+/g, "");
    sheet.getRange(`${letters}:${letters}`).format.columnWidth = characters * POINTS_PER_CHARACTER;
  });
}

function applyStyle(format: Excel.RangeFormat, style: RowStyle): void {
  switch (style) {
    case "title":
      format.font.bold = true;
      format.font.size = 14;
      break;
    case "section":
      format.font.bold = true;
      format.font.size = 12;
      format.fill.color = "#DDEBF7";
      break;
    case "header":
      format.font.bold = true;
      format.borders.getItem("EdgeBottom").style = "Continuous";
      break;
    case "note":
      format.font.italic = true;
      format.font.color = "#595959";
      break;
    case "chart-title":
      format.font.bold = true;
      break;
  }
}

function corners(block: LayoutBlock): [string, string] {
  const cell = (row: number, col: number) => blockAddress({ row, col, rows: 1, cols: 1 });
  return [cell(block.row, block.col), cell(block.row + block.rows - 1, block.col + block.cols - 1)];
}
