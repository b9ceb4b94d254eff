import fc from "fast-check";
import { IBAN_LENGTHS } from "../../../src/privacy/iban-lengths";
import type { PiiCategory } from "../../../src/privacy/redaction-settings";

/**
 * Random, valid personal data in the formats the redactor promises to catch, and sheet-like
 * text to plant it in. Every value is separated from its neighbours by words (as in real
 * cells); two numbers glued together ("+44 20 7946 0958 4111 1111...") are out of scope.
 */

export interface PlantedPii {
  category: PiiCategory;
  value: string;
}

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (min: number, max = min) =>
  fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(""));
const nonZero = fc.integer({ min: 1, max: 9 }).map(String);
const lower = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz");
const word = (min: number, max: number) =>
  fc.array(lower, { minLength: min, maxLength: max }).map((letters) => letters.join(""));

export const email: fc.Arbitrary<string> = fc
  .tuple(
    word(2, 8),
    fc.option(word(1, 6), { nil: undefined }),
    fc.constantFrom("", "7", "+tag"),
    word(3, 9),
    fc.constantFrom("com", "org", "de", "co.uk", "io", "fr"),
  )
  .map(
    ([local, second, suffix, domain, tld]) =>
      `${local}${second ? `.${second}` : ""}${suffix}@${domain}.${tld}`,
  );

const internationalPhone = fc
  .tuple(
    nonZero,
    digits(0, 2),
    fc.array(digits(2, 4), { minLength: 2, maxLength: 4 }),
    fc.constantFrom(" ", "-", "."),
  )
  .map(([first, rest, groups, sep]) => `+${first}${rest} ${groups.join(sep)}`)
  .filter((phone) => {
    const count = phone.replace(/\D/g, "").length;
    return count >= 8 && count <= 15;
  });

const northAmericanPhone = fc
  .tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), digits(4))
  .chain(([area, exchange, line]) =>
    fc.constantFrom(
      `(${area}) ${exchange}-${line}`,
      `${area}-${exchange}-${line}`,
      `${area}.${exchange}.${line}`,
    ),
  );

const ukPhone = fc
  .tuple(nonZero, digits(1), digits(4), digits(4))
  .map(([a, b, c, d]) => `0${a}${b} ${c} ${d}`);
const frenchPhone = fc
  .tuple(nonZero, digits(2), digits(2), digits(2), digits(2))
  .map(([a, ...pairs]) => `0${a} ${pairs.join(" ")}`);

export const phone: fc.Arbitrary<string> = fc.oneof(
  internationalPhone,
  northAmericanPhone,
  ukPhone,
  frenchPhone,
);

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export const card: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("4", "51", "55", "2221", "6011", "37"), fc.constantFrom(" ", "-", ""))
  .chain(([prefix, sep]) => {
    const length = prefix === "37" ? 15 : 16;
    return digits(length - 1 - prefix.length).map((middle) => {
      const body = prefix + middle;
      const number = body + luhnCheckDigit(body);
      const groups = length === 15 ? [4, 6, 5] : [4, 4, 4, 4];
      let at = 0;
      return groups
        .map((size) => {
          const part = number.slice(at, at + size);
          at += size;
          return part;
        })
        .join(sep);
    });
  });

function ibanCheckDigits(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`]
    .map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join("");
  let remainder = 0;
  for (const char of numeric) remainder = (remainder * 10 + Number(char)) % 97;
  return String(98 - remainder).padStart(2, "0");
}

const upper = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");

export const iban: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("DE", "GB", "FR", "NL", "ES", "IT", "BE"), fc.boolean())
  .chain(([country, grouped]) => {
    const length = IBAN_LENGTHS[country] ?? 22;
    const letters = country === "GB" || country === "NL" ? 4 : country === "IT" ? 1 : 0;
    return fc
      .tuple(fc.array(upper, { minLength: letters, maxLength: letters }), digits(length - 4 - letters))
      .map(([bank, rest]) => {
        const bban = bank.join("") + rest;
        const compact = `${country}${ibanCheckDigits(country, bban)}${bban}`;
        return grouped ? (compact.match(/.{1,4}/g) ?? []).join(" ") : compact;
      });
  });

const ssn = fc
  .tuple(
    fc.integer({ min: 1, max: 899 }).filter((area) => area !== 666),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
  )
  .map(
    ([area, group, serial]) =>
      `${String(area).padStart(3, "0")}-${String(group).padStart(2, "0")}-${String(serial).padStart(4, "0")}`,
  );

const ninoFirst = fc.constantFrom(..."ABCEHJKLMPRSTWXYZ");
const ninoSecond = fc.constantFrom(..."ABCEHJKLMPRSTWXYZ");
const nino = fc
  .tuple(ninoFirst, ninoSecond, digits(6), fc.constantFrom("A", "B", "C", "D"), fc.boolean())
  .filter(([a, b]) => !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(a + b))
  .map(([a, b, number, suffix, spaced]) =>
    spaced
      ? `${a}${b} ${number.slice(0, 2)} ${number.slice(2, 4)} ${number.slice(4)} ${suffix}`
      : `${a}${b}${number}${suffix}`,
  );

const dni = fc
  .integer({ min: 10_000_000, max: 99_999_999 })
  .map((n) => `${n}${"TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]}`);

export const nationalId: fc.Arbitrary<string> = fc.oneof(ssn, nino, dni);

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join("."));
const hexGroup = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const ipv6 = fc
  .tuple(fc.array(hexGroup, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 6 }), fc.boolean())
  .map(([groups, at, compress]) =>
    compress ? `${groups.slice(0, at).join(":")}::${groups.slice(at + 2).join(":")}` : groups.join(":"),
  );

