import type { EngineScalar, RangePosition } from "fast-formula-parser";
import { formatRangeAddress, MAX_COLUMNS, MAX_ROWS } from "../sheet/a1";
import type { SheetHost } from "../sheet/sheet-host";
import { toEngineScalar } from "./engine-values";

/**
 * Cell values for one evaluation, read through the SheetHost once per range and served to the engine
 * synchronously (its callbacks cannot wait). A request for cells not yet read is noted as a miss; the
 * evaluator reads the misses and runs the formula again.
 */

export interface Bounds {
  /** 1-based, inclusive, as the engine counts. */
  from: { row: number; col: number };
  to: { row: number; col: number };
}

interface Block extends Bounds {
  sheet: string;
  grid: EngineScalar[][];
}

export class RangeCache {
  private readonly blocks: Block[] = [];
  private pending: (Bounds & { sheet: string })[] = [];

  constructor(
    private readonly host: SheetHost,
    /** The workbook's sheet names, to give the host the real name whatever case the formula used. */
    private readonly sheets: readonly string[],
  ) {}

  /** The sheet as the workbook spells it, or undefined for a sheet that does not exist. */
  canonicalSheet(sheet: string): string | undefined {
    return (
      this.sheets.find((name) => name === sheet) ??
      this.sheets.find((name) => name.toLowerCase() === sheet.toLowerCase())
    );
  }

  async load(sheet: string, bounds: Bounds): Promise<void> {
    const name = this.canonicalSheet(sheet);
    if (name === undefined || this.find(name, bounds)) return;
    const wholeColumns = bounds.from.row === 1 && bounds.to.row >= MAX_ROWS;
    const wholeRows = bounds.from.col === 1 && bounds.to.col >= MAX_COLUMNS;
    const address = formatRangeAddress({
      sheet: name,
      start: { row: bounds.from.row - 1, col: bounds.from.col - 1 },
      end: { row: Math.min(bounds.to.row, MAX_ROWS) - 1, col: Math.min(bounds.to.col, MAX_COLUMNS) - 1 },
      ...(wholeColumns ? { wholeColumns } : {}),
      ...(wholeRows && !wholeColumns ? { wholeRows } : {}),
    });
    const grid = await this.host.readRange(address);
    this.blocks.push({
      sheet: name,
      ...bounds,
      grid: grid.map((row) => row.map((value) => toEngineScalar(value))),
    });
  }

  /** Reads every range the last run asked for but did not find; false when there was none. */
  async loadMisses(): Promise<boolean> {
    const misses = this.pending;
    this.pending = [];
    for (const miss of misses) await this.load(miss.sheet, miss);
    return misses.length > 0;
  }

  cell(sheet: string, row: number, col: number): EngineScalar {
    const grid = this.range({ sheet, from: { row, col }, to: { row, col } });
    return grid[0]?.[0] ?? null;
  }

  /** Whole columns and rows come back clipped to what the host read (its used range), like Excel's own. */
  range(ref: RangePosition): EngineScalar[][] {
    const name = this.canonicalSheet(ref.sheet) ?? ref.sheet;
    const block = this.find(name, ref);
    if (!block) {
      this.pending.push({ sheet: name, from: ref.from, to: ref.to });
      return [[null]];
    }
    const lastRow =
      ref.to.row >= MAX_ROWS ? Math.min(ref.to.row, block.from.row + block.grid.length - 1) : ref.to.row;
    const width = block.grid[0]?.length ?? 0;
    const lastCol = ref.to.col >= MAX_COLUMNS ? Math.min(ref.to.col, block.from.col + width - 1) : ref.to.col;
    const rows: EngineScalar[][] = [];
    for (let r = ref.from.row; r <= lastRow; r++) {
      const source = block.grid[r - block.from.row];
      const row: EngineScalar[] = [];
      for (let c = ref.from.col; c <= lastCol; c++) row.push(source?.[c - block.from.col] ?? null);
      rows.push(row);
    }
    return rows;
  }

  /** True when a range read for the formula covers the cell: the formula would refer to itself. */
  covers(sheet: string, row: number, col: number): boolean {
    const name = this.canonicalSheet(sheet) ?? sheet;
    return this.blocks.some(
      (block) =>
        block.sheet === name &&
        block.from.row <= row &&
        row <= block.to.row &&
        block.from.col <= col &&
        col <= block.to.col,
    );
  }

  private find(sheet: string, bounds: Bounds): Block | undefined {
    return this.blocks.find(
      (block) =>
        block.sheet === sheet &&
        block.from.row <= bounds.from.row &&
        block.from.col <= bounds.from.col &&
        block.to.row >= bounds.to.row &&
        block.to.col >= bounds.to.col,
    );
  }
}
