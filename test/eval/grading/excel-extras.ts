import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type ImplementedFunctions,
} from "hyperformula";
import { matchesCriterion, type Scalar } from "./criteria";

/**
 * Excel functions HyperFormula 3 lacks (RANK.EQ, AVERAGEIFS, SORTBY, CHOOSECOLS) or implements
 * differently (its FILTER takes more conditions where Excel's takes if_empty, and filters only one
 * row or column), written here from Excel's documentation so the grader can run every formula the
 * compiler writes. Excel's FILTER is registered as XLFILTER; the grader renames calls to it.
 */

type Plugin = InstanceType<typeof FunctionPlugin>;
type RunFunction = Plugin["runFunction"];
type Ast = Parameters<RunFunction>[0][number];
type State = Parameters<RunFunction>[1];
type Procedure = { args: Ast[] };
type Value = ReturnType<RunFunction>;

const { RANGE, NUMBER, SCALAR, ANY } = FunctionArgumentType;

/** Numbers come as plain numbers or as HyperFormula's RichNumber wrappers ({ val }). */
function raw(value: unknown): Scalar {
  if (value === EmptyValue || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "object" && "val" in value && typeof value.val === "number") return value.val;
  return null;
}

/** Spilled results show a blank source cell as 0, as Excel does. */
function spilled(rows: unknown[][]): SimpleRangeValue {
  return SimpleRangeValue.onlyValues(rows.map((row) => row.map((cell) => raw(cell) ?? 0)));
}

function rowsOf(range: SimpleRangeValue): unknown[][] {
  return range.data;
}

function columnOf(range: SimpleRangeValue): Scalar[] {
  return rowsOf(range).map((row) => raw(row[0]));
}

/** Excel's sort order: numbers, then text (ignoring case), then FALSE, TRUE; blanks last. */
function compareForSort(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) =>
    typeof v === "number" ? 0 : typeof v === "string" ? 1 : typeof v === "boolean" ? 2 : 3;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return 0;
}

export class ExcelExtrasPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    "RANK.EQ": {
      method: "rankEq",
      parameters: [
        { argumentType: NUMBER },
        { argumentType: RANGE },
        { argumentType: NUMBER, defaultValue: 0 },
      ],
    },
    AVERAGEIFS: {
      method: "averageIfs",
      parameters: [{ argumentType: RANGE }, { argumentType: RANGE }, { argumentType: SCALAR }],
      repeatLastArgs: 2,
    },
    SORTBY: {
      method: "sortBy",
      sizeOfResultArrayMethod: "firstArgumentSize",
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: RANGE },
        { argumentType: RANGE },
        { argumentType: NUMBER, defaultValue: 1 },
      ],
      repeatLastArgs: 2,
    },
    CHOOSECOLS: {
      method: "chooseCols",
      sizeOfResultArrayMethod: "chooseColsSize",
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: RANGE }, { argumentType: NUMBER }],
      repeatLastArgs: 1,
    },
    XLFILTER: {
      method: "filter",
      sizeOfResultArrayMethod: "firstArgumentSize",
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: RANGE },
        { argumentType: RANGE },
        { argumentType: ANY, optionalArg: true },
      ],
    },
  };

  rankEq(ast: Procedure, state: State): Value {
    return this.runFunction(ast.args, state, this.metadata("RANK.EQ"), rankEq);
  }

  averageIfs(ast: Procedure, state: State): Value {
    return this.runFunction(ast.args, state, this.metadata("AVERAGEIFS"), averageIfs);
  }

  sortBy(ast: Procedure, state: State): Value {
    return this.runFunction(ast.args, state, this.metadata("SORTBY"), sortBy);
  }

  chooseCols(ast: Procedure, state: State): Value {
    return this.runFunction(ast.args, state, this.metadata("CHOOSECOLS"), chooseCols);
  }

  filter(ast: Procedure, state: State): Value {
    return this.runFunction(ast.args, state, this.metadata("XLFILTER"), filter);
  }

  firstArgumentSize(ast: Procedure, state: State): ArraySize {
    const first = ast.args[0];
    return first ? this.arraySizeForAst(first, state) : ArraySize.error();
  }

  chooseColsSize(ast: Procedure, state: State): ArraySize {
    const first = ast.args[0];
    if (!first) return ArraySize.error();
    return new ArraySize(ast.args.length - 1, this.arraySizeForAst(first, state).height);
  }
}

