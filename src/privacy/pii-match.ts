import type { PiiCategory } from "./redaction-settings";

/** One piece of personal data found in a text. */
export interface PiiMatch {
  category: PiiCategory;
  start: number;
  /** Exclusive. */
  end: number;
  /** The text as written. */
  text: string;
  /** The value normalised, so the same email or card written two ways gets one placeholder. */
  key: string;
}

export type Detector = (text: string) => PiiMatch[];

export function matchAt(
  category: PiiCategory,
  text: string,
  start: number,
  end: number,
  key: string,
): PiiMatch {
  return { category, start, end, text: text.slice(start, end), key };
}

/** Every match of a global regex, with the detector deciding per hit (null = not PII). */
export function scan(
  text: string,
  pattern: RegExp,
  accept: (hit: RegExpExecArray) => PiiMatch | null,
): PiiMatch[] {
  const found: PiiMatch[] = [];
  const regex = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (let hit = regex.exec(text); hit; hit = regex.exec(text)) {
    if (hit[0] === "") {
      regex.lastIndex++;
      continue;
    }
    const match = accept(hit);
    if (match) found.push(match);
  }
  return found;
}

export function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}
