import { FakeOfficeError, type FakeWorkbook } from "../../support/excel-object-model";
import type { FakeOfficeOptions, OfficeCalls } from "./fake-office-api";

/**
 * The globals Excel gives an add-in page (`Excel`, `Office`, `CustomFunctions`, `OfficeExtension`),
 * over a FakeWorkbook, with what the page registers recorded for the tests.
 */

/** Excel's dark ("Black") Office theme as Office.context.officeTheme reports it. */
const DARK_OFFICE_THEME = {
  bodyBackgroundColor: "#262626",
  bodyForegroundColor: "#FFFFFF",
  controlBackgroundColor: "#404040",
  controlForegroundColor: "#FFFFFF",
  isDarkTheme: true,
  themeId: "Black",
};

/** The string enums Office.js defines on `Excel` that code may read as values. */
const EXCEL_ENUMS = {
  CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
  ChartType: {
    columnClustered: "ColumnClustered",
    columnStacked: "ColumnStacked",
    barClustered: "BarClustered",
    line: "Line",
    lineMarkers: "LineMarkers",
    pie: "Pie",
    xyscatter: "XYScatter",
    histogram: "Histogram",
  },
  ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
  RangeValueType: {
    unknown: "Unknown",
    empty: "Empty",
    string: "String",
    integer: "Integer",
    double: "Double",
    boolean: "Boolean",
    error: "Error",
    richValue: "RichValue",
  },
  ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents", hyperlinks: "Hyperlinks" },
  BorderIndex: {
    edgeTop: "EdgeTop",
    edgeBottom: "EdgeBottom",
    edgeLeft: "EdgeLeft",
    edgeRight: "EdgeRight",
    insideVertical: "InsideVertical",
    insideHorizontal: "InsideHorizontal",
  },
  BorderLineStyle: { none: "None", continuous: "Continuous", dash: "Dash", double: "Double" },
  ErrorCodes: {
    generalException: "GeneralException",
    invalidArgument: "InvalidArgument",
    invalidReference: "InvalidReference",
    invalidSelection: "InvalidSelection",
    itemAlreadyExists: "ItemAlreadyExists",
    itemNotFound: "ItemNotFound",
    notImplemented: "NotImplemented",
  },
} as const;

/** CustomFunctions.ErrorCode as Excel defines it (see test/support/custom-functions-globals.ts). */
const CUSTOM_FUNCTION_ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

class CustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
  }
}

export interface CommandHandler {
  (event: { completed(options?: { allowEvent?: boolean }): void; source: { id: string } }): unknown;
}

export interface FakeOfficeState {
  calls: OfficeCalls;
  actions: Map<string, CommandHandler>;
  functions: Map<string, (...args: unknown[]) => unknown>;
  runs: number;
  failure: { code: string; message: string } | null;
}

/** Installs the globals; `book()` is read on every Excel.run so `__excel.load` can swap workbooks. */
export function installOfficeGlobals(
  target: Record<string, unknown>,
  options: FakeOfficeOptions,
  book: () => FakeWorkbook,
): FakeOfficeState {
  const state: FakeOfficeState = {
    calls: { functions: [], actions: [], showAsTaskpane: 0, onReady: 0 },
    actions: new Map(),
    functions: new Map(),
    runs: 0,
    failure: null,
  };
  const info = { host: "Excel", platform: "PC" };

  target.OfficeExtension = { Error: FakeOfficeError };
  target.Excel = {
    ...EXCEL_ENUMS,
    /** Excel.run(batch) and Excel.run(object, batch): the batch gets a fresh context over the workbook. */
    run: async (...args: unknown[]) => {
      const batch = args[args.length - 1] as Parameters<FakeWorkbook["run"]>[0];
      state.runs++;
      const failure = state.failure;
      if (failure) throw new FakeOfficeError(failure.code, failure.message);
      return book().run(batch);
    },
  };
  target.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
    onReady(callback?: (value: typeof info) => void) {
      state.calls.onReady++;
      // office.js resolves onReady asynchronously, after the page's scripts have run.
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
    context: {
      host: "Excel",
      platform: "PC",
      displayLanguage: "en-US",
      contentLanguage: "en-US",
      officeTheme: options.theme === "dark" ? DARK_OFFICE_THEME : undefined,
      requirements: { isSetSupported: () => true },
      diagnostics: { host: "Excel", platform: "PC", version: "16.0.0.0" },
    },
    actions: {
      associate(id: string, handler: CommandHandler) {
        state.calls.actions.push(id);
        state.actions.set(id, handler);
      },
    },
    addin: {
      async showAsTaskpane() {
        state.calls.showAsTaskpane++;
      },
      async hide() {},
      async setStartupBehavior() {},
    },
  };
  target.CustomFunctions = {
    Error: CustomFunctionsError,
    ErrorCode: CUSTOM_FUNCTION_ERROR_CODES,
    associate(
      id: string | Record<string, (...args: unknown[]) => unknown>,
      fn?: (...args: unknown[]) => unknown,
    ) {
      // associate(id, fn) or associate({ id: fn, ... }), as the real runtime accepts.
      const entries = typeof id === "string" ? [[id, fn!] as const] : Object.entries(id);
      for (const [name, handler] of entries) {
        state.calls.functions.push(name);
        state.functions.set(name, handler);
      }
    },
  };
  return state;
}
