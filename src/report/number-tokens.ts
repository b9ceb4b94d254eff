/**
 * Finds the numbers and dates a piece of prose states, with how precisely each is written, so a
 * number can be matched to a fact however it was rounded ("1,347.22", "1,347", "1.3k", "24.7%").
 */

export interface NumberToken {
  kind: "number";
  /** As written, for messages: "40%", "1.3k". */
  text: string;
  /** The value the text states; percentages stay in percent ("40" for "40%"). */
  value: number;
  percent: boolean;
  /** The step of the last digit written: 0.01 for "3.14", 100 for "1,300", 100 for "1.3k". */
  resolution: number;
  /** Rounded to tens or more, or scaled (k, million): such forms must also be close in relative terms. */
  coarse: boolean;
}

export interface DateToken {
  kind: "date";
  text: string;
  /** "2024", "2024-03" or "2024-03-05". */
  iso: string;
}

export type StatedValue = NumberToken | DateToken;

const MONTH =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const ISO_DATE = /(?<![\p{L}\p{N}])(\d{4})-(\d{2})(?:-(\d{2}))?(?![\p{L}\p{N}])/gu;
const MONTH_FIRST = new RegExp(`\\b${MONTH}\\.?(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?,?)?\\s+(\\d{4})\\b`, "gi");
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+(\\d{4})\\b`, "gi");
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// Not inside a word or a cell address ("Q1", "C10", "2nd"); a sign, a currency and a unit may come along.
const NUMBER =
  /(?<![\p{L}\p{N}_.])([-+−±]?)[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s?%|\s?(?:percent|per cent|k|K|thousand|M|mn|million|bn|billion)(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])/gu;

const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

export function statedValues(text: string): StatedValue[] {
  const found: StatedValue[] = [];
  let rest = text;
  // Dates first, blanked out, so "2024-03-05" is one date rather than the numbers 2024, 3 and 5.
  type Groups = (string | undefined)[];
  const take = (pattern: RegExp, toIso: (groups: Groups) => string | null) => {
    rest = rest.replace(pattern, (whole: string, ...args: unknown[]) => {
      // The callback gets the groups, then the offset and the whole input.
      const iso = toIso(args.slice(0, -2) as Groups);
      if (iso === null) return whole;
      found.push({ kind: "date", text: whole, iso });
      return " ".repeat(whole.length);
    });
  };
  take(ISO_DATE, ([year, month, day]) => [year, month, day].filter(Boolean).join("-"));
  take(DAY_FIRST, ([day, month, year]) => isoFrom(year, month, day));
  take(MONTH_FIRST, ([month, day, year]) => isoFrom(year, month, day));
  for (const match of rest.matchAll(NUMBER)) found.push(numberToken(match));
  return found;
}

function isoFrom(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): string | null {
  const index = MONTHS.indexOf((month ?? "").slice(0, 3).toLowerCase());
  if (!year || index < 0) return null;
  const mm = String(index + 1).padStart(2, "0");
  return day ? `${year}-${mm}-${day.padStart(2, "0")}` : `${year}-${mm}`;
}

function numberToken(match: RegExpMatchArray): NumberToken {
  const [text, sign = "", whole = "0", fraction = "", unitText = ""] = match;
  const unit = unitText.trim().toLowerCase();
  const percent = unit === "%" || unit.startsWith("per");
  const scale = percent ? 1 : (SCALE[unit] ?? 1);
  const digits = whole.replace(/,/g, "");
  const trailingZeros = /^0+$/.test(digits) ? 0 : (/0+$/.exec(digits)?.[0].length ?? 0);
  const step = fraction ? 10 ** -fraction.length : 10 ** trailingZeros;
  const magnitude = Number(`${digits}.${fraction || "0"}`) * scale;
  return {
    kind: "number",
    text: text.trim(),
    value: sign === "-" || sign === "−" ? -magnitude : magnitude,
    percent,
    resolution: step * scale,
    coarse: (!fraction && trailingZeros > 0) || scale > 1,
  };
}
