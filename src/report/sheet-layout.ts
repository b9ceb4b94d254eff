import { formatRangeAddress } from "../sheet/a1";
import type { ChartSpec } from "./report-types";

/**
 * A sheet as rows of plain values plus a few styles and chart places: what both writers (Office.js
 * and exceljs) put on a new sheet, so the report looks the same in the add-in and from the CLI.
 */
export type LayoutCell = string | number;

export type RowStyle = "title" | "section" | "header" | "note" | "chart-title";

/** 0-based sheet position and size. */
export interface LayoutBlock {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface ChartPlacement {
  spec: ChartSpec;
  /** The chart's data on the sheet, header row included (labels, then values). */
  data: LayoutBlock;
  /** The cells the chart covers. */
  anchor: LayoutBlock;
}

export interface SheetLayout {
  /** Rectangular; "" is an empty cell. */
  grid: LayoutCell[][];
  styles: { row: number; style: RowStyle }[];
  /** In characters, column A first. */
  columnWidths: number[];
  charts: ChartPlacement[];
}

export class LayoutBuilder {
  private readonly layout: SheetLayout;
  constructor(
    private readonly width: number,
    columnWidths: number[],
  ) {
    this.layout = { grid: [], styles: [], columnWidths, charts: [] };
  }

  get nextRow(): number {
    return this.layout.grid.length;
  }

  row(cells: readonly LayoutCell[], style?: RowStyle): number {
    const at = this.nextRow;
    const row = cells.slice(0, this.width);
    while (row.length < this.width) row.push("");
    this.layout.grid.push(row);
    if (style) this.layout.styles.push({ row: at, style });
    return at;
  }

  blank(count = 1): void {
    for (let i = 0; i < count; i++) this.row([]);
  }

  chart(placement: ChartPlacement): void {
    this.layout.charts.push(placement);
  }

  build(): SheetLayout {
    return this.layout;
  }
}

/** "A1:J40" for a block, without a sheet name. */
export function blockAddress(block: LayoutBlock): string {
  return formatRangeAddress({
    start: { row: block.row, col: block.col },
    end: { row: block.row + block.rows - 1, col: block.col + block.cols - 1 },
  });
}
