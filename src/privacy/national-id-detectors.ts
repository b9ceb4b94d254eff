import { frenchNirValid, italianFiscalCodeValid, spanishIdValid } from "./checksums";
import { matchAt, scan, type PiiMatch } from "./pii-match";

/**
 * National identity numbers: US SSN and UK National Insurance number by their issuing rules,
 * and three EU numbers that carry a check character (Spanish DNI/NIE, French NIR, Italian
 * codice fiscale), which keeps false alarms on ordinary codes rare.
 */

/** SSA never issues area 000, 666 or 9xx, group 00 or serial 0000. Separators must match (123-45-6789, 123 45 6789). */
const US_SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g;

/** HMRC: first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; some prefixes never issued. */
const UK_NINO =
  /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;

const SPANISH_ID = /(?<![A-Za-z0-9])(?:\d{8}|[XYZ]-?\d{7})-?[A-Z](?![A-Za-z0-9])/gi;

const FRENCH_NIR =
  /(?<![A-Za-z0-9])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![A-Za-z0-9])/gi;

const ITALIAN_CF = /(?<![A-Za-z0-9])[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z](?![A-Za-z0-9])/gi;

function compactOf(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

export function findNationalIds(text: string): PiiMatch[] {
  const checked = (pattern: RegExp, valid: (compact: string) => boolean, prefix: string) =>
    scan(text, pattern, (hit) => {
      const compact = compactOf(hit[0]);
      if (!valid(compact)) return null;
      return matchAt("nationalId", text, hit.index, hit.index + hit[0].length, `${prefix}:${compact}`);
    });
  return [
    ...checked(US_SSN, () => true, "ssn"),
    ...checked(UK_NINO, () => true, "nino"),
    ...checked(SPANISH_ID, spanishIdValid, "es"),
    ...checked(FRENCH_NIR, frenchNirValid, "fr"),
    ...checked(ITALIAN_CF, italianFiscalCodeValid, "it"),
  ];
}
