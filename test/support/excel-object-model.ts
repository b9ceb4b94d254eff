import {
  formatRangeAddress,
  formatSheetName,
  parseRangeAddress,
  type CellRef,
  type RangeAddress,
} from "../../src/sheet/a1";
import type { ExcelBatch } from "../../src/host/excel/excel-sheet-host";

/**
 * An in-memory stand-in for Excel's object model with its load/sync semantics: reading a property
 * before `load()` and `context.sync()` throws, as Office.js does, so code that forgets a sync fails
 * here too. It covers what src/host/excel uses; grow it with the adapter.
 */
type Cell = string | number | boolean;

/** A `worksheet.charts.add` call and what was set on the chart afterwards; recorded when synced. */
export interface ChartCall {
  sheet: string;
  type: string;
  /** The source range's address, e.g. "'Report Sales'!A40:B46". */
  source: string;
  seriesBy: string;
  title: string | null;
  position: [string, string] | null;
  legendVisible: boolean | null;
}

/** A format property set on a range ("font.bold", "fill.color", "columnWidth", ...); recorded when synced. */
export interface FormatCall {
  sheet: string;
  address: string;
  property: string;
  value: unknown;
}

export interface FakeTable {
  name: string;
  sheet: string;
  /** Without the sheet, e.g. "B2:F40". */
  address: string;
}

/** Office.js reports failed commands when the batch syncs, as an error with a code. */
class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

