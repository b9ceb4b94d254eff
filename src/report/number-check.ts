import type { ReportFact } from "./report-types";
import { statedValues, type NumberToken } from "./number-tokens";

/**
 * The narrative guard: every number and date the model writes must be one of the computed facts,
 * written as a person would (rounded, with thousands separators, as a percentage). Anything else is
 * an invented number and the text is rejected.
 */

export interface AllowedValues {
  plain: number[];
  /** Values that may be written with a % sign: percentages in the facts, and every value × 100 (shares). */
  percents: number[];
  /** ISO dates in the facts and their months and years. */
  dates: Set<string>;
}

export function allowedValues(facts: readonly ReportFact[]): AllowedValues {
  const allowed: AllowedValues = { plain: [], percents: [], dates: new Set() };
  for (const fact of facts) {
    for (const value of fact.numbers) {
      allowed.plain.push(value);
      allowed.percents.push(value * 100);
    }
    for (const stated of statedValues(fact.text)) {
      if (stated.kind === "date") {
        for (let end = 4; end <= stated.iso.length; end += 3) allowed.dates.add(stated.iso.slice(0, end));
        // "in 2024" states the year as a bare number.
        allowed.plain.push(Number(stated.iso.slice(0, 4)));
      } else (stated.percent ? allowed.percents : allowed.plain).push(stated.value);
    }
  }
  return allowed;
}

/** The numbers and dates in `text` that no fact supports, as written; empty when the text passes. */
export function unsupportedValues(text: string, allowed: AllowedValues): string[] {
  const bad: string[] = [];
  for (const stated of statedValues(text)) {
    const ok =
      stated.kind === "date"
        ? allowed.dates.has(stated.iso)
        : (stated.percent ? allowed.percents : allowed.plain).some((value) => matches(stated, value));
    if (!ok && !bad.includes(stated.text)) bad.push(stated.text);
  }
  return bad;
}

export function checkNumbers(texts: readonly string[], facts: readonly ReportFact[]): string[] {
  const allowed = allowedValues(facts);
  return [...new Set(texts.flatMap((text) => unsupportedValues(text, allowed)))];
}

/**
 * Written value `token` is a rounding of `fact`: within half a step of its last digit. Signs are
 * ignored because prose carries them in words ("fell 25%" for -25%). Coarse forms must also be within
 * 5%, so "1,000" does not pass for 1,347 nor "2k" for 1,500.
 */
function matches(token: NumberToken, fact: number): boolean {
  const written = Math.abs(token.value);
  const actual = Math.abs(fact);
  const difference = Math.abs(written - actual);
  const slack = 1e-9 * Math.max(1, actual);
  if (difference <= slack) return true;
  if (difference > token.resolution / 2 + slack) return false;
  return !token.coarse || difference <= 0.05 * actual + slack;
}
