import {
  formatRangeAddress,
  formatSheetName,
  MAX_COLUMNS,
  MAX_ROWS,
  parseRangeAddress,
  type CellRef,
  type RangeAddress,
} from "../../src/sheet/a1";
import type { ExcelBatch } from "../../src/host/excel/excel-sheet-host";
import { toR1C1 } from "../../src/analysis/r1c1";

/**
 * An in-memory stand-in for Excel's object model with its load/sync semantics: reading a property
 * before `load()` and `context.sync()` throws, as Office.js does, so code that forgets a sync fails
 * here too. Writes (values, formulas, selection, formats) are queued and applied at the next sync,
 * in order. It covers what src/host/excel and the task pane use; grow it with them. The browser
 * tests run this same model inside the page (test/browser/fake-office/entry.ts).
 *
 * Formulas: the fake does not calculate. A formula cell keeps its formula in `FakeWorkbook.formulas`
 * and its value in `sheets`, as Excel keeps a cached value. A formula written through `range.formulas`
 * (or `range.values` with "=..." in a cell not formatted as text "@") gets the value the test gave
 * with `FakeWorkbook.setFormulaResult(formula, value)`, else "" — never the formula text.
 *
 * Deliberate leniencies: `worksheet.name` and `isNullObject` are readable without a load; strings
 * written as values stay strings (Excel would parse "12" to a number in a General cell).
 */
type Cell = string | number | boolean;
export type FakeCell = Cell;

/** A grid written to the workbook through `values`, `formulas` or `numberFormat`; recorded when synced. */
export interface WriteCall {
  sheet: string;
  /** Without the sheet, e.g. "B2:B10". */
  address: string;
  kind: "values" | "formulas" | "numberFormat" | "clear";
  grid: unknown[][];
}

/** `range.calculate()` (scope "range", with its address) or `application.calculate(type)`. */
export interface CalculationCall {
  scope: "range" | "application";
  address?: string;
  type?: string;
}

/** Excel's error values as cells show them; valueTypes reports these cells as "Error". */
const ERROR_VALUES = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#BUSY!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#UNKNOWN!",
]);

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
export class FakeOfficeError extends Error {
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
    private readonly loadContext: FakeRequestContext,
    private readonly resolve: (property: string) => unknown,
  ) {}
  /** "values, address", ["values", "address"] or { select: "values" }, as Office.js accepts. */
  load(properties?: string | string[] | { select?: string | string[] }): this {
    const list =
      properties === undefined
        ? []
        : typeof properties === "string"
          ? properties.split(",")
          : Array.isArray(properties)
            ? properties
            : typeof properties.select === "string"
              ? properties.select.split(",")
              : (properties.select ?? []);
    for (const property of list) this.requested.add(property.trim().split("/")[0]!);
    this.loadContext.pending.add(this);
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
  readonly application: FakeApplication;
  constructor(private readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.application = new FakeApplication(context);
  }
  /** Office.js refuses a multi-area selection here (use getSelectedRanges); checked at sync. */
  getSelectedRange(): FakeRange {
    const areas = this.context.book.selectedAreas();
    if (areas.length > 1) {
      this.context.queue.push(() => {
        throw new FakeOfficeError(
          "InvalidSelection",
          "The current selection is invalid for this operation (it has more than one area).",
        );
      });
    }
    const first = areas[0]!;
    return new FakeRange(this.context, first.sheet!, first);
  }
  getSelectedRanges(): FakeRangeAreas {
    const areas = this.context.book.selectedAreas();
    return new FakeRangeAreas(this.context, areas[0]!.sheet!, areas);
  }
  /** The top-left cell of the (first area of the) selection. */
  getActiveCell(): FakeRange {
    const first = this.context.book.selectedAreas()[0]!;
    return new FakeRange(this.context, first.sheet!, {
      sheet: first.sheet,
      start: first.start,
      end: first.start,
    });
  }
  get onSelectionChanged(): FakeEvent {
    return new FakeEvent(this.context.book, "workbook");
  }
}

/** Office.js `workbook.application`: only what calculation needs. */
class FakeApplication {
  constructor(private readonly context: FakeRequestContext) {}
  calculate(calculationType = "Recalculate"): void {
    this.context.queue.push(() =>
      this.context.book.calculations.push({ scope: "application", type: calculationType }),
    );
  }
}

