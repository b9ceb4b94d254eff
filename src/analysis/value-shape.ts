import { dateText } from "./cell-kind";

/**
 * The shape a column's text is meant to have, learnt from the column itself: a fixed layout such as
 * "INV-0001" (letters→A/a, digits→9, the rest kept), or a looser family (e-mail, phone, date) when the
 * layouts vary but the kind does not.
 */
export type ShapeFamily = "email" | "phone" | "date";

export interface DominantShape {
  kind: "layout" | ShapeFamily;
  /** "AAA-9999" for a layout, the family name otherwise. */
  shape: string;
  /** For prose: "the layout AAA-9999", "an e-mail address". */
  description: string;
  /** Share (0..1) of the values that fit. */
  share: number;
  /** The first value that fits, to show what is expected. */
  example: string;
  /** Shortest and longest fitting value. */
  length: { min: number; max: number };
}

export interface ShapeOptions {
  /** The share of values that must fit for a shape to be the column's. Default 0.8. */
  minShare?: number;
  /** Fewer values than this show no pattern. Default 5. */
  minValues?: number;
}

export function layoutOf(text: string): string {
  let layout = "";
  for (const ch of text) {
    if (ch >= "0" && ch <= "9") layout += "9";
    else if (ch >= "A" && ch <= "Z") layout += "A";
    else if (ch >= "a" && ch <= "z") layout += "a";
    else layout += ch;
  }
  return layout;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[A-Za-z]{2,}$/;
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;

export function familyOf(text: string): ShapeFamily | null {
  const trimmed = text.trim();
  if (EMAIL.test(trimmed)) return "email";
  if (dateText(trimmed)) return "date";
  if (PHONE_CHARACTERS.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, "").length;
    if (digits >= 7 && digits <= 15) return "phone";
  }
  return null;
}

const FAMILY_DESCRIPTION: Record<ShapeFamily, string> = {
  email: "an e-mail address",
  phone: "a phone number",
  date: "a date",
};

/**
 * A code layout wins when one covers enough values; otherwise a family may cover them.
 */
export function dominantShape(texts: readonly string[], options: ShapeOptions = {}): DominantShape | null {
  const { minShare = 0.8, minValues = 5 } = options;
  if (texts.length < minValues) return null;
  const layouts = new Map<string, number>();
  for (const text of texts) {
    const layout = layoutOf(text);
    layouts.set(layout, (layouts.get(layout) ?? 0) + 1);
  }
  let best = "";
  let bestCount = 0;
  for (const [layout, count] of layouts) if (count > bestCount) [best, bestCount] = [layout, count];
  if (bestCount / texts.length >= minShare && isCodeLayout(best)) {
    return describe(texts, { kind: "layout", shape: best, description: `the layout ${best}` });
  }
  const families = new Map<ShapeFamily, number>();
  for (const text of texts) {
    const family = familyOf(text);
    if (family) families.set(family, (families.get(family) ?? 0) + 1);
  }
  for (const [family, count] of families) {
    if (count / texts.length >= minShare) {
      return describe(texts, { kind: family, shape: family, description: FAMILY_DESCRIPTION[family] });
    }
  }
  return null;
}

/**
 * Codes are short and hold a digit: "INV-0001", "+1 555-0100", "AB 12 CD". Letter-only layouts are
 * words (categories, which other checks handle), and long ones are sentences that happen to agree.
 */
function isCodeLayout(layout: string): boolean {
  return layout.includes("9") && layout.length <= 24 && layout.split(" ").length <= 3;
}

export function fitsShape(text: string, shape: Pick<DominantShape, "kind" | "shape">): boolean {
  return shape.kind === "layout" ? layoutOf(text) === shape.shape : familyOf(text) === shape.kind;
}

function describe(
  texts: readonly string[],
  found: Pick<DominantShape, "kind" | "shape" | "description">,
): DominantShape {
  let fitting = 0;
  let example = "";
  let min = Infinity;
  let max = 0;
  for (const text of texts) {
    if (!fitsShape(text, found)) continue;
    fitting++;
    if (!example) example = text;
    min = Math.min(min, text.length);
    max = Math.max(max, text.length);
  }
  return { ...found, share: fitting / texts.length, example, length: { min, max } };
}
