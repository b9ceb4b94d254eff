import type {
  CalculationCall,
  ChartCall,
  FakeTable,
  FormatCall,
  ValidationCall,
  WriteCall,
} from "../../support/excel-object-model";

/**
 * The contract between the page-side fake Office (entry.ts, bundled into the page) and the tests
 * (pane-harness.ts): what a test puts in a workbook and what it can read back through
 * `window.__excel`. Types only cross the boundary as JSON, so everything here is plain data.
 */

export type SpecCell = string | number | boolean | null;

export interface WorkbookSpec {
  /** Sheets in tab order; null or a missing cell is empty. The first sheet is active unless `selection` names another. */
  sheets: Record<string, SpecCell[][]>;
  /** Formulas by sheet and cell ("B2": "=SUM(A1:A3)"); the cell's value in `sheets` is its cached value. */
  formulas?: Record<string, Record<string, string>>;
  /** "Sheet1!A2:A10", or several areas "Sheet1!A2,A5:A6"; default A1 of the first sheet. */
  selection?: string;
  tables?: FakeTable[];
  /** Number formats by sheet and cell ("C2": "yyyy-mm-dd", "A1": "@"). */
  numberFormats?: Record<string, Record<string, string>>;
  /** The value a formula written by the product shows (exact formula text → value); else "". */
  formulaResults?: Record<string, string | number | boolean>;
}

/** Set by the harness before the fake runs (window.__FAKE_OFFICE_OPTIONS__). */
export interface FakeOfficeOptions {
  /** "dark" sets Office.context.officeTheme to Excel's dark theme; "light" leaves it undefined. */
  theme: "light" | "dark";
  workbook: WorkbookSpec;
}

/** What Office.js/CustomFunctions registrations the page made, in call order. */
export interface OfficeCalls {
  /** CustomFunctions.associate ids ("ASK", "CLASSIFY", ...). */
  functions: string[];
  /** Office.actions.associate ids ("generateReport"). */
  actions: string[];
  showAsTaskpane: number;
  onReady: number;
}

/** `window.__excel` in a page opened by the harness. Addresses name their sheet or mean the active sheet. */
export interface FakeExcelApi {
  /** Replaces the whole workbook (no selection handlers fire). */
  load(spec: WorkbookSpec): void;
  /** Cell values ("" for empty), as `range.values` reports them. */
  values(address: string): (string | number | boolean)[][];
  /** Formula text where a cell holds a formula, else its value, as `range.formulas` reports them. */
  formulas(address: string): (string | number | boolean)[][];
  numberFormats(address: string): string[][];
  /** The user selects cells: the sheet activates and selection-changed handlers fire. */
  select(address: string): void;
  /** The user types over cells (constants; "=..." enters a formula). Logged in writes like the product's. */
  type(address: string, grid: SpecCell[][]): void;
  /** The selection as last set, e.g. "Sheet1!A2:A10" or "Sheet1!A2,Sheet1!A5:A6". */
  selection(): string;
  activeSheet(): string;
  sheetNames(): string[];
  setFormulaResult(formula: string, value: string | number | boolean): void;
  /** Every write the product (or `type`) made through the object model, in sync order. */
  writes(): WriteCall[];
  formats(): FormatCall[];
  charts(): ChartCall[];
  /** Data-validation rules by "Sheet!B2:B40". */
  validations(): Record<string, ValidationCall>;
  /** The user puts a rule of their own on a range (null removes it). */
  setValidation(key: string, call: ValidationCall | null): void;
  calculations(): CalculationCall[];
  /** Excel.run batches started so far. */
  runs(): number;
  /** While set, every Excel.run rejects with this Office.js error (code, message); null restores. */
  failRuns(error: { code: string; message: string } | null): void;
  office(): OfficeCalls;
  /** Runs an Office.actions.associate'd command (a ribbon button) and resolves when it calls completed(). */
  invokeAction(id: string): Promise<void>;
}

declare global {
  interface Window {
    __excel: FakeExcelApi;
    __FAKE_OFFICE_OPTIONS__?: FakeOfficeOptions;
  }
}