/** A selection-changed handler; the event fires when the test (or the product) selects other cells. */
export interface SelectionListener {
  scope: "workbook" | string;
  handler: (args: { type: string; address?: string; worksheetId?: string }) => unknown;
}

/** `onSelectionChanged` on the workbook or a worksheet: handlers registered with add(), removed with remove(). */
class FakeEvent {
  constructor(
    private readonly book: FakeWorkbook,
    private readonly scope: "workbook" | string,
  ) {}
  add(handler: SelectionListener["handler"]): { remove(): void } {
    const listener: SelectionListener = { scope: this.scope, handler };
    this.book.selectionListeners.add(listener);
    return { remove: () => this.book.selectionListeners.delete(listener) };
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

class FakeWorksheet extends Loadable {
  constructor(
    private readonly context: FakeRequestContext,
    readonly name: string,
    private readonly exists: boolean,
  ) {
    super(context, (property) => {
      if (property === "name") return name;
      if (property === "position") return [...context.book.sheets.keys()].indexOf(name);
      if (property === "id") return `{${name}}`;
      throw new Error(`The fake Excel worksheet does not model '${property}' yet.`);
    });
  }
  get position(): number {
    return this.read("position");
  }
  get id(): string {
    return this.read("id");
  }
  get onSelectionChanged(): FakeEvent {
    return new FakeEvent(this.context.book, this.name);
  }
  /** `protection.protected` after a load. */
  get protection(): { protected: boolean; load(properties?: string): unknown } {
    const book = this.context.book;
    const name = this.name;
    return new (class extends Loadable {
      get protected(): boolean {
        return this.read("protected");
      }
    })(this.context, (property) => {
      if (property === "protected") return book.protectedSheets.has(name);
      throw new Error(`The fake Excel worksheet protection does not model '${property}' yet.`);
    });
  }
  /** Several areas at once, "A2,A5:A6" (RangeAreas), e.g. to select the rows a check found. */
  getRanges(address: string): FakeRangeAreas {
    const areas = splitAreas(address).map((area) => ({ ...parseRangeAddress(area), sheet: this.name }));
    return new FakeRangeAreas(this.context, this.name, areas);
  }
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
  /** "Visible", "Hidden" or "VeryHidden"; recorded at sync. */
  set visibility(value: string) {
    this.context.queue.push(() => this.context.book.sheetVisibility.set(this.name, value));
  }
  /** Removes the sheet with its cells and formulas at sync, as Office.js does. */
  delete(): void {
    this.context.queue.push(() => {
      if (!this.context.book.sheets.has(this.name)) {
        throw new FakeOfficeError("ItemNotFound", `There is no sheet named "${this.name}".`);
      }
      this.context.book.sheets.delete(this.name);
      this.context.book.formulas.delete(this.name);
      this.context.book.deletedSheets.push(this.name);
      if (this.context.book.activeSheet === this.name) {
        this.context.book.activeSheet = [...this.context.book.sheets.keys()][0] ?? "";
      }
    });
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
  /** As typing: "=..." enters a formula unless the cell is formatted as text ("@"). A scalar fills the range. */
  set values(grid: Cell[][]) {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      const cells = this.fill(area, grid);
      this.ctx.book.enterCells(this.sheet, area.start, cells, "values");
      this.logWrite(area, "values", cells);
    });
  }
  get formulas(): Cell[][] {
    return this.read("formulas");
  }
  /** "=..." cells become formulas (value: see setFormulaResult); anything else is a constant. */
  set formulas(grid: Cell[][]) {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      const cells = this.fill(area, grid);
      this.ctx.book.enterCells(this.sheet, area.start, cells, "formulas");
      this.logWrite(area, "formulas", cells);
    });
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(grid: string[][]) {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      const formats = this.fill(area, grid);
      formats.forEach((row, r) =>
        row.forEach((format, c) =>
          this.ctx.book.setNumberFormat(this.sheet, area.start.row + r, area.start.col + c, format),
        ),
      );
      this.logWrite(area, "numberFormat", formats);
    });
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get formulasR1C1(): Cell[][] {
    return this.read("formulasR1C1");
  }
  get address(): string {
    return this.read("address");
  }
  get addressLocal(): string {
    return this.read("addressLocal");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.sheet, this.ctx.book.sheets.has(this.sheet));
  }
  /** Data validation of exactly this range (the fake keys rules by range address). */
  get dataValidation(): FakeDataValidation {
    return new FakeDataValidation(
      this.ctx,
      `${this.sheet}!${formatRangeAddress({ ...this.requireArea(), sheet: undefined })}`,
    );
  }
  get format(): FakeRangeFormat {
    const area = this.requireArea();
    const address = formatRangeAddress({ ...area, sheet: undefined });
    const book = this.ctx.book;
    const sheet = this.sheet;
    return new FakeRangeFormat(
      (property, value) => this.ctx.queue.push(() => book.formats.push({ sheet, address, property, value })),
      // format.protection.locked: true or false for all cells, null when mixed (as Office.js).
      new (class extends Loadable {
        get locked(): boolean | null {
          return this.read("locked");
        }
      })(this.ctx, (property) => {
        if (property !== "locked")
          throw new Error(`The fake Excel protection does not model '${property}' yet.`);
        const states = new Set<boolean>();
        for (let r = area.start.row; r <= area.end.row; r++)
          for (let c = area.start.col; c <= area.end.col; c++) states.add(book.isLocked(sheet, r, c));
        return states.size === 1 ? [...states][0] : null;
      }),
    );
  }
  get hasSpill(): boolean | null {
    return this.read("hasSpill");
  }
  /** The merged areas that intersect this range, or a null object when there are none. */
  getMergedAreasOrNullObject(): FakeRangeAreas {
    const area = this.requireArea();
    const touching = (this.ctx.book.mergedAreas.get(this.sheet) ?? []).filter((merged) =>
      intersects(merged, area),
    );
    const areas = new FakeRangeAreas(this.ctx, this.sheet, touching);
    return touching.length ? areas : Object.assign(areas, { isNullObject: true });
  }
  /** Selects this range (and activates its sheet) when the batch syncs; selection handlers fire. */
  select(): void {
    const area = this.requireArea();
    this.ctx.queue.push(() =>
      this.ctx.book.changeSelection(formatRangeAddress({ ...area, sheet: this.sheet })),
    );
  }
  /** Records the request; the fake does not calculate (see the file's comment on formulas). */
  calculate(): void {
    const area = this.requireArea();
    this.ctx.queue.push(() =>
      this.ctx.book.calculations.push({
        scope: "range",
        address: formatRangeAddress({ ...area, sheet: this.sheet }),
      }),
    );
  }
  /** Clears contents (and formats, for "All"/"Formats"), as Office.js `range.clear(applyTo)`. */
  clear(applyTo: string = "All"): void {
    const area = this.requireArea();
    this.ctx.queue.push(() => {
      if (applyTo === "All" || applyTo === "Contents") {
        const empty = blankGrid(area);
        this.ctx.book.enterCells(this.sheet, area.start, empty, "values");
        this.logWrite(area, "clear", empty);
      }
      if (applyTo === "All" || applyTo === "Formats") {
        for (let r = area.start.row; r <= area.end.row; r++)
          for (let c = area.start.col; c <= area.end.col; c++)
            this.ctx.book.numberFormats.get(this.sheet)?.delete(`${r},${c}`);
      }
    });
  }
  /** The cell at (row, column) counted from this range's top-left cell; may lie outside the range. */
  getCell(row: number, column: number): FakeRange {
    const { start } = this.requireArea();
    return this.at(start.row + row, start.col + column, 1, 1);
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    const { start, end } = this.requireArea();
    return this.at(
      start.row + rowOffset,
      start.col + columnOffset,
      end.row - start.row + 1,
      end.col - start.col + 1,
    );
  }
  /** Grows or shrinks from the bottom-right corner by the deltas. */
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    const { start, end } = this.requireArea();
    return this.at(
      start.row,
      start.col,
      end.row - start.row + 1 + deltaRows,
      end.col - start.col + 1 + deltaColumns,
    );
  }
  getRow(row: number): FakeRange {
    const { start, end } = this.requireArea();
    return this.at(start.row + row, start.col, 1, end.col - start.col + 1);
  }
  getColumn(column: number): FakeRange {
    const { start, end } = this.requireArea();
    return this.at(start.row, start.col + column, end.row - start.row + 1, 1);
  }
  getLastRow(): FakeRange {
    return this.getRow(this.requireArea().end.row - this.requireArea().start.row);
  }
  getLastColumn(): FakeRange {
    return this.getColumn(this.requireArea().end.col - this.requireArea().start.col);
  }
  getLastCell(): FakeRange {
    const { end } = this.requireArea();
    return this.at(end.row, end.col, 1, 1);
  }
  getEntireRow(): FakeRange {
    const { start, end } = this.requireArea();
    return new FakeRange(this.ctx, this.sheet, {
      sheet: this.sheet,
      start: { row: start.row, col: 0 },
      end: { row: end.row, col: MAX_COLUMNS - 1 },
      wholeRows: true,
    });
  }
  getEntireColumn(): FakeRange {
    const { start, end } = this.requireArea();
    return new FakeRange(this.ctx, this.sheet, {
      sheet: this.sheet,
      start: { row: 0, col: start.col },
      end: { row: MAX_ROWS - 1, col: end.col },
      wholeColumns: true,
    });
  }
  /** The part of this range inside the sheet's used range (the fake ignores `valuesOnly`). */
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    return this.getIntersectionOrNullObject(this.worksheet.getUsedRangeOrNullObject());
  }
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.getUsedRangeOrNullObject(valuesOnly);
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
  getIntersectionOrNullObject(other: FakeRange): FakeRange {
    const a = this.area;
    const b = other.area;
    if (!a || !b) return new FakeRange(this.ctx, this.sheet, null);
    const start = { row: Math.max(a.start.row, b.start.row), col: Math.max(a.start.col, b.start.col) };
    const end = { row: Math.min(a.end.row, b.end.row), col: Math.min(a.end.col, b.end.col) };
    if (start.row > end.row || start.col > end.col) return new FakeRange(this.ctx, this.sheet, null);
    return new FakeRange(this.ctx, this.sheet, { sheet: this.sheet, start, end });
  }
  /** A range of `rows` × `cols` from (row, col); off the sheet is Office.js's InvalidArgument at sync. */
  private at(row: number, col: number, rows: number, cols: number): FakeRange {
    const end = { row: row + rows - 1, col: col + cols - 1 };
    if (row < 0 || col < 0 || rows < 1 || cols < 1 || end.row >= MAX_ROWS || end.col >= MAX_COLUMNS) {
      this.ctx.queue.push(() => {
        throw new FakeOfficeError(
          "InvalidArgument",
          "The argument is invalid or missing or has an incorrect format.",
        );
      });
      return new FakeRange(this.ctx, this.sheet, null);
    }
    return new FakeRange(this.ctx, this.sheet, { sheet: this.sheet, start: { row, col }, end });
  }
  private requireArea(): RangeAddress {
    if (!this.area) throw new FakeOfficeError("InvalidReference", "The range is a null object.");
    return this.area;
  }
  /** The grid to write: a 2-D array of the range's shape, or one value for every cell (as Office.js allows). */
  private fill<T>(area: RangeAddress, grid: T[][] | T): T[][] {
    const rows = area.end.row - area.start.row + 1;
    const cols = area.end.col - area.start.col + 1;
    if (typeof grid === "string" && grid.startsWith("=") && !isSingleCell(area)) {
      // Excel shifts relative references per cell when one formula fills a range; the fake cannot.
      throw new Error("The fake Excel cannot fill a range with one formula: pass one formula per cell.");
    }
    if (!Array.isArray(grid))
      return Array.from({ length: rows }, () => Array.from({ length: cols }, () => grid));
    if (grid.length !== rows || grid.some((row) => !Array.isArray(row) || row.length !== cols)) {
      throw new FakeOfficeError(
        "InvalidArgument",
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
      );
    }
    return grid;
  }
  private logWrite(area: RangeAddress, kind: WriteCall["kind"], grid: unknown[][]): void {
    this.ctx.book.writes.push({
      sheet: this.sheet,
      address: formatRangeAddress({ ...area, sheet: undefined }),
      kind,
      grid: grid.map((row) => [...row]),
    });
  }
  private resolveProperty(property: string): unknown {
    const area = this.area;
    if (!area) return undefined;
    const book = this.ctx.book;
    switch (property) {
      case "address":
      case "addressLocal":
        return formatRangeAddress({ ...area, sheet: this.sheet });
      case "rowCount":
        return area.end.row - area.start.row + 1;
      case "columnCount":
        return area.end.col - area.start.col + 1;
      case "cellCount":
        return (area.end.row - area.start.row + 1) * (area.end.col - area.start.col + 1);
      case "rowIndex":
        return area.start.row;
      case "columnIndex":
        return area.start.col;
      case "values":
        return this.grid(area, (r, c) => book.valueAt(this.sheet, r, c));
      case "formulas":
        return this.grid(area, (r, c) => book.formulaAt(this.sheet, r, c) ?? book.valueAt(this.sheet, r, c));
      case "formulasR1C1":
        return this.grid(area, (r, c) => {
          const formula = book.formulaAt(this.sheet, r, c);
          return formula === undefined ? book.valueAt(this.sheet, r, c) : toR1C1(formula, { row: r, col: c });
        });
      case "valueTypes":
        return this.grid(area, (r, c) => valueType(book.valueAt(this.sheet, r, c)));
      case "text":
        return this.grid(area, (r, c) => displayText(book.valueAt(this.sheet, r, c)));
      case "numberFormat":
        return this.grid(area, (r, c) => book.numberFormatAt(this.sheet, r, c));
      case "hasSpill": {
        // true when every cell is in a spill, false when none is, null when mixed (as Office.js).
        const spills = book.spillAreas.get(this.sheet) ?? [];
        const states = new Set(
          this.grid(area, (r, c) =>
            spills.some((spill) => intersects(spill, { start: { row: r, col: c }, end: { row: r, col: c } })),
          ).flat(),
        );
        return states.size === 1 ? [...states][0] : null;
      }
      default:
        throw new Error(`The fake Excel range does not model '${property}' yet.`);
    }
  }
  private grid<T>(area: RangeAddress, cell: (row: number, col: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = area.start.row; r <= area.end.row; r++) {
      const row: T[] = [];
      for (let c = area.start.col; c <= area.end.col; c++) row.push(cell(r, c));
      out.push(row);
    }
    return out;
  }
}

