import type { CellGrid, CellValue } from "../../sheet/cells";
import { parseRangeAddress } from "../../sheet/a1";

/**
 * Values arrive in custom functions as Excel gives them: numbers, strings, booleans, and ""
 * (or null) for empty cells. Anything else is turned into text so nothing is silently dropped.
 */
export function gridFromCustomFunctionArgument(values: unknown[][]): CellGrid {
  return values.map((row) => row.map(toCellValue));
}

function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** The top-left cell of an address such as "Sheet1!D2:F10", or undefined if it cannot be read. */
export function originOfAddress(address: string): { row: number; col: number } | undefined {
  try {
    return parseRangeAddress(address).start;
  } catch {
    return undefined;
  }
}