export const ipAddress: fc.Arbitrary<string> = fc.oneof(ipv4, ipv6);

export const secretUrl: fc.Arbitrary<string> = fc
  .tuple(
    word(3, 8),
    fc.constantFrom("com", "net", "io"),
    word(1, 8),
    fc.constantFrom("token", "api_key", "sig", "key", "access_token", "X-Amz-Signature", "apikey", "secret"),
    fc.stringMatching(/^[A-Za-z0-9]{8,24}$/),
  )
  .map(([host, tld, path, param, secret]) => `https://${host}.${tld}/${path}?id=7&${param}=${secret}`);

/** A person name unlike any English word, so finding it in a request can only mean a leak. */
const syllable = fc
  .tuple(fc.constantFrom(..."bdfgkmprstvz"), fc.constantFrom(..."aeiou"), fc.constantFrom(..."klmnrstx"))
  .map((parts) => parts.join(""));
const namePart = fc
  .array(syllable, { minLength: 2, maxLength: 3 })
  .map((parts) => parts.join(""))
  .map((part) => part[0]?.toUpperCase() + part.slice(1));
export const personName: fc.Arbitrary<string> = fc
  .tuple(namePart, namePart)
  .map(([first, last]) => `${first} ${last}`);

export const plantedPii: fc.Arbitrary<PlantedPii> = fc.oneof(
  email.map((value) => ({ category: "email" as const, value })),
  phone.map((value) => ({ category: "phone" as const, value })),
  card.map((value) => ({ category: "card" as const, value })),
  iban.map((value) => ({ category: "iban" as const, value })),
  nationalId.map((value) => ({ category: "nationalId" as const, value })),
  ipAddress.map((value) => ({ category: "ipAddress" as const, value })),
  secretUrl.map((value) => ({ category: "secretUrl" as const, value })),
);

const FILLER = [
  "total",
  "paid",
  "invoice",
  "note",
  "for",
  "the",
  "ok",
  "review",
  "march",
  "units",
  "sent",
  "via",
  "ref",
];
const filler = fc
  .array(fc.constantFrom(...FILLER), { minLength: 0, maxLength: 4 })
  .map((words) => words.join(" "));
const separator = fc.constantFrom(" ", ", ", ": ", " (", " / ");

/** Cell text: words, the PII, words, with ordinary punctuation between. */
export function cellWith(
  pii: fc.Arbitrary<PlantedPii>,
): fc.Arbitrary<{ text: string; planted: PlantedPii[] }> {
  return fc
    .tuple(filler, separator, fc.array(pii, { minLength: 1, maxLength: 2 }), filler)
    .map(([before, sep, planted, after]) => {
      const middle = planted.map((item) => item.value).join(" and ");
      const text = `${before ? `${before}${sep}` : ""}${middle}${after ? ` ${after}` : ""}`;
      return { text, planted };
    });
}

/** A header-first table: a Name column, a free-text column with planted PII, an amount. */
export const sheetWithPii = fc
  .array(fc.tuple(personName, cellWith(plantedPii), fc.integer({ min: 0, max: 100_000 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rows) => ({
    grid: [
      ["Customer Name", "Notes", "Amount"],
      ...rows.map(([name, cell, amount]) => [name, cell.text, amount]),
    ] as (string | number)[][],
    planted: rows.flatMap(([name, cell]) => [
      { category: "personName" as const, value: name },
      ...cell.planted,
    ]),
  }));
