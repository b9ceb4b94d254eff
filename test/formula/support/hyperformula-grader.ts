import { tokenize, type Token } from "excel-formula-tokenizer";
import { DetailedCellError, HyperFormula } from "hyperformula";
import type ExcelJS from "exceljs";

/**
 * HyperFormula as the grading engine: an independent implementation of Excel's functions, used only in
 * tests (it is GPL-3.0; the product never imports it). It reads the same exceljs workbook the code
 * under test reads.
 */

export type Graded = number | string | boolean | null | { error: string } | Graded[][];

/** Functions HyperFormula 3 does not have, so formulas using them cannot be graded by it. */
export const HYPERFORMULA_LACKS = [
  "AVERAGEIFS",
  "RANK.EQ",
  "SORTBY",
  "TAKE",
  "CHOOSECOLS",
  "TEXTBEFORE",
  "TEXTAFTER",
];

export function canGrade(formula: string): boolean {
  const tokens = tokenize(formula);
  // HyperFormula cannot read a doubled quote inside a text constant ("Say ""hi""").
  if (tokens.some((token) => token.subtype === "text" && token.value.includes('"'))) return false;
  const names = tokens
    .filter((token) => token.type === "function" && token.subtype === "start")
    .map((token) => token.value.toUpperCase());
  // HyperFormula computes LARGE(r,SEQUENCE(3)) as one value; Excel gives one per k.
  const listOfK = names.includes("SEQUENCE") && (names.includes("LARGE") || names.includes("SMALL"));
  return !listOfK && !filtersBlock(tokens) && !names.some((name) => HYPERFORMULA_LACKS.includes(name));
}

/** HyperFormula's FILTER takes one column only; Excel's filters a block of columns by row. */
function filtersBlock(tokens: readonly Token[]): boolean {
  return tokens.some((token, index) => {
    if (token.type !== "function" || token.value.toUpperCase() !== "FILTER") return false;
    const columns = /([A-Z]+)\$?\d+:\$?([A-Z]+)\$?\d+$/i.exec(tokens[index + 1]?.value ?? "");
    return columns !== null && columns[1]?.toUpperCase() !== columns[2]?.toUpperCase();
  });
}

export class Grader {
  private readonly hf: HyperFormula;

  constructor(workbook: ExcelJS.Workbook) {
    const sheets: Record<string, (number | string | boolean | null)[][]> = {};
    workbook.eachSheet((sheet) => {
      const rows: (number | string | boolean | null)[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        const cells: (number | string | boolean | null)[] = [];
        for (let c = 1; c <= sheet.columnCount; c++) cells.push(hfContent(row.getCell(c).value));
        rows[rowNumber - 1] = cells;
      });
      sheets[sheet.name] = Array.from(rows, (row) => row ?? []);
    });
    this.hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3" });
  }

  /** The formula's value on `sheet`, errors as {error}, arrays as rows. */
  evaluate(sheet: string, formula: string): Graded {
    const id = this.hf.getSheetId(sheet);
    if (id === undefined) throw new Error(`no sheet ${sheet}`);
    const value = this.hf.calculateFormula(hyperFormulaDialect(formula), id);
    return Array.isArray(value) ? value.map((row) => row.map(graded)) : graded(value);
  }

  destroy(): void {
    this.hf.destroy();
  }
}

function graded(value: unknown): Graded {
  if (value instanceof DetailedCellError) return { error: value.value };
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return { error: `unexpected ${String(value)}` };
}

/** Dates as Excel serial numbers, and text marked as text so "12" stays the text "12". */
function hfContent(value: ExcelJS.CellValue): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return (value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  if (typeof value === "string") return `'${value}`;
  if (typeof value === "number" || typeof value === "boolean") return value;
  throw new Error(`fixture cell of unexpected kind: ${JSON.stringify(value)}`);
}

/**
 * HyperFormula reads the constants TRUE and FALSE only as the functions TRUE() and FALSE(), and its
 * FILTER takes more conditions where Excel's takes if_empty, so a trailing text if_empty is dropped.
 */
function hyperFormulaDialect(formula: string): string {
  const tokens = withoutFilterIfEmpty(tokenize(formula));
  let out = "=";
  for (const token of tokens) {
    if (token.type === "operand" && token.subtype === "logical") out += `${token.value.toUpperCase()}()`;
    else if (token.type === "operand" && token.subtype === "text")
      out += `"${token.value.replace(/"/g, '""')}"`;
    else if (token.type === "function") {
      if (token.subtype === "start")
        out += token.value === "ARRAY" ? "{" : token.value === "ARRAYROW" ? "" : `${token.value}(`;
      else out += token.value === "ARRAY" ? "}" : token.value === "ARRAYROW" ? "" : ")";
    } else if (token.type === "subexpression") out += token.subtype === "start" ? "(" : ")";
    else if (token.type === "white-space") out += " ";
    else out += token.value;
  }
  return out;
}

function withoutFilterIfEmpty(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const token = out[i];
    if (token?.type !== "function" || token.subtype !== "start" || token.value.toUpperCase() !== "FILTER")
      continue;
    let depth = 0;
    let args = 1;
    let end = i;
    for (let j = i; j < out.length; j++) {
      const t = out[j];
      if (t?.type === "function" || t?.type === "subexpression") depth += t.subtype === "start" ? 1 : -1;
      if (t?.type === "argument" && depth === 1) args++;
      if (depth === 0) {
        end = j;
        break;
      }
    }
    const last = out[end - 1];
    if (
      args === 3 &&
      last?.type === "operand" &&
      last.subtype === "text" &&
      out[end - 2]?.type === "argument"
    ) {
      out.splice(end - 2, 2);
    }
  }
  return out;
}