/** Several rectangular areas of one sheet (`worksheet.getRanges("A2,A5:A6")`, a multi-area selection). */
class FakeRangeAreas extends Loadable {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly sheet: string,
    private readonly list: RangeAddress[],
  ) {
    super(ctx, (property) => {
      if (property === "address" || property === "addressLocal")
        return list.map((area) => formatRangeAddress({ ...area, sheet: this.sheet })).join(", ");
      if (property === "areaCount") return list.length;
      if (property === "cellCount")
        return list.reduce(
          (sum, area) => sum + (area.end.row - area.start.row + 1) * (area.end.col - area.start.col + 1),
          0,
        );
      throw new Error(`The fake Excel RangeAreas does not model '${property}' yet.`);
    });
  }
  get address(): string {
    return this.read("address");
  }
  get areaCount(): number {
    return this.read("areaCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  /** The areas as ranges; `areas.items` is readable without a load here. */
  get areas(): { items: FakeRange[] } {
    return { items: this.list.map((area) => new FakeRange(this.ctx, this.sheet, area)) };
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.sheet, this.ctx.book.sheets.has(this.sheet));
  }
  select(): void {
    this.ctx.queue.push(() =>
      this.ctx.book.changeSelection(
        this.list.map((area) => formatRangeAddress({ ...area, sheet: this.sheet })).join(","),
      ),
    );
  }
}

