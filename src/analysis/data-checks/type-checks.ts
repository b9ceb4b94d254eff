import { cellKind, dateLikeText, dateText, describeValue, numericText } from "../cell-kind";
import { findingAt, percent, type ColumnView, type DataFinding } from "./data-finding";

type IntendedType = "number" | "date" | "boolean";

interface Tally {
  numbers: number;
  numericTexts: number;
  dates: number;
  dateTexts: number;
  booleans: number;
  total: number;
}

/** Columns need this many typed values before one kind can be said to be the rule. */
const MIN_VALUES = 5;
const INTENDED_SHARE = 0.8;

/**
 * Cells whose kind breaks the column's: text among numbers or dates, and above all numbers and dates
 * stored as text, which look right but are skipped by SUM, sorting and filters.
 */
export function typeMismatches(view: ColumnView): DataFinding[] {
  const tally = tallyKinds(view);
  const intended = intendedType(tally);
  if (!intended) return [];
  const share = intendedShare(tally, intended);
  const findings: DataFinding[] = [];
  view.values.forEach((value, dataRow) => {
    const kind = cellKind(value);
    if (kind === "blank" || kind === "error" || kind === intended) return;
    const shown = describeValue(value);
    const name = view.profile.header;
    if (intended === "number" && typeof value === "string" && numericText(value) !== null) {
      findings.push(
        findingAt(view, dataRow, {
          kind: "number-as-text",
          severity: "warning",
          reason: `${shown} is stored as text, not as a number, so SUM, averages and sorting in "${name}" skip it.`,
          fix: "Convert it to a number: retype it, or use Data › Text to Columns or =VALUE() on the column.",
        }),
      );
    } else if (intended === "date" && typeof value === "string" && dateText(value)) {
      findings.push(
        findingAt(view, dataRow, {
          kind: "date-as-text",
          severity: "warning",
          reason: `${shown} is stored as text, not as a date, so date sorting, filters and arithmetic in "${name}" skip it.`,
          fix: "Re-enter it as a date (or convert it with =DATEVALUE()) and give it the column's date format.",
        }),
      );
    } else if (intended === "date" && typeof value === "string" && dateLikeText(value)) {
      findings.push(
        findingAt(view, dataRow, {
          kind: "implausible-date",
          severity: "warning",
          reason: `${shown} is written as a date, but that day does not exist, so it was kept as text in "${name}".`,
          fix: "Correct the day or month (check the source), then enter it as a date.",
        }),
      );
    } else {
      findings.push(
        findingAt(view, dataRow, {
          kind: "type-mismatch",
          severity: "warning",
          reason: `${shown} is ${article(kind)} in a column of ${plural(intended)} (${percent(share)} of "${name}").${serialHint(kind, intended)}`,
          fix: fixFor(intended),
        }),
      );
    }
  });
  return findings;
}

function tallyKinds(view: ColumnView): Tally {
  const tally: Tally = { numbers: 0, numericTexts: 0, dates: 0, dateTexts: 0, booleans: 0, total: 0 };
  for (const value of view.values) {
    const kind = cellKind(value);
    if (kind === "blank" || kind === "error") continue;
    tally.total++;
    if (kind === "number") tally.numbers++;
    else if (kind === "date") tally.dates++;
    else if (kind === "boolean") tally.booleans++;
    else if (typeof value === "string") {
      if (numericText(value) !== null) tally.numericTexts++;
      else if (dateText(value)) tally.dateTexts++;
    }
  }
  return tally;
}

/**
 * Numbers stored as text count towards a number column, but must stay the minority: a column that is
 * mostly numeric text (ZIP codes, account numbers with leading zeros) is text on purpose.
 */
function intendedType(tally: Tally): IntendedType | null {
  if (tally.total < MIN_VALUES) return null;
  if (
    tally.numbers > tally.numericTexts &&
    (tally.numbers + tally.numericTexts) / tally.total >= INTENDED_SHARE
  )
    return "number";
  if (tally.dates > tally.dateTexts && (tally.dates + tally.dateTexts) / tally.total >= INTENDED_SHARE)
    return "date";
  if (tally.booleans / tally.total >= INTENDED_SHARE) return "boolean";
  return null;
}

function intendedShare(tally: Tally, intended: IntendedType): number {
  const count = intended === "number" ? tally.numbers : intended === "date" ? tally.dates : tally.booleans;
  return count / tally.total;
}

function article(kind: string): string {
  return kind === "text"
    ? "text"
    : kind === "date"
      ? "a date"
      : kind === "number"
        ? "a number"
        : "TRUE/FALSE";
}

function plural(kind: IntendedType): string {
  return kind === "boolean" ? "TRUE/FALSE values" : `${kind}s`;
}

function serialHint(kind: string, intended: IntendedType): string {
  return kind === "number" && intended === "date"
    ? " It may be a date serial number shown without a date format."
    : "";
}

function fixFor(intended: IntendedType): string {
  switch (intended) {
    case "number":
      return "Enter the number, or leave the cell blank if the value is unknown; put remarks in a notes column.";
    case "date":
      return "Enter a real date (or format the cell as a date), or leave it blank if the date is unknown.";
    default:
      return "Enter TRUE or FALSE, or leave it blank if unknown.";
  }
}
