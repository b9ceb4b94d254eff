import { readFormula } from "../../formula/formula-tokens";
import { formatSheetName } from "../../sheet/a1";
import type { CellInput } from "./cell-writes";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Before the pane inserts a formula, Excel itself computes it once: the formula goes into the same
 * address on a hidden scratch sheet, its value is read back, and the sheet is deleted again, on
 * every path. This catches what the headless engine cannot know: functions this Excel lacks
 * (#NAME?), names defined in the workbook, real spill and calc behaviour. The user's cells are
 * never touched.
 */
export type ExcelCheck =
  | { status: "ok"; value: CellInput }
  | { status: "error"; value: string }
  | { status: "skipped"; reason: string };

const CELL_REFERENCE =
  /\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+/y;
// Not after a sheet name ("!"), inside a word, or after ":" (the second half of a range is
// qualified with the first: "Sales!B2:B9", never "Sales!B2:Sales!B9").
const BEFORE_REFERENCE = /[A-Za-z0-9_.!$'\]:]/;
const AFTER_REFERENCE = /[A-Za-z0-9_(![]/;

/**
 * The formula with every reference that names no sheet pointed at `sheet` ("=$C2*$D2" on Orders
 * becomes "=Orders!$C2*Orders!$D2"), so it means the same on a scratch sheet at the same address.
 * String literals and quoted sheet names are skipped; relative parts stay relative.
 */
export function qualifyReferences(formula: string, sheet: string): string {
  const prefix = `${formatSheetName(sheet)}!`;
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name, with doubled quotes inside.
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch))
        j += formula[j] === ch ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    CELL_REFERENCE.lastIndex = i;
    const match = CELL_REFERENCE.exec(formula);
    const before = i > 0 ? formula[i - 1]! : "";
    if (
      match &&
      !BEFORE_REFERENCE.test(before) &&
      !AFTER_REFERENCE.test(formula[i + match[0].length] ?? "")
    ) {
      out += prefix + match[0];
      i += match[0].length;
      continue;
    }
    // Skip the rest of a word, so "LOG10" or a name like "rate2024" is never split into a reference.
    const word = /[A-Za-z0-9_.$]+/y;
    word.lastIndex = i;
    const rest = word.exec(formula);
    const length = rest ? rest[0].length : 1;
    out += formula.slice(i, i + length);
    i += length;
  }
  return out;
}

/** Why the formula cannot be computed away from its sheet (after qualifying), or null when it can. */
export function scratchUnsuitable(formula: string): string | null {
  for (const reference of readFormula(formula).references) {
    const target = reference.target;
    if (target.kind === "cells" && target.sheets.length === 0) {
      return `${reference.text} names no sheet, so on a scratch sheet it would point elsewhere.`;
    }
    if (target.kind === "structured" && target.table === null) {
      return `${reference.text} refers to the table the formula sits in.`;
    }
  }
  return null;
}

export async function checkInScratchSheet(
  excel: ExcelBatch,
  target: { sheet: string; cell: string },
  written: string,
): Promise<ExcelCheck> {
  const formula = qualifyReferences(written, target.sheet);
  const unsuitable = scratchUnsuitable(formula);
  if (unsuitable) return { status: "skipped", reason: `Not checked in Excel: ${unsuitable}` };
  const name = `SLM check ${Math.random().toString(36).slice(2, 8)}`;
  return excel(async (context) => {
    const scratch = context.workbook.worksheets.add(name);
    scratch.visibility = "Hidden" as Excel.SheetVisibility;
    // The sheet exists from here on; if this fails, there is nothing to clean up.
    await context.sync();
    try {
      const cell = scratch.getRange(target.cell);
      cell.formulas = [[formula]];
      cell.calculate();
      cell.load("values,valueTypes");
      await context.sync();
      const value = cell.values[0]?.[0] as CellInput;
      return cell.valueTypes[0]?.[0] === "Error"
        ? { status: "error", value: String(value) }
        : { status: "ok", value };
    } finally {
      // Also when the write failed: the scratch sheet never outlives the check.
      scratch.delete();
      await context.sync();
    }
  });
}
