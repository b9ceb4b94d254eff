import {
  formatRangeAddress,
  formatSheetName,
  parseRangeAddress,
  type RangeAddress,
} from "../../../src/sheet/a1";
import { splitAreas, type FakeWorkbook } from "../../support/excel-object-model";
import type { FakeExcelApi, FakeOfficeOptions, SpecCell } from "./fake-office-api";
import { workbookFromSpec } from "./load-workbook";
import { installOfficeGlobals } from "./office-globals";

/**
 * The page-side fake Office, bundled as an IIFE by pane-harness.ts and injected before the pane's
 * own scripts: the product finds `Excel`, `Office` and `CustomFunctions` as it would in Excel, and
 * the test drives and inspects the workbook through `window.__excel`.
 */
const options: FakeOfficeOptions = window.__FAKE_OFFICE_OPTIONS__ ?? {
  theme: "light",
  workbook: { sheets: { Sheet1: [] } },
};
let book: FakeWorkbook = workbookFromSpec(options.workbook);
const state = installOfficeGlobals(window as unknown as Record<string, unknown>, options, () => book);

/** An address's cells on its sheet (the active one when it names none), whole rows/columns clipped to the data. */
function locate(address: string): { sheet: string; area: RangeAddress } {
  const area = parseRangeAddress(address);
  const sheet = area.sheet === undefined ? book.activeSheet : book.findSheet(area.sheet);
  if (sheet === undefined) throw new Error(`No sheet "${area.sheet}" in the fake workbook.`);
  const rows = book.sheets.get(sheet) ?? [];
  const end = { ...area.end };
  if (area.wholeColumns) end.row = Math.max(area.start.row, rows.length - 1);
  if (area.wholeRows) end.col = Math.max(area.start.col, ...rows.map((row) => row.length - 1));
  return { sheet, area: { ...area, sheet, end } };
}

function grid<T>(address: string, cell: (sheet: string, row: number, col: number) => T): T[][] {
  const { sheet, area } = locate(address);
  const out: T[][] = [];
  for (let r = area.start.row; r <= area.end.row; r++) {
    const row: T[] = [];
    for (let c = area.start.col; c <= area.end.col; c++) row.push(cell(sheet, r, c));
    out.push(row);
  }
  return out;
}

const api: FakeExcelApi = {
  load(spec) {
    book = workbookFromSpec(spec);
  },
  values: (address) => grid(address, (sheet, r, c) => book.valueAt(sheet, r, c)),
  formulas: (address) =>
    grid(address, (sheet, r, c) => book.formulaAt(sheet, r, c) ?? book.valueAt(sheet, r, c)),
  numberFormats: (address) => grid(address, (sheet, r, c) => book.numberFormatAt(sheet, r, c)),
  select(address) {
    // Areas without a sheet are on the first area's sheet (or the active one), as in Excel's Name Box.
    const { sheet } = locate(splitAreas(address)[0] ?? address);
    book.changeSelection(
      parseRangeAddress(splitAreas(address)[0]!).sheet ? address : `${formatSheetName(sheet)}!${address}`,
    );
  },
  type(address, cells: SpecCell[][]) {
    const { sheet, area } = locate(address);
    book.enterCells(sheet, area.start, cells, "values");
    const end = { row: area.start.row + cells.length - 1, col: area.start.col + (cells[0]?.length ?? 1) - 1 };
    book.writes.push({
      sheet,
      address: formatRangeAddress({ start: area.start, end }),
      kind: "values",
      grid: cells.map((row) => row.map((cell) => cell ?? "")),
    });
  },
  selection: () =>
    book
      .selectedAreas()
      .map((area) => formatRangeAddress(area))
      .join(","),
  activeSheet: () => book.activeSheet,
  sheetNames: () => [...book.sheets.keys()],
  setFormulaResult(formula, value) {
    book.setFormulaResult(formula, value);
  },
  writes: () => structuredClone(book.writes),
  formats: () => structuredClone(book.formats),
  charts: () => structuredClone(book.charts),
  validations: () => structuredClone(Object.fromEntries(book.validations)),
  setValidation: (key, call) => {
    if (call) book.validations.set(key, call);
    else book.validations.delete(key);
  },
  calculations: () => structuredClone(book.calculations),
  runs: () => state.runs,
  failRuns(error) {
    state.failure = error;
  },
  office: () => structuredClone(state.calls),
  invokeAction(id) {
    const handler = state.actions.get(id);
    if (!handler) return Promise.reject(new Error(`No Office.actions.associate("${id}") on this page.`));
    return new Promise<void>((resolve, reject) => {
      try {
        handler({ completed: () => resolve(), source: { id } });
      } catch (error) {
        reject(error);
      }
    });
  },
};

window.__excel = api;
