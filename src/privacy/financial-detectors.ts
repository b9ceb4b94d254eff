import { ibanValid, luhnValid } from "./checksums";
import { IBAN_LENGTHS } from "./iban-lengths";
import { matchAt, scan, type PiiMatch } from "./pii-match";

/**
 * Payment card numbers and IBANs, accepted only when their check digits are right, so order
 * numbers and amounts stay readable for the model.
 */

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

/** Digit groups joined by single spaces or hyphens, e.g. "4111 1111 1111 1111" or "Qty 3 4111-1111-...". */
const DIGIT_RUN = /(?<!\d)\d+(?:[ -]\d+)*(?!\d)/g;

function groupsOf(run: string, offset: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  const group = /\d+/g;
  for (let hit = group.exec(run); hit; hit = group.exec(run)) {
    groups.push({ start: offset + hit.index, end: offset + hit.index + hit[0].length, digits: hit[0] });
  }
  return groups;
}

/** Card numbers are written in one block or in groups of 3–6 (4-4-4-4, Amex 4-6-5, 4-4-4-4-3). */
function cardShaped(groups: DigitGroup[]): boolean {
  if (groups.length === 1) return true;
  return groups.every((group) => group.digits.length >= 3 && group.digits.length <= 6);
}

export function findCards(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const run of scan(text, DIGIT_RUN, (hit) =>
    matchAt("card", text, hit.index, hit.index + hit[0].length, ""),
  )) {
    const groups = groupsOf(run.text, run.start);
    // A run may hold other numbers around the card ("qty 3 4111 1111 1111 1111 2024"): try every
    // group-aligned span, longest first, and take valid ones left to right.
    let from = 0;
    while (from < groups.length) {
      let taken = 0;
      for (let to = groups.length; to > from && taken === 0; to--) {
        const span = groups.slice(from, to);
        const digits = span.map((group) => group.digits).join("");
        if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) continue;
        if (!cardShaped(span) || !luhnValid(digits)) continue;
        const first = span[0];
        const last = span[span.length - 1];
        if (!first || !last) continue;
        found.push(matchAt("card", text, first.start, last.end, digits));
        taken = span.length;
      }
      from += taken || 1;
    }
  }
  return found;
}

const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[ ]?[A-Za-z0-9])/g;
const MIN_IBAN = 15;
const MAX_IBAN = 34;

/**
 * Reads an IBAN starting at `start`: alphanumerics with single spaces between, up to the
 * country's length (or, for a country we do not know, the longest valid length).
 */
function readIban(text: string, start: number): { end: number; compact: string } | null {
  const country = text.slice(start, start + 2).toUpperCase();
  const expected = IBAN_LENGTHS[country];
  let compact = "";
  const ends: number[] = [];
  let i = start;
  while (i < text.length && compact.length < (expected ?? MAX_IBAN)) {
    const char = text[i] ?? "";
    if (/[A-Za-z0-9]/.test(char)) {
      compact += char.toUpperCase();
      ends[compact.length] = i + 1;
      i++;
    } else if (char === " " && /[A-Za-z0-9]/.test(text[i + 1] ?? "")) {
      i++;
    } else {
      break;
    }
  }
  const lengths = expected
    ? [expected]
    : Array.from({ length: MAX_IBAN - MIN_IBAN + 1 }, (_, k) => MAX_IBAN - k);
  for (const length of lengths) {
    const end = ends[length];
    if (end === undefined || /[A-Za-z0-9]/.test(text[end] ?? "")) continue;
    const candidate = compact.slice(0, length);
    if (ibanValid(candidate)) return { end, compact: candidate };
  }
  return null;
}

export function findIbans(text: string): PiiMatch[] {
  return scan(text, IBAN_START, (hit) => {
    const iban = readIban(text, hit.index);
    return iban ? matchAt("iban", text, hit.index, iban.end, iban.compact) : null;
  });
}
