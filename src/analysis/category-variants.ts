import { editDistance, isAbbreviationOf, isTruncationOf } from "./text-similarity";

/**
 * Spellings of one category that should probably be one: "east" and " East" for "East" (certain), and
 * "Calif." or "Nort" for "California" / "North" (candidates: a later step, a person or the model,
 * confirms before anything is merged).
 */
export type VariantRelation = "case" | "spacing" | "near-duplicate" | "abbreviation";

export interface SpellingVariant {
  spelling: string;
  /** The spelling to merge into: the most used clean spelling of the category. */
  canonical: string;
  relation: VariantRelation;
  count: number;
  canonicalCount: number;
  /** Case and spacing always; a near duplicate when it is rare next to its canonical spelling. */
  confident: boolean;
}

interface Category {
  key: string;
  canonical: string;
  total: number;
  spellings: Map<string, number>;
}

/** Spacing collapsed and case folded: what a reader sees as "the same word". */
export function categoryKey(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

/** `counts`: each raw spelling with how often it occurs, in first-seen order. */
export function findSpellingVariants(counts: ReadonlyMap<string, number>): SpellingVariant[] {
  const categories = groupByKey(counts);
  const variants: SpellingVariant[] = [];
  categories.forEach((category, index) => {
    const target = mergeTarget(categories, index);
    for (const [spelling, count] of category.spellings) {
      if (target) {
        const { into, relation } = target;
        // A near duplicate is only a candidate when it is common too: then it may be a real category.
        const confident = category.total <= Math.max(2, into.total * 0.1);
        variants.push({
          spelling,
          canonical: into.canonical,
          relation,
          count,
          canonicalCount: into.total,
          confident,
        });
      } else if (spelling !== category.canonical) {
        variants.push({
          spelling,
          canonical: category.canonical,
          relation: tidy(spelling) === category.canonical ? "spacing" : "case",
          count,
          canonicalCount: category.spellings.get(category.canonical) ?? 0,
          confident: true,
        });
      }
    }
  });
  return variants;
}

function tidy(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function groupByKey(counts: ReadonlyMap<string, number>): Category[] {
  const byKey = new Map<string, Category>();
  for (const [spelling, count] of counts) {
    const key = categoryKey(spelling);
    if (!key) continue;
    const category = byKey.get(key) ?? { key, canonical: spelling, total: 0, spellings: new Map() };
    category.total += count;
    category.spellings.set(spelling, count);
    byKey.set(key, category);
  }
  for (const category of byKey.values()) category.canonical = canonicalSpelling(category.spellings);
  return [...byKey.values()];
}

/** The most used spelling that is already tidy; a messy spelling only when there is no tidy one. */
function canonicalSpelling(spellings: Map<string, number>): string {
  let best: string | null = null;
  let bestScore = -1;
  for (const [spelling, count] of spellings) {
    // Tidy spellings outrank any count of messy ones; strict ">" keeps the first seen on ties.
    const score = (tidy(spelling) === spelling ? 1e12 : 0) + count;
    if (score > bestScore) [best, bestScore] = [spelling, score];
  }
  return best ?? "";
}

/** The most used other category this one looks like a misspelling of, if any. */
function mergeTarget(
  categories: Category[],
  index: number,
): { into: Category; relation: VariantRelation } | null {
  const small = categories[index];
  if (!small) return null;
  let target: { into: Category; relation: VariantRelation } | null = null;
  for (let other = 0; other < categories.length; other++) {
    const large = categories[other];
    if (!large || other === index) continue;
    // The rarer spelling is the suspect; on equal counts the one seen first is taken as the original.
    const larger = large.total > small.total || (large.total === small.total && other < index);
    if (!larger || (target && target.into.total >= large.total)) continue;
    const relation = similarity(small.key, large.key);
    if (relation) target = { into: large, relation };
  }
  return target;
}

function similarity(small: string, large: string): VariantRelation | null {
  // "Q1"/"Q2" or "Size 10"/"Size 12" differ on purpose: different numbers are different categories.
  if (small.replace(/\D/g, "") !== large.replace(/\D/g, "")) return null;
  if (isAbbreviationOf(small, large)) return "abbreviation";
  if (isTruncationOf(small, large)) return "near-duplicate";
  // Typos keep the first letter ("Nevda", "Nrth"); names that differ there ("Dan"/"Ann") are other words.
  if (small[0] !== large[0]) return null;
  const shorter = Math.min(small.length, large.length);
  const allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
  if (allowed === 0) return null;
  return editDistance(small, large, allowed) <= allowed ? "near-duplicate" : null;
}