function rankEq(value: number, range: SimpleRangeValue, order: number): number | CellError {
  const numbers = rowsOf(range)
    .flat()
    .map(raw)
    .filter((cell): cell is number => typeof cell === "number");
  if (!numbers.includes(value)) return new CellError(ErrorType.NA);
  const ahead = numbers.filter((other) => (order === 0 ? other > value : other < value));
  return ahead.length + 1;
}

function averageIfs(values: SimpleRangeValue, ...pairs: (SimpleRangeValue | unknown)[]): number | CellError {
  const cells = rowsOf(values).flat().map(raw);
  let total = 0;
  let count = 0;
  cells.forEach((cell, index) => {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const range = pairs[i];
      if (!(range instanceof SimpleRangeValue)) return;
      if (!matchesCriterion(raw(rowsOf(range).flat()[index]), raw(pairs[i + 1]))) return;
    }
    if (typeof cell === "number") {
      total += cell;
      count++;
    }
  });
  return count === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : total / count;
}

function sortBy(array: SimpleRangeValue, ...keys: (SimpleRangeValue | number)[]): SimpleRangeValue {
  const rows = rowsOf(array).map((row, index) => ({ row, index }));
  const sorted = [...rows].sort((a, b) => {
    for (let i = 0; i < keys.length; i += 2) {
      const by = keys[i];
      const order = keys[i + 1] ?? 1;
      if (!(by instanceof SimpleRangeValue)) continue;
      const column = columnOf(by);
      const difference = compareForSort(column[a.index] ?? null, column[b.index] ?? null);
      if (difference !== 0) return order === -1 ? -difference : difference;
    }
    return a.index - b.index;
  });
  return spilled(sorted.map(({ row }) => row));
}

function chooseCols(array: SimpleRangeValue, ...columns: number[]): SimpleRangeValue | CellError {
  const width = array.width();
  const picks = columns.map((column) => (column < 0 ? width + column : column - 1));
  if (picks.some((pick) => pick < 0 || pick >= width)) return new CellError(ErrorType.VALUE);
  return spilled(rowsOf(array).map((row) => picks.map((pick) => row[pick])));
}

function filter(array: SimpleRangeValue, include: SimpleRangeValue, ifEmpty?: unknown): Value {
  const flags = rowsOf(include).flat().map(raw);
  const byRow = include.width() === 1 && flags.length === array.height();
  const byColumn = include.height() === 1 && flags.length === array.width();
  if (!byRow && !byColumn) return new CellError(ErrorType.VALUE);
  if (flags.some((flag) => typeof flag === "string")) return new CellError(ErrorType.VALUE);
  const keep = flags.map((flag) => flag === true || (typeof flag === "number" && flag !== 0));
  const rows = byRow
    ? rowsOf(array).filter((_row, index) => keep[index])
    : rowsOf(array).map((row) => row.filter((_cell, index) => keep[index]));
  if (rows.length === 0 || rows[0]?.length === 0) {
    return ifEmpty === undefined
      ? new CellError(ErrorType.NA, "FILTER matched nothing (#CALC!)")
      : (raw(ifEmpty) ?? "");
  }
  return spilled(rows);
}

let registered = false;

/** Registers the plugin once per process (HyperFormula's function registry is global). */
export function registerExcelExtras(): void {
  if (registered) return;
  HyperFormula.registerFunctionPlugin(ExcelExtrasPlugin, {
    enGB: {
      "RANK.EQ": "RANK.EQ",
      AVERAGEIFS: "AVERAGEIFS",
      SORTBY: "SORTBY",
      CHOOSECOLS: "CHOOSECOLS",
      XLFILTER: "XLFILTER",
    },
  });
  registered = true;
}
