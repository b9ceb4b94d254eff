import type {
  ContextFunction,
  EngineArgument,
  EngineFunction,
  EngineScalar,
  EngineValue,
} from "fast-formula-parser";
import { asCell, broadcast, isMultiCell, scalarArgument } from "./engine-broadcast";
import { takesArray } from "./engine-caveats";
import { EngineUnsupported, FormulaError, isEngineError } from "./engine-values";

/**
 * Excel 365 runs a function once per cell when it is given a range or array where it takes one value
 * (UPPER(A2:A9), DATE(2024,SEQUENCE(12),1), INDEX(r,SEQUENCE(5)), IF(A2:A9>5,"big","small")) and
 * spills the results. The engine would use the first cell; these wrappers do what Excel does.
 */

/** Wraps a function so each argument in a one-value position that holds several cells is run cell by cell. */
export function lifted(name: string, original: EngineFunction): EngineFunction {
  return (...args) => {
    const spread = args.flatMap((arg, index) =>
      arg && !arg.omitted && isMultiCell(arg.value) && !takesArray(name, index) ? [index] : [],
    );
    if (spread.length === 0) return original(...args);
    return broadcast(
      spread.map((index) => args[index]?.value ?? null),
      (values) =>
        asCell(() =>
          original(
            ...args.map((arg, index) => {
              const at = spread.indexOf(index);
              return at === -1 ? arg : scalarArgument(arg, values[at] ?? null);
            }),
          ),
        ),
    );
  };
}

/** IF's test as Excel reads it: numbers are TRUE unless 0, "TRUE"/"FALSE" text counts, other text is #VALUE!. */
function truth(value: EngineScalar): boolean | InstanceType<typeof FormulaError> {
  if (isEngineError(value)) return value;
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (/^(true|false)$/i.test(value.trim())) return /^true$/i.test(value.trim());
  return FormulaError.VALUE;
}

/** A branch's value: left empty (IF(c,,x)) is 0, missing (IF(c,x)) is FALSE, a blank cell shows as 0. */
function branch(arg: EngineArgument | undefined): EngineValue {
  if (arg === undefined) return false;
  if (arg.omitted) return 0;
  const value = arg.value;
  if (Array.isArray(value)) return value.map((row) => row.map((cell) => cell ?? 0));
  return value ?? 0;
}

/**
 * IF, run by the engine as an ordinary function (the operator rewrite renames IF calls to SLMIF): both
 * branches are computed, which only costs time, since an error in the branch not taken is a value that
 * is never shown.
 */
export const IF_FUNCTION = "SLMIF";
export const ifFunction: EngineFunction = (test, yes, no) => {
  const condition = test?.value ?? null;
  const whenTrue = branch(yes);
  const whenFalse = branch(no);
  if (!isMultiCell(condition)) {
    const flag = truth(Array.isArray(condition) ? (condition[0]?.[0] ?? null) : condition);
    return isEngineError(flag) ? flag : flag ? whenTrue : whenFalse;
  }
  return broadcast([condition, whenTrue, whenFalse], ([value = null, a = null, b = null]) => {
    const flag = truth(value);
    return isEngineError(flag) ? flag : flag ? a : b;
  });
};

interface IndexContext {
  utils: { extractRefValue(value: unknown): { val: EngineValue } };
  retrieveRef(value: unknown): EngineValue;
}

/** INDEX with a list of row or column numbers gives one cell per number: INDEX(r,SEQUENCE(5)). */
export function indexOverArrays(original: ContextFunction): ContextFunction {
  return (context, ranges, rowNum, colNum, areaNum) => {
    const engine = context as IndexContext;
    const rows = rowNum === undefined || rowNum === null ? null : engine.utils.extractRefValue(rowNum).val;
    const cols = colNum === undefined || colNum === null ? null : engine.utils.extractRefValue(colNum).val;
    if (!isMultiCell(rows) && !isMultiCell(cols)) return original(context, ranges, rowNum, colNum, areaNum);
    if (areaNum !== undefined && areaNum !== null)
      throw new EngineUnsupported("INDEX with several areas and a list of positions");
    return broadcast([rows, cols], ([row = null, col = null]) =>
      asCell(() => {
        const picked = original(context, ranges, rows === null ? rowNum : row, cols === null ? colNum : col);
        if (isEngineError(picked)) return picked;
        const isReference = typeof picked === "object" && picked !== null && "ref" in picked;
        return (isReference ? engine.retrieveRef(picked) : picked) as EngineValue;
      }),
    );
  };
}
