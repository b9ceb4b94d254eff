import { PlanError } from "./plan-error";
import { describeType } from "./plan-conditions";
import type { TableColumn } from "./table-context";

/** Data quirks in a column that change what a formula over it returns, said once per column. */
export function columnWarnings(column: TableColumn): string[] {
  const warnings: string[] = [];
  if (column.textNumbers > 0) {
    const cells =
      column.textNumbers === 1 ? "1 cell holds a number" : `${column.textNumbers} cells hold numbers`;
    warnings.push(
      `In "${column.header}", ${cells} stored as text; Excel's sums, averages and ranks skip it.`,
    );
  }
  if (column.errors > 0) {
    const cells = column.errors === 1 ? "1 cell holds an error" : `${column.errors} cells hold errors`;
    warnings.push(`In "${column.header}", ${cells} such as #N/A, which can make the result an error too.`);
  }
  if (column.type === "mixed") {
    warnings.push(`"${column.header}" mixes kinds of values (numbers, text, dates); check the result.`);
  }
  return warnings;
}

/** The column must hold numbers (or mixed values, with a warning) for arithmetic, sums and ranks. */
export function requireNumeric(column: TableColumn, purpose: string, allowDates = false): void {
  const ok = column.type === "number" || column.type === "mixed" || (allowDates && column.type === "date");
  if (!ok) {
    throw new PlanError(
      `${purpose} needs a column of numbers, but "${column.header}" holds ${describeType(column)}.`,
    );
  }
}

export function requireDates(column: TableColumn, purpose: string): void {
  if (column.type !== "date" && column.type !== "mixed") {
    throw new PlanError(
      `${purpose} needs a column of dates, but "${column.header}" holds ${describeType(column)}.`,
    );
  }
}
