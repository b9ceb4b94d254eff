/**
 * Check digits of the identifiers the redactor looks for. Validating them is what keeps
 * ordinary numbers (order ids, amounts, row counts) from being mistaken for card numbers
 * or bank accounts and replaced, which would make the cloud model's answer worse for nothing.
 */

/** Luhn (mod 10), used by every payment card scheme. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Remainder of a long decimal string mod 97, in chunks so it never loses precision. */
function mod97(decimal: string): number {
  let remainder = 0;
  for (let i = 0; i < decimal.length; i += 7) {
    remainder = Number(`${remainder}${decimal.slice(i, i + 7)}`) % 97;
  }
  return remainder;
}

/** ISO 13616: move the first four characters to the end, letters to 10..35, the number mod 97 must be 1. */
export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const decimal = [...rearranged]
    .map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join("");
  return mod97(decimal) === 1;
}

/** Spanish DNI (8 digits) and NIE (X/Y/Z + 7 digits): the letter is the number mod 23 in a fixed table. */
export function spanishIdValid(compact: string): boolean {
  const id = compact.toUpperCase();
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (!match) return false;
  const [, prefix = "", digits = "", letter] = match;
  if (prefix === "" && digits.length !== 8) return false;
  if (prefix !== "" && digits.length !== 7) return false;
  const number = Number(`${prefix === "" ? "" : "XYZ".indexOf(prefix)}${digits}`);
  return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23] === letter;
}

/** French social security number (NIR): 13 characters and a key of 97 - (number mod 97); Corsica's 2A/2B count as 19/18. */
export function frenchNirValid(compact: string): boolean {
  const nir = compact.toUpperCase();
  const match = /^([12]\d{4}(?:\d{2}|2A|2B)\d{6})(\d{2})$/.exec(nir);
  if (!match) return false;
  const [, body = "", key = ""] = match;
  const numeric = body.replace("2A", "19").replace("2B", "18");
  return 97 - mod97(numeric) === Number(key);
}

const CF_ODD: Readonly<Record<string, number>> = (() => {
  const values = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
  ];
  const table: Record<string, number> = {};
  for (let d = 0; d <= 9; d++) table[String(d)] = values[d] ?? 0;
  for (let l = 0; l < 26; l++) table[String.fromCharCode(65 + l)] = values[l] ?? 0;
  return table;
})();

function cfEven(char: string): number {
  return /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
}

/** Italian codice fiscale: the 16th letter checks the first 15 (odd and even positions weigh differently). */
export function italianFiscalCodeValid(code: string): boolean {
  const cf = code.toUpperCase();
  if (!/^[A-Z0-9]{15}[A-Z]$/.test(cf)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = cf[i] ?? "";
    // Positions count from 1, so index 0 is an "odd" position.
    sum += i % 2 === 0 ? (CF_ODD[char] ?? 0) : cfEven(char);
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}
