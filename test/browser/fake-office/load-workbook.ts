import { parseRangeAddress } from "../../../src/sheet/a1";
import { FakeWorkbook } from "../../support/excel-object-model";
import type { WorkbookSpec } from "./fake-office-api";

/** A FakeWorkbook holding a test's spec: cells, formulas (with their cached values), formats, selection. */
export function workbookFromSpec(spec: WorkbookSpec): FakeWorkbook {
  const book = new FakeWorkbook();
  const names = Object.keys(spec.sheets);
  // Excel always has a sheet; a spec without one gets Excel's default.
  if (names.length === 0) book.addSheet("Sheet1", []);
  for (const name of names) {
    book.addSheet(
      name,
      (spec.sheets[name] ?? []).map((row) => row.map((cell) => cell ?? "")),
    );
  }
  for (const [sheet, cells] of Object.entries(spec.formulas ?? {})) {
    requireSheet(book, sheet, "formulas");
    for (const [address, formula] of Object.entries(cells)) {
      const { start } = parseRangeAddress(address);
      book.setFormula(sheet, start.row, start.col, formula);
    }
  }
  for (const [sheet, cells] of Object.entries(spec.numberFormats ?? {})) {
    requireSheet(book, sheet, "numberFormats");
    for (const [address, format] of Object.entries(cells)) {
      const { start } = parseRangeAddress(address);
      book.setNumberFormat(sheet, start.row, start.col, format);
    }
  }
  for (const table of spec.tables ?? []) book.addTable(table);
  for (const [formula, value] of Object.entries(spec.formulaResults ?? {}))
    book.setFormulaResult(formula, value);
  if (spec.selection) book.select(spec.selection);
  return book;
}

function requireSheet(book: FakeWorkbook, sheet: string, field: string): void {
  if (!book.sheets.has(sheet)) {
    throw new Error(`Workbook spec: ${field} names sheet "${sheet}", which is not in sheets.`);
  }
}
