import type { EngineArgument, EngineFunction, EngineScalar, EngineValue } from "fast-formula-parser";
import {
  argGrid,
  argNumber,
  argScalar,
  EngineUnsupported,
  FormulaError,
  isEngineError,
  isOmitted,
} from "./engine-values";
import { wildcardRegex } from "./excel-criteria";

/**
 * MATCH and XLOOKUP in their exact-match forms, which are the ones plans compile to. Approximate and
 * wildcard modes depend on sort order and binary search details, so they are reported as unsupported
 * instead of being imitated.
 */

/** Exact equality as lookups use it: same kind of value, text ignoring case. */
function sameValue(a: EngineScalar, b: EngineScalar): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** A lookup array must be one row or one column; its cells in order. */
function vector(arg: EngineArgument | undefined): { cells: EngineScalar[]; vertical: boolean } {
  const grid = argGrid(arg);
  const cols = grid[0]?.length ?? 0;
  if (grid.length > 1 && cols > 1) throw FormulaError.NA;
  return { cells: grid.flat(), vertical: cols <= 1 };
}

function match(args: EngineArgument[]): EngineScalar {
  const [lookup, array, type] = args;
  const matchType = argNumber(type, 1);
  if (matchType !== 0) throw new EngineUnsupported("MATCH with match_type 1 or -1 (approximate match)");
  const key = argScalar(lookup);
  if (isEngineError(key)) return key;
  const { cells } = vector(array);
  // MATCH's exact mode reads * ? ~ in a text key as wildcards.
  const pattern = typeof key === "string" ? wildcardRegex(key, true) : null;
  const index = cells.findIndex((cell) =>
    pattern ? typeof cell === "string" && pattern.test(cell) : sameValue(cell, key),
  );
  return index === -1 ? FormulaError.NA : index + 1;
}

function xlookup(args: EngineArgument[]): EngineValue {
  const [lookup, lookupArray, returnArray, ifNotFound, matchMode, searchMode] = args;
  if (argNumber(matchMode, 0) !== 0)
    throw new EngineUnsupported("XLOOKUP with a match_mode other than 0 (exact)");
  const search = argNumber(searchMode, 1);
  if (search !== 1 && search !== -1)
    throw new EngineUnsupported("XLOOKUP with binary search (search_mode 2 or -2)");
  const key = argScalar(lookup);
  if (isEngineError(key)) return key;
  const { cells, vertical } = vector(lookupArray);
  const results = argGrid(returnArray);
  const resultLength = vertical ? results.length : (results[0]?.length ?? 0);
  if (resultLength !== cells.length) return FormulaError.VALUE;

  const order = cells.map((_, i) => i);
  if (search === -1) order.reverse();
  const found = order.find((i) => sameValue(cells[i] ?? null, key));
  if (found === undefined)
    return isOmitted(ifNotFound) ? FormulaError.NA : (ifNotFound?.value ?? FormulaError.NA);
  const picked = vertical ? [results[found] ?? []] : results.map((row) => [row[found] ?? null]);
  return picked.length === 1 && picked[0]?.length === 1 ? (picked[0][0] ?? null) : picked;
}

export const LOOKUP_FUNCTIONS: Record<string, EngineFunction> = {
  MATCH: (...args) => match(args),
  XLOOKUP: (...args) => xlookup(args),
};
