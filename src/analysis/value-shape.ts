import { dateText } from "./cell-kind";

/**
 * The shape a column's text is meant to have, learnt from the column itself: a fixed layout such as
 * "INV-0001" (letters→A/a, digits→9, the rest kept), or a looser family (e-mail, phone, date) when the
 * layouts vary but the kind does not.
 */
export type ShapeFamily = "email" | "phone" | "date";

export interface DominantShape {
  kind: "layout" | ShapeFamily;
  /** The most used layout ("AAA-9999") for a layout, the family name otherwise. */
  shape: string;
  /** For prose: "the layout AAA-9999", "an e-mail address". */
  description: string;
  /** Share (0..1) of the values that fit. */
  share: number;
  /** The first value that fits, to show what is expected. */
  example: string;
  /** Shortest and longest fitting value. */
  length: { min: number; max: number };
  /**
   * Layouts: every layout the column uses often enough to be a convention (UK postcodes come in six),
   * and the digit-width-free forms of counters that are not zero-padded ("C7" next to "C1234").
   */
  layouts?: ReadonlySet<string>;
  looseLayouts?: ReadonlySet<string>;
  /** Phones: the digit counts the column's numbers have (10, and 11 with a "+1"). */
  digitCounts?: ReadonlySet<number>;
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

/** A layout with each run of digits widened to "any number of digits": "AA-9+" for "CT-7" and "CT-1234". */
export function looseLayout(layout: string): string {
  return layout.replace(/9+/g, "9+");
}

/**
 * The shape a column's values are meant to have, learnt from the values. E-mail addresses first,
 * whatever their local parts look like ("u7@…" next to "u42@…"); then code layouts: every layout used
 * often enough counts, so legitimate variety (postcode formats, unpadded counters) is not a break,
 * while a one-off layout in a column of conventions is; then phones (with the column's digit counts)
 * and dates written as text.
 */
export function dominantShape(texts: readonly string[], options: ShapeOptions = {}): DominantShape | null {
  const { minShare = 0.8, minValues = 5 } = options;
  if (texts.length < minValues) return null;
  const families = new Map<ShapeFamily, number>();
  for (const text of texts) {
    const family = familyOf(text);
    if (family) families.set(family, (families.get(family) ?? 0) + 1);
  }
  const share = (family: ShapeFamily) => (families.get(family) ?? 0) / texts.length;
  if (share("email") >= minShare) return describe(texts, familyShape("email"));
  const layout = layoutShape(texts, minShare);
  if (layout) return layout;
  if (share("phone") >= minShare)
    return describe(texts, { ...familyShape("phone"), digitCounts: digitCounts(texts) });
  if (share("date") >= minShare) return describe(texts, familyShape("date"));
  return null;
}

function familyShape(family: ShapeFamily): Pick<DominantShape, "kind" | "shape" | "description"> {
  return { kind: family, shape: family, description: FAMILY_DESCRIPTION[family] };
}

/** Most columns of codes hold a handful of layouts at most; more is free text. */
const MAX_LAYOUTS = 8;
/** With several layouts, they must cover this much of the column to be its conventions. */
const MIN_COVERAGE = 0.9;

function layoutShape(texts: readonly string[], minShare: number): DominantShape | null {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const layout = layoutOf(text);
    counts.set(layout, (counts.get(layout) ?? 0) + 1);
  }
  // A layout seen once (or in under 1% of a long column) is a slip until shown otherwise.
  const minCount = Math.max(2, Math.ceil(texts.length * 0.01));
  const common = [...counts].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1]);
  const best = common[0];
  if (!best || common.length > MAX_LAYOUTS || !common.every(([layout]) => isCodeLayout(layout))) return null;
  const layouts = new Set(common.map(([layout]) => layout));
  const found = {
    kind: "layout" as const,
    shape: best[0],
    description:
      layouts.size === 1
        ? `the layout ${best[0]}`
        : `one of the layouts ${common
            .slice(0, 4)
            .map(([layout]) => layout)
            .join(", ")}${layouts.size > 4 ? ", …" : ""}`,
    layouts,
    looseLayouts: unpaddedCounters(texts, layouts),
  };
  const shape = describe(texts, found);
  const enough = layouts.size === 1 ? best[1] / texts.length >= minShare : shape.share >= MIN_COVERAGE;
  return enough ? shape : null;
}

/**
 * Loose forms shared by several common layouts whose digits are never zero-padded: a counter that
 * grew from 1 to 1234, where any width is right. Padded ids ("INV-0001") keep their exact width.
 */
function unpaddedCounters(texts: readonly string[], layouts: ReadonlySet<string>): Set<string> {
  const widths = new Map<string, number>();
  const padded = new Set<string>();
  for (const layout of layouts) widths.set(looseLayout(layout), (widths.get(looseLayout(layout)) ?? 0) + 1);
  for (const text of texts) {
    if (/(?:^|\D)0\d/.test(text) && layouts.has(layoutOf(text))) padded.add(looseLayout(layoutOf(text)));
  }
  return new Set(
    [...widths].filter(([loose, count]) => count >= 2 && !padded.has(loose)).map(([loose]) => loose),
  );
}

/** Digit counts used by at least 5% of the phone numbers: a country's numbers have one or two. */
function digitCounts(texts: readonly string[]): Set<number> {
  const counts = new Map<number, number>();
  let phones = 0;
  for (const text of texts) {
    if (familyOf(text) !== "phone") continue;
    phones++;
    const digits = text.replace(/\D/g, "").length;
    counts.set(digits, (counts.get(digits) ?? 0) + 1);
  }
  const floor = Math.max(2, phones * 0.05);
  return new Set([...counts].filter(([, count]) => count >= floor).map(([digits]) => digits));
}

/**
 * Codes are short and hold a digit: "INV-0001", "+1 555-0100", "AB 12 CD". Letter-only layouts are
 * words (categories, which other checks handle), and long ones are sentences that happen to agree.
 */
function isCodeLayout(layout: string): boolean {
  return layout.includes("9") && layout.length <= 24 && layout.split(" ").length <= 3;
}

export function fitsShape(
  text: string,
  shape: Pick<DominantShape, "kind" | "shape" | "layouts" | "looseLayouts" | "digitCounts">,
): boolean {
  if (shape.kind === "layout") {
    const layout = layoutOf(text);
    const layouts = shape.layouts ?? new Set([shape.shape]);
    return layouts.has(layout) || (shape.looseLayouts?.has(looseLayout(layout)) ?? false);
  }
  if (familyOf(text) !== shape.kind) return false;
  return (
    shape.kind !== "phone" || !shape.digitCounts || shape.digitCounts.has(text.replace(/\D/g, "").length)
  );
}

function describe(
  texts: readonly string[],
  found: Omit<DominantShape, "share" | "example" | "length">,
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
