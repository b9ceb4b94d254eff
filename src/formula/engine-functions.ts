import FormulaParser, {
  type ContextFunction,
  type EngineArgument,
  type EngineFunction,
  type RawReference,
} from "fast-formula-parser";
import { AGGREGATE_FUNCTIONS } from "./engine-functions-aggregate";
import { ARRAY_FUNCTIONS } from "./engine-functions-array";
import { LOOKUP_FUNCTIONS } from "./engine-functions-lookup";
import { MATH_FUNCTIONS } from "./engine-functions-math";
import { SHAPE_FUNCTIONS } from "./engine-functions-shape";
import { TEXT_FUNCTIONS } from "./engine-functions-text";
import { CONTEXT_FUNCTIONS } from "./engine-caveats";
import { IF_FUNCTION, ifFunction, indexOverArrays, lifted } from "./engine-lifting";
import { OPERATOR_FUNCTIONS } from "./engine-operators";
import { EngineUnsupported } from "./engine-values";

/**
 * The function table handed to fast-formula-parser: its built-ins, with blank cells passed the way
 * Excel passes them, plus the functions this project adds; every one that takes single values runs
 * once per cell when given a range there (engine-lifting.ts). The added and corrected functions are
 * checked against HyperFormula in test/formula.
 */

/**
 * The engine hands a blank cell to these built-ins as an object they then print as "[object Object]"
 * or crash on; Excel reads a blank as "" in text functions and as 0 in number and date functions.
 */
const BLANK_AS_TEXT = [
  "LEFT",
  "RIGHT",
  "MID",
  "FIND",
  "PROPER",
  "CONCATENATE",
  "EXACT",
  "CLEAN",
  "REPT",
  "REPLACE",
];
const BLANK_AS_ZERO = [
  ...[
    "YEAR",
    "MONTH",
    "DAY",
    "WEEKDAY",
    "WEEKNUM",
    "ISOWEEKNUM",
    "EOMONTH",
    "EDATE",
    "DATEDIF",
    "DAYS",
    "DAYS360",
  ],
  ...["NETWORKDAYS", "NETWORKDAYS.INTL", "WORKDAY", "WORKDAY.INTL", "YEARFRAC", "HOUR", "MINUTE", "SECOND"],
  ...[
    "ROUND",
    "ROUNDUP",
    "ROUNDDOWN",
    "INT",
    "ABS",
    "MOD",
    "POWER",
    "SQRT",
    "SIGN",
    "TRUNC",
    "MROUND",
    "QUOTIENT",
  ],
  ...["CEILING", "FLOOR", "CEILING.MATH", "FLOOR.MATH", "EXP", "LN", "LOG", "LOG10", "EVEN", "ODD", "FACT"],
  ...["IFERROR", "IFNA"],
];

/** Functions safety refuses anyway; if one ever reached the engine it must not run. */
const NEVER_RUN = ["WEBSERVICE", "FILTERXML", "ENCODEURL"];

function blankAs(fill: string | number, original: EngineFunction | ContextFunction): EngineFunction {
  const call = original as EngineFunction;
  return (...args: EngineArgument[]) =>
    call(
      ...args.map((arg) =>
        arg && arg.value === null && !arg.omitted && arg.isCellRef ? { ...arg, value: fill } : arg,
      ),
    );
}

/**
 * The engine's INDEX returns a single cell without its sheet, so INDEX(Prices!B2:B6,3) would be read
 * from the formula's own sheet; the sheet of the indexed range is put back.
 */
function indexKeepingSheet(original: ContextFunction): ContextFunction {
  return (context, ranges, ...rest) => {
    const result = original(context, ranges, ...rest);
    const sheet = (ranges as RawReference | null)?.ref?.sheet;
    const ref = (result as RawReference | null)?.ref;
    if (sheet !== undefined && ref && ref.from === undefined && ref.sheet === undefined) {
      return { ...(result as RawReference), ref: { ...ref, sheet } };
    }
    return result;
  };
}

function buildFunctions(): Record<string, EngineFunction | ContextFunction> {
  const builtIns = new FormulaParser().functions;
  const table: Record<string, EngineFunction | ContextFunction> = { ...builtIns };
  const index = builtIns.INDEX;
  if (index) table.INDEX = indexOverArrays(indexKeepingSheet(index as ContextFunction));
  for (const [names, fill] of [
    [BLANK_AS_TEXT, ""],
    [BLANK_AS_ZERO, 0],
  ] as const) {
    for (const name of names) {
      const original = builtIns[name];
      if (original) table[name] = blankAs(fill, original);
    }
  }
  Object.assign(
    table,
    AGGREGATE_FUNCTIONS,
    LOOKUP_FUNCTIONS,
    MATH_FUNCTIONS,
    TEXT_FUNCTIONS,
    ARRAY_FUNCTIONS,
    SHAPE_FUNCTIONS,
  );
  for (const [name, original] of Object.entries(table)) {
    if (!CONTEXT_FUNCTIONS.has(name)) table[name] = lifted(name, original as EngineFunction);
  }
  for (const name of NEVER_RUN) {
    table[name] = () => {
      throw new EngineUnsupported(`${name} is never run`);
    };
  }
  return { ...table, ...OPERATOR_FUNCTIONS, [IF_FUNCTION]: ifFunction };
}

export const ENGINE_FUNCTIONS: Readonly<Record<string, EngineFunction | ContextFunction>> = buildFunctions();
