import { DetailedCellError, HyperFormula, type RawCellContent } from "hyperformula";
import type { Cell, EvalWorkbook, WorkbookName } from "../workbooks/workbook";
import { toHyperFormula } from "./dialect";
import { registerExcelExtras } from "./excel-extras";
import { resolveTables } from "./structured-refs";

/**
 * Grading by execution: a formula's value computed by HyperFormula (an independent implementation of
 * Excel's functions; GPL, so used only here, never from src/) on sheets built from the same cell values
 * as the workbook the product read. The product's own evaluator is never consulted.
 */

export type GradedScalar = number | string | boolean | null | { error: string };
export type Graded = GradedScalar | GradedScalar[][];

interface Loaded {
  workbook: EvalWorkbook;
  hf: HyperFormula;
}

export class Grader {
  private readonly loaded = new Map<WorkbookName, Loaded>();

  constructor(workbooks: readonly EvalWorkbook[]) {
    registerExcelExtras();
    for (const workbook of workbooks) {
      const sheets: Record<string, RawCellContent[][]> = {};
      for (const sheet of workbook.sheets) sheets[sheet.name] = sheet.rows.map((row) => row.map(content));
      const hf = HyperFormula.buildFromSheets(sheets, {
        licenseKey: "gpl-v3",
        useArrayArithmetic: true,
        // Excel shows 15 significant digits; HyperFormula rounds its output to 10 unless told.
        precisionRounding: 14,
      });
      this.loaded.set(workbook.name, { workbook, hf });
    }
  }

  /** The value (or spilled list) of `formula` written in `cell` of `sheet`. */
  evaluate(name: WorkbookName, sheet: string, formula: string, cell: string): Graded {
    const { workbook, hf } = this.get(name);
    const { row } = parseCell(cell);
    try {
      const text = toHyperFormula(resolveTables(formula, workbook.sheets, row));
      const value = hf.calculateFormula(text, sheetId(hf, sheet));
      return Array.isArray(value) ? value.map((line) => line.map(graded)) : graded(value);
    } catch (error) {
      return { error: `not gradable: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * Fill-down, as Excel does it: the formula is written in `cell`, then copied and pasted to the same
   * column of each of `rows`, so HyperFormula shifts its relative references exactly as Excel's fill
   * handle would ($C5 → $C9, $E$2:$E5 → $E$2:$E9). The value of each row is read back.
   */
  fillDown(
    name: WorkbookName,
    sheet: string,
    formula: string,
    cell: string,
    rows: readonly number[],
  ): Graded[] {
    const { workbook, hf } = this.get(name);
    const id = sheetId(hf, sheet);
    const { row, col } = parseCell(cell);
    const origin = { sheet: id, row: row - 1, col };
    const written = [origin];
    try {
      hf.setCellContents(origin, toHyperFormula(resolveTables(formula, workbook.sheets, row)));
      hf.copy({ start: origin, end: origin });
      for (const target of rows) {
        if (target === row) continue;
        const address = { sheet: id, row: target - 1, col };
        hf.paste(address);
        written.push(address);
      }
      return rows.map((target) => graded(hf.getCellValue({ sheet: id, row: target - 1, col })));
    } catch (error) {
      const problem = { error: `not gradable: ${error instanceof Error ? error.message : String(error)}` };
      return rows.map(() => problem);
    } finally {
      for (const address of written) hf.setCellContents(address, null);
    }
  }

  destroy(): void {
    for (const { hf } of this.loaded.values()) hf.destroy();
  }

  private get(name: WorkbookName): Loaded {
    const loaded = this.loaded.get(name);
    if (!loaded) throw new Error(`grader has no workbook ${name}`);
    return loaded;
  }
}

/** Text is marked as text (a leading ') so "12" stays the text "12"; dates become Excel serial numbers. */
function content(value: Cell): RawCellContent {
  if (value instanceof Date) return excelSerial(value);
  if (typeof value === "string") return `'${value}`;
  return value;
}

export function excelSerial(date: Date): number {
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function graded(value: unknown): GradedScalar {
  if (value instanceof DetailedCellError) return { error: value.value };
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return { error: `unexpected value ${String(value)}` };
}

function sheetId(hf: HyperFormula, sheet: string): number {
  const id = hf.getSheetId(sheet);
  if (id === undefined) throw new Error(`no sheet ${sheet}`);
  return id;
}

/** "J7" → row 7 (1-based, as Excel shows it), col 9 (0-based). */
export function parseCell(cell: string): { row: number; col: number } {
  const match = /^\$?([A-Z]+)\$?(\d+)$/i.exec(cell.replace(/^.*!/, ""));
  if (!match?.[1] || !match[2]) throw new Error(`not a cell: ${cell}`);
  let col = 0;
  for (const letter of match[1].toUpperCase()) col = col * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]), col: col - 1 };
}
