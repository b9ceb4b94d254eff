import { cellKind } from "../cell-kind";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

/**
 * Error values (#N/A, #DIV/0!, …) in a data column: a failed lookup or division pasted as values,
 * or a formula that broke. One in a column makes SUM, AVERAGE and lookups over it return the error.
 */
export function errorValues(view: ColumnView): DataFinding[] {
  const findings: DataFinding[] = [];
  const { header, type } = view.profile;
  const expected = type === "number" || type === "date" ? `a column of ${type}s` : `"${header}"`;
  view.values.forEach((value, dataRow) => {
    if (cellKind(value) !== "error") return;
    findings.push(
      findingAt(view, dataRow, {
        kind: "error-value",
        severity: "error",
        reason:
          `${String(value)} is an error value in ${expected}: SUM, AVERAGE, sorting and lookups over ` +
          `"${header}" give the error or skip the row. ${CAUSES[String(value)] ?? ""}`.trim(),
        fix: "Replace it with the real value (or leave the cell blank if it is unknown), and fix the formula or lookup that produced it.",
      }),
    );
  });
  return findings;
}

const CAUSES: Record<string, string> = {
  "#N/A": "It usually comes from a lookup that found nothing.",
  "#DIV/0!": "It comes from a division by zero or by an empty cell.",
  "#REF!": "It comes from a formula whose cells were deleted.",
  "#VALUE!": "It comes from arithmetic on text.",
  "#NAME?": "It comes from a misspelt function or name.",
};