function intersects(a: RangeAddress, b: RangeAddress): boolean {
  return (
    a.start.row <= b.end.row &&
    a.end.row >= b.start.row &&
    a.start.col <= b.end.col &&
    a.end.col >= b.start.col
  );
}

function isSingleCell(area: RangeAddress): boolean {
  return area.start.row === area.end.row && area.start.col === area.end.col;
}

function blankGrid(area: RangeAddress): Cell[][] {
  return Array.from({ length: area.end.row - area.start.row + 1 }, () =>
    Array.from({ length: area.end.col - area.start.col + 1 }, () => ""),
  );
}

/** Excel.RangeValueType of a cell's value (numbers are always "Double" in Excel's reports). */
function valueType(value: Cell): string {
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return ERROR_VALUES.has(value) ? "Error" : "String";
}

/** What a General-format cell shows; the fake does not apply number formats to the text. */
function displayText(value: Cell): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** "A2,Sheet1!A5:A6" → its areas, commas inside quoted sheet names kept. */
export function splitAreas(address: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Setters only: the formats written are recorded on the workbook when the batch syncs. */
class FakeRangeFormat {
  constructor(
    private readonly record: (property: string, value: unknown) => void,
    /** `format.protection`, loadable. */
    readonly protection: { locked: boolean | null; load(properties?: string): unknown },
  ) {}
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

/** A data-validation rule as the product set it, keyed "Sheet!B2:B40". */
export interface ValidationCall {
  rule: Record<string, unknown>;
  errorAlert: Record<string, unknown> | null;
}

const VALIDATION_TYPES: Record<string, string> = {
  list: "List",
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  date: "Date",
  textLength: "TextLength",
  custom: "Custom",
  time: "Time",
};

/** `range.dataValidation`: `type` after load and sync; rule, errorAlert and clear() apply at sync. */
class FakeDataValidation extends Loadable {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly key: string,
  ) {
    super(ctx, (property) => {
      if (property !== "type") throw new Error(`The fake data validation does not model '${property}' yet.`);
      const rule = ctx.book.validations.get(key)?.rule;
      return rule ? (VALIDATION_TYPES[Object.keys(rule)[0] ?? ""] ?? "Custom") : "None";
    });
  }
  get type(): string {
    return this.read("type");
  }
  set rule(rule: Record<string, unknown>) {
    this.ctx.queue.push(() =>
      this.ctx.book.validations.set(this.key, {
        rule,
        errorAlert: this.ctx.book.validations.get(this.key)?.errorAlert ?? null,
      }),
    );
  }
  set errorAlert(errorAlert: Record<string, unknown>) {
    this.ctx.queue.push(() => {
      const current = this.ctx.book.validations.get(this.key);
      if (current) current.errorAlert = errorAlert;
    });
  }
  clear(): void {
    this.ctx.queue.push(() => this.ctx.book.validations.delete(this.key));
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
  /** Every values/formulas/numberFormat/clear write, in sync order. */
  readonly writes: WriteCall[] = [];
  readonly calculations: CalculationCall[] = [];
  /** The value a formula written by the product shows, by exact formula text (the fake does not calculate). */
  readonly formulaResults = new Map<string, Cell>();
  readonly selectionListeners = new Set<SelectionListener>();
  /** Data-validation rules by "Sheet!B2:B40". */
  readonly validations = new Map<string, ValidationCall>();
  /** Sheets whose visibility was set, e.g. a hidden scratch sheet. */
  readonly sheetVisibility = new Map<string, string>();
  /** Sheets deleted, in order. */
  readonly deletedSheets: string[] = [];
  /** Protected sheets (Review > Protect Sheet); cells are locked unless listed in `unlockedCells`. */
  readonly protectedSheets = new Set<string>();
  /** Unlocked cells by sheet, keyed "row,col". */
  readonly unlockedCells = new Map<string, Set<string>>();
  /** Merged areas by sheet. */
  readonly mergedAreas = new Map<string, RangeAddress[]>();
  /** Areas a dynamic-array formula spills into (anchor included), by sheet; the fake does not compute spills. */
  readonly spillAreas = new Map<string, RangeAddress[]>();
  contexts: FakeRequestContext[] = [];

  addSheet(name: string, rows: Cell[][]): this {
    this.sheets.set(name, rows);
    this.activeSheet ||= name;
    return this;
  }

  protect(sheet: string, unlocked: string[] = []): this {
    this.protectedSheets.add(sheet);
    const cells = this.unlockedCells.get(sheet) ?? new Set<string>();
    for (const address of unlocked) {
      const area = parseRangeAddress(address);
      for (let r = area.start.row; r <= area.end.row; r++)
        for (let c = area.start.col; c <= area.end.col; c++) cells.add(`${r},${c}`);
    }
    this.unlockedCells.set(sheet, cells);
    return this;
  }

  merge(sheet: string, address: string): this {
    this.mergedAreas.set(sheet, [...(this.mergedAreas.get(sheet) ?? []), parseRangeAddress(address)]);
    return this;
  }

  /** Marks `address` as filled by a spilling formula (set the anchor's formula and the values yourself). */
  spill(sheet: string, address: string): this {
    this.spillAreas.set(sheet, [...(this.spillAreas.get(sheet) ?? []), parseRangeAddress(address)]);
    return this;
  }

  isLocked(sheet: string, row: number, col: number): boolean {
    return !this.unlockedCells.get(sheet)?.has(`${row},${col}`);
  }

  setFormula(sheet: string, row: number, col: number, formula: string): this {
    const sheetFormulas = this.formulas.get(sheet) ?? new Map<string, string>();
    sheetFormulas.set(`${row},${col}`, formula);
    this.formulas.set(sheet, sheetFormulas);
    return this;
  }

  /** Sets the selection without firing selection handlers (setting up a workbook); see changeSelection. */
  select(address: string): this {
    this.selection = address;
    const sheet = this.selectedAreas()[0]?.sheet;
    if (sheet) this.activeSheet = sheet;
    return this;
  }

  /** The user (or `range.select()`) selects other cells: the sheet activates and selection handlers fire. */
  changeSelection(address: string): void {
    this.select(address);
    const first = this.selectedAreas()[0]!;
    const local = this.selectedAreas()
      .map((area) => formatRangeAddress({ ...area, sheet: undefined }))
      .join(",");
    for (const listener of this.selectionListeners) {
      const args =
        listener.scope === "workbook"
          ? { type: "WorkbookSelectionChanged" }
          : { type: "WorksheetSelectionChanged", address: local, worksheetId: `{${first.sheet}}` };
      if (listener.scope !== "workbook" && listener.scope !== first.sheet) continue;
      // Office.js runs handlers on its own; a failing handler must not break the selection.
      void Promise.resolve()
        .then(() => listener.handler(args))
        .catch(() => undefined);
    }
  }

  /** The selection's areas, each with its sheet ("Data!A2,A5:A6" → two areas on Data). */
  selectedAreas(): RangeAddress[] {
    const text = this.selection ?? `${formatSheetName(this.activeSheet)}!A1`;
    let sheet = this.activeSheet;
    return splitAreas(text).map((part, index) => {
      const area = parseRangeAddress(part);
      if (area.sheet !== undefined) sheet = this.findSheet(area.sheet) ?? area.sheet;
      else if (index === 0) sheet = this.activeSheet;
      return { ...area, sheet };
    });
  }

  /** The value a written formula shows, since the fake does not calculate; "" when not given. */
  setFormulaResult(formula: string, value: Cell): this {
    this.formulaResults.set(formula, value);
    return this;
  }

  valueAt(sheet: string, row: number, col: number): Cell {
    return this.sheets.get(sheet)?.[row]?.[col] ?? "";
  }

  formulaAt(sheet: string, row: number, col: number): string | undefined {
    return this.formulas.get(sheet)?.get(`${row},${col}`);
  }

  /**
   * Cells entered as Office.js does for `values`/`formulas` setters: null leaves a cell unchanged,
   * "=..." becomes a formula (through `values` only where the cell is not text-formatted "@").
   */
  enterCells(
    sheet: string,
    start: { row: number; col: number },
    grid: (Cell | null)[][],
    through: "values" | "formulas",
  ): void {
    if (!this.sheets.has(sheet))
      throw new FakeOfficeError("ItemNotFound", `The sheet "${sheet}" does not exist.`);
    grid.forEach((values, r) =>
      values.forEach((input, c) => {
        if (input === null || input === undefined) return;
        const row = start.row + r;
        const col = start.col + c;
        const isFormula =
          typeof input === "string" &&
          input.length > 1 &&
          input.startsWith("=") &&
          (through === "formulas" || this.numberFormatAt(sheet, row, col) !== "@");
        this.writeCells(sheet, { row, col }, [[isFormula ? (this.formulaResults.get(input) ?? "") : input]]);
        if (isFormula) this.setFormula(sheet, row, col, input);
      }),
    );
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