class NotLoadedError extends Error {
  constructor(property: string) {
    super(
      `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    );
    this.name = "PropertyNotLoaded";
  }
}

/** A proxy object whose loaded properties become readable only after the next sync. */
class Loadable {
  private requested = new Set<string>();
  private loaded = new Map<string, unknown>();
  constructor(
    private readonly context: FakeRequestContext,
    private readonly resolve: (property: string) => unknown,
  ) {}
  load(properties: string): this {
    for (const property of properties.split(",")) this.requested.add(property.trim().split("/")[0]!);
    this.context.pending.add(this);
    return this;
  }
  /** Called by context.sync(). */
  settle(): void {
    for (const property of this.requested) this.loaded.set(property, this.resolve(property));
    this.requested.clear();
  }
  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) throw new NotLoadedError(property);
    return this.loaded.get(property) as T;
  }
}

export class FakeRequestContext {
  readonly pending = new Set<Loadable>();
  /** Writes wait here until sync, in order, as Office.js batches commands; a failing one rejects the sync. */
  readonly queue: (() => void)[] = [];
  syncs = 0;
  readonly workbook: FakeWorkbookObject;
  constructor(readonly book: FakeWorkbook) {
    this.workbook = new FakeWorkbookObject(this);
  }
  async sync(): Promise<void> {
    this.syncs++;
    for (const command of this.queue.splice(0)) command();
    for (const item of this.pending) item.settle();
    this.pending.clear();
  }
}

class FakeWorkbookObject {
  readonly worksheets: FakeWorksheetCollection;
  constructor(private readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
  }
  getSelectedRange(): FakeRange {
    const book = this.context.book;
    const selection = parseRangeAddress(book.selection ?? `${formatSheetName(book.activeSheet)}!A1`);
    const sheet = selection.sheet ?? book.activeSheet;
    return new FakeRange(this.context, sheet, { ...selection, sheet });
  }
}

class FakeWorksheetCollection extends Loadable {
  constructor(private readonly ctx: FakeRequestContext) {
    super(ctx, (property) =>
      property === "items"
        ? [...ctx.book.sheets.keys()].map((name) => new FakeWorksheet(ctx, name, true))
        : undefined,
    );
  }
  get items(): FakeWorksheet[] {
    return this.read("items");
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const found = [...this.ctx.book.sheets.keys()].find(
      (sheet) => sheet.toLowerCase() === name.toLowerCase(),
    );
    return new FakeWorksheet(this.ctx, found ?? name, found !== undefined);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.ctx.book.activeSheet, true);
  }
  getItem(name: string): FakeWorksheet {
    const found = this.ctx.book.findSheet(name);
    this.ctx.queue.push(() => {
      if (found === undefined)
        throw new FakeOfficeError("ItemNotFound", `The sheet "${name}" does not exist.`);
    });
    return new FakeWorksheet(this.ctx, found ?? name, found !== undefined);
  }
  /** Excel's rules for a new sheet's name, checked when the batch syncs. */
  add(name: string): FakeWorksheet {
    this.ctx.queue.push(() => {
      if (this.ctx.book.findSheet(name) !== undefined) {
        throw new FakeOfficeError("ItemAlreadyExists", `A sheet named "${name}" already exists.`);
      }
      if (!name || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name)) {
        throw new FakeOfficeError("InvalidArgument", `"${name}" is not a valid sheet name.`);
      }
      this.ctx.book.sheets.set(name, []);
    });
    return new FakeWorksheet(this.ctx, name, true);
  }
}

class FakeWorksheet {
  constructor(
    private readonly context: FakeRequestContext,
    readonly name: string,
    private readonly exists: boolean,
  ) {}
  /** Like Office.js, known only after a sync; read here without one for brevity of the fake. */
  get isNullObject(): boolean {
    return !this.exists;
  }
  private get cells(): Cell[][] {
    return this.context.book.sheets.get(this.name) ?? [];
  }
  get charts(): FakeChartCollection {
    return new FakeChartCollection(this.context, this.name);
  }
  activate(): void {
    this.context.queue.push(() => (this.context.book.activeSheet = this.name));
  }
  getRange(address: string): FakeRange {
    return new FakeRange(this.context, this.name, { ...parseRangeAddress(address), sheet: this.name });
  }
  getUsedRange(_valuesOnly?: boolean): FakeRange {
    return this.getUsedRangeOrNullObject(_valuesOnly);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    const rows = this.cells;
    let lastRow = -1;
    let lastCol = -1;
    rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== "") {
          lastRow = Math.max(lastRow, r);
          lastCol = Math.max(lastCol, c);
        }
      }),
    );
    if (lastRow < 0) return new FakeRange(this.context, this.name, null);
    return new FakeRange(this.context, this.name, {
      sheet: this.name,
      start: { row: 0, col: 0 },
      end: { row: lastRow, col: lastCol },
    });
  }
}

class FakeRange extends Loadable {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly sheet: string,
    private readonly area: RangeAddress | null,
  ) {
    super(ctx, (property) => this.resolveProperty(property));
  }
  get isNullObject(): boolean {
    return this.area === null;
  }
  get values(): Cell[][] {
    return this.read("values");
  }
  set values(grid: Cell[][]) {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      this.checkShape(area, grid);
      this.ctx.book.writeCells(this.sheet, area.start, grid);
    });
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(grid: string[][]) {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      this.checkShape(area, grid);
      grid.forEach((row, r) =>
        row.forEach((format, c) =>
          this.ctx.book.setNumberFormat(this.sheet, area.start.row + r, area.start.col + c, format),
        ),
      );
    });
  }
  get format(): FakeRangeFormat {
    const address = formatRangeAddress({ ...this.requireArea(), sheet: undefined });
    return new FakeRangeFormat((property, value) =>
      this.ctx.queue.push(() => this.ctx.book.formats.push({ sheet: this.sheet, address, property, value })),
    );
  }
  /** The block of non-empty cells around this one, bounded by empty rows and columns (Ctrl+A). */
  getSurroundingRegion(): FakeRange {
    const area = this.requireArea();
    return new FakeRange(this.ctx, this.sheet, {
      sheet: this.sheet,
      ...this.ctx.book.regionAround(this.sheet, area),
    });
  }
  getTables(fullyContained = false): FakeTableCollection {
    const area = this.requireArea();
    const overlaps = (table: FakeTable) => {
      const t = parseRangeAddress(table.address);
      if (fullyContained) {
        return (
          t.start.row >= area.start.row &&
          t.end.row <= area.end.row &&
          t.start.col >= area.start.col &&
          t.end.col <= area.end.col
        );
      }
      return (
        t.start.row <= area.end.row &&
        t.end.row >= area.start.row &&
        t.start.col <= area.end.col &&
        t.end.col >= area.start.col
      );
    };
    const found = this.ctx.book.tables.find((table) => table.sheet === this.sheet && overlaps(table));
    return new FakeTableCollection(this.ctx, found ?? null);
  }
  private requireArea(): RangeAddress {
    if (!this.area) throw new FakeOfficeError("InvalidReference", "The range is a null object.");
    return this.area;
  }
  private checkShape(area: RangeAddress, grid: unknown[][]): void {
    const rows = area.end.row - area.start.row + 1;
    const cols = area.end.col - area.start.col + 1;
    if (grid.length !== rows || grid.some((row) => row.length !== cols)) {
      throw new FakeOfficeError(
        "InvalidArgument",
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
      );
    }
  }
  get address(): string {
    return this.read("address");
  }
  get formulas(): Cell[][] {
    return this.read("formulas");
  }
  getIntersectionOrNullObject(other: FakeRange): FakeRange {
    const a = this.area;
    const b = other.area;
    if (!a || !b) return new FakeRange(this.ctx, this.sheet, null);
    const start = { row: Math.max(a.start.row, b.start.row), col: Math.max(a.start.col, b.start.col) };
    const end = { row: Math.min(a.end.row, b.end.row), col: Math.min(a.end.col, b.end.col) };
    if (start.row > end.row || start.col > end.col) return new FakeRange(this.ctx, this.sheet, null);
    return new FakeRange(this.ctx, this.sheet, { sheet: this.sheet, start, end });
  }
  private resolveProperty(property: string): unknown {
    const area = this.area;
    if (!area) return undefined;
    if (property === "address")
      return formatRangeAddress({ sheet: this.sheet, start: area.start, end: area.end });
    if (property === "values" || property === "formulas") {
      const formulas = property === "formulas" ? this.ctx.book.formulas.get(this.sheet) : undefined;
      const cells = this.ctx.book.sheets.get(this.sheet) ?? [];
      const out: Cell[][] = [];
      for (let r = area.start.row; r <= area.end.row; r++) {
        const row: Cell[] = [];
        for (let c = area.start.col; c <= area.end.col; c++)
          row.push(formulas?.get(`${r},${c}`) ?? cells[r]?.[c] ?? "");
        out.push(row);
      }
      return out;
    }
    if (property === "numberFormat") {
      const out: string[][] = [];
      for (let r = area.start.row; r <= area.end.row; r++) {
        const row: string[] = [];
        for (let c = area.start.col; c <= area.end.col; c++)
          row.push(this.ctx.book.numberFormatAt(this.sheet, r, c));
        out.push(row);
      }
      return out;
    }
    throw new Error(`The fake Excel range does not model '${property}' yet.`);
  }
}

/** Setters only: the formats written are recorded on the workbook when the batch syncs. */
class FakeRangeFormat {
  constructor(private readonly record: (property: string, value: unknown) => void) {}
  get font() {
    const record = this.record;
    return {
      set bold(value: boolean) {
        record("font.bold", value);
      },
      set italic(value: boolean) {
        record("font.italic", value);
      },
      set size(value: number) {
        record("font.size", value);
      },
      set color(value: string) {
        record("font.color", value);
      },
    };
  }
  get fill() {
    const record = this.record;
    return {
      set color(value: string) {
        record("fill.color", value);
      },
    };
  }
  get borders() {
    return {
      getItem: (edge: string) => {
        const record = this.record;
        return {
          set style(value: string) {
            record(`borders.${edge}.style`, value);
          },
        };
      },
    };
  }
  set columnWidth(value: number) {
    this.record("columnWidth", value);
  }
  set wrapText(value: boolean) {
    this.record("wrapText", value);
  }
}

class FakeChartCollection {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly sheet: string,
  ) {}
  add(type: string, source: FakeRange, seriesBy = "Auto"): FakeChart {
    source.load("address");
    const call: ChartCall = {
      sheet: this.sheet,
      type,
      source: "",
      seriesBy,
      title: null,
      position: null,
      legendVisible: null,
    };
    // The source's address is known once synced; the chart is recorded then, with what was set on it.
    this.context.queue.push(() => {
      source.settle();
      call.source = source.address;
      this.context.book.charts.push(call);
    });
    return new FakeChart(call);
  }
}

class FakeChart {
  constructor(private readonly call: ChartCall) {}
  get title() {
    const call = this.call;
    return {
      set text(value: string) {
        call.title = value;
      },
    };
  }
  get legend() {
    const call = this.call;
    return {
      set visible(value: boolean) {
        call.legendVisible = value;
      },
    };
  }
  setPosition(startCell: string, endCell: string): void {
    this.call.position = [startCell, endCell];
  }
}

/** A value Office.js fills in at the next sync (`ClientResult`). */
class FakeClientResult<T> extends Loadable {
  constructor(context: FakeRequestContext, compute: () => T) {
    super(context, compute);
    this.load("value");
  }
  get value(): T {
    return this.read("value");
  }
}

/** The tables overlapping a range; the fake knows at most the first. */
class FakeTableCollection {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly first: FakeTable | null,
  ) {}
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.ctx, () => (this.first ? 1 : 0));
  }
  getFirst(): FakeTableObject {
    this.ctx.queue.push(() => {
      if (!this.first) throw new FakeOfficeError("ItemNotFound", "The range has no table.");
    });
    return new FakeTableObject(this.ctx, this.first);
  }
}

class FakeTableObject extends Loadable {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly table: FakeTable | null,
  ) {
    super(ctx, (property) => (property === "name" ? table?.name : undefined));
  }
  get name(): string {
    return this.read("name");
  }
  getRange(): FakeRange {
    if (!this.table) throw new FakeOfficeError("InvalidReference", "The table is a null object.");
    const sheet = this.table.sheet;
    return new FakeRange(this.ctx, sheet, { ...parseRangeAddress(this.table.address), sheet });
  }
}

/** The workbook: sheets of cells ("" is empty, as Excel reports it). */
export class FakeWorkbook {
  readonly sheets = new Map<string, Cell[][]>();
  /** Formulas by sheet, keyed "row,col" (0-based); the cell's value stays in `sheets`. */
  readonly formulas = new Map<string, Map<string, string>>();
  activeSheet = "";
  /** The selected range with its sheet ("Data!B3"); undefined means A1 of the active sheet. */
  selection: string | undefined;
  readonly tables: FakeTable[] = [];
  /** Number formats by sheet, keyed "row,col"; "General" where none was set. */
  readonly numberFormats = new Map<string, Map<string, string>>();
  readonly formats: FormatCall[] = [];
  readonly charts: ChartCall[] = [];
  contexts: FakeRequestContext[] = [];

  addSheet(name: string, rows: Cell[][]): this {
    this.sheets.set(name, rows);
    this.activeSheet ||= name;
    return this;
  }

  setFormula(sheet: string, row: number, col: number, formula: string): this {
    const sheetFormulas = this.formulas.get(sheet) ?? new Map<string, string>();
    sheetFormulas.set(`${row},${col}`, formula);
    this.formulas.set(sheet, sheetFormulas);
    return this;
  }

  select(address: string): this {
    this.selection = address;
    return this;
  }

  addTable(table: FakeTable): this {
    this.tables.push(table);
    return this;
  }

  findSheet(name: string): string | undefined {
    return [...this.sheets.keys()].find((sheet) => sheet.toLowerCase() === name.toLowerCase());
  }

  setNumberFormat(sheet: string, row: number, col: number, format: string): this {
    const formats = this.numberFormats.get(sheet) ?? new Map<string, string>();
    formats.set(`${row},${col}`, format);
    this.numberFormats.set(sheet, formats);
    return this;
  }

  numberFormatAt(sheet: string, row: number, col: number): string {
    return this.numberFormats.get(sheet)?.get(`${row},${col}`) ?? "General";
  }

  /** Values written over cells replace any formula there, as typing does. */
  writeCells(sheet: string, start: { row: number; col: number }, grid: Cell[][]): void {
    const cells = this.sheets.get(sheet);
    if (!cells) throw new FakeOfficeError("ItemNotFound", `The sheet "${sheet}" does not exist.`);
    grid.forEach((values, r) => {
      const row = (cells[start.row + r] ??= []);
      values.forEach((value, c) => {
        for (let fill = row.length; fill < start.col + c; fill++) row[fill] = "";
        row[start.col + c] = value ?? "";
        this.formulas.get(sheet)?.delete(`${start.row + r},${start.col + c}`);
      });
    });
    for (let r = 0; r < cells.length; r++) cells[r] ??= [];
  }

  /** Grows a block while any cell next to it (diagonals included) holds a value, as Ctrl+A does. */
  regionAround(sheet: string, area: RangeAddress): { start: CellRef; end: CellRef } {
    const cells = this.sheets.get(sheet) ?? [];
    const filled = (r: number, c: number) => r >= 0 && c >= 0 && (cells[r]?.[c] ?? "") !== "";
    const start = { ...area.start };
    const end = { ...area.end };
    const anyIn = (r0: number, r1: number, c0: number, c1: number) => {
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (filled(r, c)) return true;
      return false;
    };
    // One side grows by a row or column while the line just outside it holds a value.
    const grow = (): boolean => {
      if (start.row > 0 && anyIn(start.row - 1, start.row - 1, start.col - 1, end.col + 1)) start.row--;
      else if (anyIn(end.row + 1, end.row + 1, start.col - 1, end.col + 1)) end.row++;
      else if (start.col > 0 && anyIn(start.row - 1, end.row + 1, start.col - 1, start.col - 1)) start.col--;
      else if (anyIn(start.row - 1, end.row + 1, end.col + 1, end.col + 1)) end.col++;
      else return false;
      return true;
    };
    while (grow());
    return { start, end };
  }

  /** Use in place of Excel.run, which also syncs the commands still queued when the batch returns. */
  readonly run: ExcelBatch = async (batch) => {
    const context = new FakeRequestContext(this);
    this.contexts.push(context);
    const result = await batch(context as unknown as Excel.RequestContext);
    await context.sync();
    return result;
  };
}
