import { cellKind, describeValue } from "../cell-kind";
import { dominantShape, familyOf, fitsShape, type DominantShape } from "../value-shape";
import { findingAt, percent, type ColumnView, type DataFinding } from "./data-finding";

/**
 * The text (and numbers) of a text column as the shape check reads them; null for cells it ignores.
 * Numbers take part because a bare 17 in a column of "INV-0017" is exactly the slip to catch.
 */
export function shapeTexts(view: ColumnView): (string | null)[] | null {
  const { kinds } = view.profile;
  if (kinds.text < kinds.number || kinds.text < kinds.date) return null;
  return view.values.map((value) => {
    const kind = cellKind(value);
    if (kind === "text") return (value as string).trim();
    if (kind === "number") return String(value);
    return null;
  });
}

// The category check and the validation rules ask for the same column's shape; learn it once per view.
const shapes = new WeakMap<ColumnView, DominantShape | null>();

export function columnShape(view: ColumnView): DominantShape | null {
  const known = shapes.get(view);
  if (known !== undefined) return known;
  const texts = shapeTexts(view);
  const shape = texts ? dominantShape(texts.filter((text): text is string => text !== null)) : null;
  shapes.set(view, shape);
  return shape;
}

/** Values that break the shape most of the column follows: ids, codes, e-mails, phones, dates as text. */
export function patternBreaks(view: ColumnView): DataFinding[] {
  const shape = columnShape(view);
  const texts = shape && shapeTexts(view);
  if (!shape || !texts) return [];
  const findings: DataFinding[] = [];
  texts.forEach((text, dataRow) => {
    if (text === null || fitsShape(text, shape)) return;
    const shown = describeValue(view.values[dataRow] ?? null) + digitNote(text, shape);
    const expected =
      shape.kind === "layout"
        ? `${percent(shape.share)} of "${view.profile.header}" follow ${shape.description} (e.g. ${JSON.stringify(shape.example)})`
        : `${percent(shape.share)} of "${view.profile.header}" look like ${shape.description} (e.g. ${JSON.stringify(shape.example)})`;
    findings.push(
      findingAt(view, dataRow, {
        kind: "pattern-break",
        severity: "warning",
        reason: `${shown} does not look like the rest of the column: ${expected}.`,
        fix: `Correct it to ${shape.description}, or check that it belongs in this column.`,
      }),
    );
  });
  return findings;
}

/** A phone with the wrong number of digits looks like a phone; say what is off. */
function digitNote(text: string, shape: DominantShape): string {
  if (shape.kind !== "phone" || !shape.digitCounts || familyOf(text) !== "phone") return "";
  const counts = [...shape.digitCounts].sort((a, b) => a - b).join(" or ");
  return ` (${text.replace(/\D/g, "").length} digits; the column's numbers have ${counts})`;
}
