import type { Placement } from "./plan-references";
import type { TableContext } from "./table-context";

export interface CompileOptions {
  /**
   * The Excel that will run the formula has XLOOKUP, which arrived with the dynamic-array functions
   * (FILTER, SORT, SORTBY, UNIQUE, SEQUENCE). When false, lookups compile to INDEX/MATCH and plans that
   * need a spilling list are refused. Functions from Excel 2019 (IFS, MAXIFS, MINIFS, TEXTJOIN) are used
   * either way.
   */
  xlookup: boolean;
  /** The sheet row a fill-down formula is written in; default: the first data row. */
  targetRow?: number;
  /** The sheet the formula is written on; default: the table's sheet. Other sheets are qualified. */
  formulaSheet?: string;
  /** For lookups into another table (a price list, say): the table matchColumn/returnColumn belong to. */
  lookupTable?: TableContext;
}

export interface CompiledFormula {
  /** Starts with "=". */
  formula: string;
  /** One plain sentence of what the formula computes. */
  explanation: string;
  /** Written in one row and meant to be filled down beside the table (it refers to its own row). */
  fillDown: boolean;
  /** Data quirks that affect the result, such as numbers stored as text that SUM skips. */
  warnings: string[];
}

/** What every kind's compiler gets. */
export interface CompileEnv {
  context: TableContext;
  options: CompileOptions;
  placement: Placement;
}
