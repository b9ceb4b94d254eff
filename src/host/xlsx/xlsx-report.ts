import ExcelJS from "exceljs";
import { writeCell, XlsxWorkbook } from "./xlsx-workbook";
import { chartPng, CHART_IMAGE_SIZE } from "../node/chart-images";
import { reportLayout } from "../../report/report-layout";
import type { ChartSpec, Report } from "../../report/report-types";
import type { RowStyle, SheetLayout } from "../../report/sheet-layout";
import { newSheetName } from "../../report/sheet-name";

/**
 * Writes a report (or any SheetLayout) onto a new sheet of an exceljs workbook, charts as PNG
 * pictures over the cells where Excel would put native ones. The CLI's output workbook is a copy of
 * the input with this sheet added, so the findings' addresses ("Orders!C7") point at real cells.
 */

type ChartRenderer = (spec: ChartSpec) => Promise<Uint8Array>;

export interface XlsxReportResult {
  sheet: string;
  images: number;
}

export async function addReportSheet(
  workbook: ExcelJS.Workbook,
  report: Report,
  render: ChartRenderer | null = (spec) => chartPng(spec),
): Promise<XlsxReportResult> {
  const name = newSheetName("Report", report.tableName, report.generated, sheetNames(workbook));
  const layout = reportLayout(report);
  const sheet = writeLayout(workbook, name, layout);
  let images = 0;
  if (render) {
    for (const chart of layout.charts) {
      const png = await render(chart.spec);
      const id = workbook.addImage({ base64: Buffer.from(png).toString("base64"), extension: "png" });
      // exceljs anchors are 0-based columns and rows, like the layout's.
      sheet.addImage(id, { tl: { col: chart.anchor.col, row: chart.anchor.row }, ext: CHART_IMAGE_SIZE });
      images++;
    }
  }
  return { sheet: name, images };
}

export function sheetNames(workbook: ExcelJS.Workbook): string[] {
  return workbook.worksheets.map((worksheet) => worksheet.name);
}

const FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };

const STYLE: Record<RowStyle, (cell: ExcelJS.Cell) => void> = {
  title: (cell) => (cell.font = { bold: true, size: 14 }),
  section: (cell) => {
    cell.font = { bold: true, size: 12 };
    cell.fill = FILL;
  },
  header: (cell) => {
    cell.font = { bold: true };
    cell.border = { bottom: { style: "thin" } };
  },
  note: (cell) => (cell.font = { italic: true, color: { argb: "FF595959" } }),
  "chart-title": (cell) => (cell.font = { bold: true }),
};

/** Puts a layout on a new sheet: values, row styles and column widths. */
export function writeLayout(
  workbook: ExcelJS.Workbook,
  name: string,
  layout: SheetLayout,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  layout.grid.forEach((cells, r) => {
    const row = sheet.getRow(r + 1);
    cells.forEach((value, c) => {
      // Through the host's cell writer: model text such as "- revenue fell" stays text when edited.
      if (value !== "") writeCell(row.getCell(c + 1), value);
    });
  });
  for (const { row, style } of layout.styles) {
    const width = style === "section" ? layout.columnWidths.length : (layout.grid[row]?.length ?? 1);
    // Titles and notes style only their first cell; sections fill the whole row as a band.
    const cols = style === "title" || style === "note" || style === "chart-title" ? 1 : width;
    for (let c = 1; c <= cols; c++) STYLE[style](sheet.getRow(row + 1).getCell(c));
  }
  layout.columnWidths.forEach((width, c) => (sheet.getColumn(c + 1).width = width));
  return sheet;
}

/**
 * The CLI's report output: a workbook holding only the report sheet, saved atomically. The input is
 * never rewritten, so the cost does not grow with the data (copying a 100,000-row workbook through
 * exceljs took most of the time and ~2 GB), and nothing exceljs cannot round-trip (charts, pivot
 * tables, slicers) is lost from a copy. Findings keep their addresses ("Orders!C7"), which name the
 * cells of the input workbook.
 */
export async function saveReportWorkbook(
  report: Report,
  file: string,
  render: ChartRenderer | null = (spec) => chartPng(spec),
): Promise<XlsxReportResult> {
  const workbook = new ExcelJS.Workbook();
  const written = await addReportSheet(workbook, report, render);
  await XlsxWorkbook.fromWorkbook(workbook).save(file);
  return written;
}
