import { formatRangeAddress, parseRangeAddress, type RangeAddress } from "../../src/sheet/a1";
import type { ExcelBatch } from "../../src/host/excel/excel-sheet-host";

/**
 * An in-memory stand-in for Excel's object model with its load/sync semantics: reading a property
 * before `load()` and `context.sync()` throws, as Office.js does, so code that forgets a sync fails
 * here too. It covers what src/host/excel uses; grow it with the adapter.
 */
type Cell = string | number | boolean;

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
  syncs = 0;
  readonly workbook: FakeWorkbookObject;
  constructor(readonly book: FakeWorkbook) {
    this.workbook = new FakeWorkbookObject(this);
  }
  async sync(): Promise<void> {
    this.syncs++;
    for (const item of this.pending) item.settle();
    this.pending.clear();
  }
}

class FakeWorkbookObject {
  readonly worksheets: FakeWorksheetCollection;
  constructor(context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
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
    throw new Error(`The fake Excel range does not model '${property}' yet.`);
  }
}

/** The workbook: sheets of cells ("" is empty, as Excel reports it). */
export class FakeWorkbook {
  readonly sheets = new Map<string, Cell[][]>();
  /** Formulas by sheet, keyed "row,col" (0-based); the cell's value stays in `sheets`. */
  readonly formulas = new Map<string, Map<string, string>>();
  activeSheet = "";
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

  /** Use in place of Excel.run. */
  readonly run: ExcelBatch = async (batch) => {
    const context = new FakeRequestContext(this);
    this.contexts.push(context);
    return batch(context as unknown as Excel.RequestContext);
  };
}
