import { cellKind } from "../cell-kind";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

export interface BlankOptions {
  /** A column filled at least this much is meant to be complete. Default 0.9. */
  mostlyFilled?: number;
  /** Fewer rows than this say nothing about intent. Default 5. */
  minRows?: number;
}

/** Gaps in columns that are otherwise complete; sparse columns (notes, optional fields) are left alone. */
export function blanksInFilledColumns(view: ColumnView, options: BlankOptions = {}): DataFinding[] {
  const { mostlyFilled = 0.9, minRows = 5 } = options;
  const gaps: number[] = [];
  let rows = 0;
  view.values.forEach((value, dataRow) => {
    if (view.emptyRows.has(dataRow)) return;
    rows++;
    if (cellKind(value) === "blank") gaps.push(dataRow);
  });
  const filled = rows - gaps.length;
  if (rows < minRows || gaps.length === 0 || filled / rows < mostlyFilled) return [];
  const name = view.profile.header;
  return gaps.map((dataRow) => {
    const spaces = typeof view.values[dataRow] === "string";
    return findingAt(view, dataRow, {
      kind: "blank",
      severity: "warning",
      reason: `${spaces ? "Holds only spaces" : "Blank"}, while ${filled} of ${rows} rows of "${name}" have a value.`,
      fix: "Fill in the missing value. If it is truly unknown, say so in a notes column rather than leaving a gap.",
    });
  });
}
