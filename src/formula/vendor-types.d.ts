/**
 * Declarations for the two formula packages this folder uses at runtime. excel-formula-tokenizer ships an
 * index.d.ts that declares `tokenize` without exporting it, and fast-formula-parser ships none, so only
 * the parts src/formula calls are declared here, as precisely as their sources allow.
 */

declare module "excel-formula-tokenizer" {
  export interface Token {
    /** The token's text; a text operand's value is unquoted ("a""b" becomes a"b). */
    value: string;
    type:
      | "noop"
      | "operand"
      | "function"
      | "subexpression"
      | "argument"
      | "operator-prefix"
      | "operator-infix"
      | "operator-postfix"
      | "white-space"
      | "unknown";
    subtype:
      | ""
      | "start"
      | "stop"
      | "text"
      | "number"
      | "logical"
      | "error"
      | "range"
      | "math"
      | "concatenate"
      | "intersect"
      | "union";
  }
  export function tokenize(formula: string, options?: { language?: "en-US" | "de-DE" | "en-EU" }): Token[];
}

declare module "fast-formula-parser" {
  /** Excel's error values; the package keeps one shared instance per code (#N/A, #VALUE!...). */
  class FormulaError extends Error {
    constructor(error: string, message?: string, details?: unknown);
    readonly error: string;
    readonly details: unknown;
    static readonly DIV0: FormulaError;
    static readonly NA: FormulaError;
    static readonly NAME: FormulaError;
    static readonly NULL: FormulaError;
    static readonly NUM: FormulaError;
    static readonly REF: FormulaError;
    static readonly VALUE: FormulaError;
  }

  /** 1-based, as the engine hands references to its callbacks. */
  interface CellPosition {
    sheet: string;
    row: number;
    col: number;
  }
  interface RangePosition {
    sheet: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }

  /** A scalar the engine computes with: dates are serial numbers, errors are FormulaError instances. */
  type EngineScalar = number | string | boolean | null | FormulaError;
  type EngineValue = EngineScalar | EngineScalar[][];

  /** How the engine passes each argument to a function it did not define itself. */
  interface EngineArgument {
    value: EngineValue;
    isArray: boolean;
    isRangeRef?: boolean;
    isCellRef?: boolean;
    /** Set when the argument was left empty, as in XLOOKUP(a,b,c,,1). */
    omitted?: boolean;
  }

  type EngineFunction = (...args: EngineArgument[]) => EngineValue;

  /** A reference as the engine passes it, unevaluated, to INDEX, IF and its other "context" functions. */
  interface RawReference {
    ref?: { sheet?: string; row?: number; col?: number; from?: { row: number; col: number } };
  }
  /** INDEX, ROW, IF...: called with the parser first and the arguments unevaluated. */
  type ContextFunction = (context: unknown, ...args: unknown[]) => unknown;

  interface ParserConfig {
    /** Names the engine treats as context functions (INDEX, IF, ...) receive the ContextFunction call. */
    functions?: Record<string, EngineFunction | ContextFunction>;
    onCell?: (ref: CellPosition) => EngineScalar;
    onRange?: (ref: RangePosition) => EngineScalar[][];
    onVariable?: (name: string, sheet: string) => CellPosition | RangePosition | null;
  }

  class FormulaParser {
    constructor(config?: ParserConfig);
    /** Every function the engine knows by name, built-ins and the ones passed in config.functions. */
    readonly functions: Readonly<Record<string, EngineFunction | ContextFunction>>;
    /** Throws a FormulaError named "#ERROR!" for syntax errors and functions it does not implement. */
    parse(formula: string, position: CellPosition, allowReturnArray?: boolean): EngineValue;
    static readonly FormulaError: typeof FormulaError;
    static readonly MAX_ROW: number;
    static readonly MAX_COLUMN: number;
  }

  export type {
    CellPosition,
    ContextFunction,
    EngineArgument,
    EngineFunction,
    EngineScalar,
    EngineValue,
    RangePosition,
    RawReference,
  };
  export default FormulaParser;
}
