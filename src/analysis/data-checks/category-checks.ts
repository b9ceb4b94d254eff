import { categoryKey, findSpellingVariants, type SpellingVariant } from "../category-variants";
import { cellKind } from "../cell-kind";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";
import { columnShape } from "./pattern-checks";

export interface CategoryOptions {
  /** More distinct categories than this and the column is free text. Default 50. */
  maxCategories?: number;
}

/** Raw text spellings with their counts, in first-seen order, or null when the column is not categories. */
export function categorySpellings(
  view: ColumnView,
  options: CategoryOptions = {},
): Map<string, number> | null {
  const maxCategories = options.maxCategories ?? 50;
  // The profile's distinct count includes variants, so it can only overstate: a cheap early "no".
  if (view.profile.type !== "text" || view.profile.distinct > maxCategories * 20) return null;
  const spellings = new Map<string, number>();
  const keys = new Set<string>();
  let texts = 0;
  for (const value of view.values) {
    if (typeof value !== "string" || cellKind(value) !== "text") continue;
    texts++;
    const count = spellings.get(value);
    spellings.set(value, (count ?? 0) + 1);
    if (count === undefined) keys.add(categoryKey(value));
    if (keys.size > maxCategories) return null;
  }
  // Categories repeat: on average each must be used at least twice, and there must not be too many.
  const isCategorical = texts >= 5 && keys.size * 2 <= texts;
  // Codes, e-mails and dates that repeat are not spellings: one letter apart is another customer or code.
  return isCategorical && !columnShape(view) ? spellings : null;
}

/** The same category spelt differently: certain for case and spacing, candidates for look-alikes. */
export function categoryVariants(view: ColumnView, options: CategoryOptions = {}): DataFinding[] {
  const spellings = categorySpellings(view, options);
  if (!spellings) return [];
  const variants = new Map(findSpellingVariants(spellings).map((variant) => [variant.spelling, variant]));
  const findings: DataFinding[] = [];
  view.values.forEach((value, dataRow) => {
    const variant = typeof value === "string" ? variants.get(value) : undefined;
    if (!variant) return;
    const finding = findingAt(view, dataRow, {
      kind: "category-variant",
      severity: variant.confident ? "warning" : "info",
      reason: reasonFor(variant, view.profile.header),
      fix: variant.confident
        ? `Change it to ${JSON.stringify(variant.canonical)} so filters, pivots and COUNTIF see one category.`
        : `If it means ${JSON.stringify(variant.canonical)}, change it to that; if it is a category of its own, leave it.`,
    });
    finding.mergeInto = variant.canonical;
    findings.push(finding);
  });
  return findings;
}

function reasonFor(variant: SpellingVariant, header: string): string {
  const spelling = JSON.stringify(variant.spelling);
  const canonical = `${JSON.stringify(variant.canonical)} (${times(variant.canonicalCount)} in "${header}")`;
  switch (variant.relation) {
    case "case":
      return `${spelling} differs only in capitals from ${canonical}.`;
    case "spacing":
      return `${spelling} has extra spaces; otherwise it is ${canonical}.`;
    case "abbreviation":
      return `${spelling} looks like a short form of ${canonical}: a candidate to merge.`;
    default:
      return `${spelling} looks like a misspelling of ${canonical}: a candidate to merge.`;
  }
}

function times(count: number): string {
  return count === 1 ? "used once" : `used ${count} times`;
}
