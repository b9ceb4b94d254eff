import type { A1Reference } from "../formula/a1-reference";
import { readFormula, type FormulaToken } from "../formula/formula-tokens";
import { parseRangeAddress, type CellRef } from "../sheet/a1";
import type { CellGrid, CellValue } from "../sheet/cells";
import { tokensToR1C1 } from "./r1c1";
import { sheetAddress } from "./table";

/** A sheet's cached values and formulas over the same block, as a host reads them. */
export interface FormulaSheet {
  sheet?: string;
  /** Sheet position (0-based) of values[0][0] and formulas[0][0]. */
  origin: CellRef;
  values: CellGrid;
  /** Formula text with its "=", or null, as XlsxWorkbook.readFormulas gives it. */
  formulas: (string | null)[][];
  /**
   * Default true: the grids cover the sheet's used range, so any cell outside them is blank. Set false
   * for a partial read; references outside it are then not judged.
   */
  outsideIsBlank?: boolean;
}

/** What a host must offer for a whole-sheet audit; XlsxWorkbook has it. */
export interface FormulaSource {
  usedRange(sheet: string): Promise<string | null>;
  readRange(address: string): Promise<CellGrid>;
  readFormulas(address: string): Promise<(string | null)[][]>;
}

export async function readFormulaSheet(source: FormulaSource, sheet: string): Promise<FormulaSheet | null> {
  const used = await source.usedRange(sheet);
  if (!used) return null;
  const [values, formulas] = await Promise.all([source.readRange(used), source.readFormulas(used)]);
  return { sheet, origin: parseRangeAddress(used).start, values, formulas, outsideIsBlank: true };
}

export interface ReferenceUse {
  reference: A1Reference;
  /** Position in the formula's tokens. */
  tokenIndex: number;
  /** The innermost function it is an argument of, e.g. "SUM", or null. */
  within: string | null;
  /** On the audited sheet (not another sheet or workbook), so its cells can be looked at. */
  local: boolean;
}

export interface ParsedFormula {
  at: CellRef;
  address: string;
  formula: string;
  r1c1: string;
  tokens: FormulaToken[];
  /** Called functions, upper case. */
  calls: string[];
  references: ReferenceUse[];
}

/** Sheet-addressed access to the two grids, and every formula parsed once for all the checks. */
export class SheetCells {
  /** Sheet order: row by row. */
  readonly formulas: ParsedFormula[] = [];
  private readonly byPosition = new Map<string, ParsedFormula>();

  constructor(readonly source: FormulaSheet) {
    source.formulas.forEach((row, r) =>
      row.forEach((formula, c) => {
        if (!formula) return;
        const parsed = parseFormula(
          formula,
          { row: source.origin.row + r, col: source.origin.col + c },
          this,
        );
        if (!parsed) return;
        this.formulas.push(parsed);
        this.byPosition.set(key(parsed.at), parsed);
      }),
    );
  }

  parsed(ref: CellRef): ParsedFormula | undefined {
    return this.byPosition.get(key(ref));
  }

  /** Every cell of the grids, in sheet order. */
  *positions(): Generator<CellRef> {
    const { origin, values } = this.source;
    for (let r = 0; r < values.length; r++) {
      for (let c = 0; c < (values[r]?.length ?? 0); c++) yield { row: origin.row + r, col: origin.col + c };
    }
  }

  /** The cell's value; undefined when it lies outside the grids and they may not cover it. */
  value(ref: CellRef): CellValue | undefined {
    if (!this.inside(ref)) return this.source.outsideIsBlank === false ? undefined : null;
    return this.source.values[ref.row - this.source.origin.row]?.[ref.col - this.source.origin.col] ?? null;
  }

  formula(ref: CellRef): string | null {
    if (!this.inside(ref)) return null;
    return this.source.formulas[ref.row - this.source.origin.row]?.[ref.col - this.source.origin.col] ?? null;
  }

  /** Nothing typed and no formula; undefined when unknown. */
  isBlank(ref: CellRef): boolean | undefined {
    const value = this.value(ref);
    if (value === undefined) return undefined;
    return (value === null || value === "") && this.formula(ref) === null;
  }

  inside(ref: CellRef): boolean {
    const { origin, values } = this.source;
    const r = ref.row - origin.row;
    const c = ref.col - origin.col;
    return r >= 0 && c >= 0 && r < values.length && c < (values[r]?.length ?? 0);
  }

  address(start: CellRef, end: CellRef = start): string {
    return sheetAddress(this.source.sheet, start, end);
  }

  /** A reference to the audited sheet: no sheet named, or this sheet's own name. */
  isLocal(reference: A1Reference): boolean {
    if (reference.external) return false;
    const own = this.source.sheet;
    return (
      reference.sheet === undefined ||
      (own !== undefined && reference.sheet.toLowerCase() === own.toLowerCase())
    );
  }
}

function key(ref: CellRef): string {
  return `${ref.row},${ref.col}`;
}

function parseFormula(formula: string, at: CellRef, cells: SheetCells): ParsedFormula | null {
  const read = readFormula(formula);
  // No tokens: empty or unreadable. A formula read with problems (unbalanced brackets) is still audited.
  if (read.tokens.length === 0) return null;
  const references: ReferenceUse[] = [];
  for (const { a1, tokenIndex, within } of read.references) {
    if (a1) references.push({ reference: a1, tokenIndex, within, local: cells.isLocal(a1) });
  }
  return {
    at,
    address: cells.address(at),
    formula,
    r1c1: tokensToR1C1(read.tokens, at),
    tokens: read.tokens,
    calls: read.calls.map((call) => call.name),
    references,
  };
}
