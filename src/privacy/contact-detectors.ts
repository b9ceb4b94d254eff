import { digitsOf, matchAt, scan, type PiiMatch } from "./pii-match";

/**
 * Emails, phone numbers, IP addresses and URLs that carry credentials. Phone formats are the
 * ones spreadsheets hold in practice: international (+44 20 7946 0958), North American
 * ((555) 123-4567, 555-123-4567) and national numbers with a trunk 0 (020 7946 0958,
 * 01 23 45 67 89, 030 12345678). Bare digit runs without a leading + or 0 are left alone:
 * they are far more often ids and amounts than phone numbers.
 */

// Starts only where a run of address characters starts, so long words cost one attempt, not one per letter.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export function findEmails(text: string): PiiMatch[] {
  return scan(text, EMAIL, (hit) => {
    const value = hit[0].replace(/^[._%+-]+/, "");
    const start = hit.index + (hit[0].length - value.length);
    return matchAt("email", text, start, hit.index + hit[0].length, value.toLowerCase());
  });
}

// Groups need a separator between them, so a long digit run cannot be split in many ways (backtracking).
const INTERNATIONAL_PHONE =
  /(?<![\w+])\+\d{1,4}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,10}|[ .-]\d{1,10})(?:[ .-]\d{1,10}){0,6}(?!\d)|(?<![\w+])\+\d{8,15}(?!\d)/g;
const NORTH_AMERICAN_PHONE = /(?<![\w+])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/g;
const TRUNK_PHONE = /(?<![\w+.,/-])(?:\(0\d{1,4}\) ?|0[1-9]\d{0,4})(?:[ .-]?\d{2,8}){1,4}(?!\d)/g;
/** "05-06-2023 14" and "01.02.2024 10" look like trunk numbers; a date with a year is the likelier reading. */
const DATE_START = /^\d{1,2}([./-])\d{1,2}\1(?:19|20)\d{2}(?!\d)/;

/** Drops trailing digit groups until the digit count fits (E.164 allows at most 15 digits). */
function trimToDigits(value: string, min: number, max: number): string | null {
  let candidate = value;
  while (digitsOf(candidate).length > max) {
    const cut = candidate.search(/[ .-]?[(]?\d+[)]?$/);
    if (cut <= 0) return null;
    candidate = candidate.slice(0, cut);
  }
  return digitsOf(candidate).length >= min ? candidate : null;
}

/** `key` normalises the digits so one number written two ways gets one placeholder. */
function phoneMatcher(text: string, min: number, max: number, key: (digits: string) => string) {
  return (hit: RegExpExecArray): PiiMatch | null => {
    if (DATE_START.test(hit[0])) return null;
    const value = trimToDigits(hit[0], min, max);
    if (!value) return null;
    return matchAt("phone", text, hit.index, hit.index + value.length, key(digitsOf(value)));
  };
}

export function findPhones(text: string): PiiMatch[] {
  return [
    ...scan(
      text,
      INTERNATIONAL_PHONE,
      phoneMatcher(text, 8, 15, (digits) => `+${digits}`),
    ),
    ...scan(
      text,
      NORTH_AMERICAN_PHONE,
      phoneMatcher(text, 10, 11, (digits) => `+1${digits.slice(-10)}`),
    ),
    ...scan(
      text,
      TRUNK_PHONE,
      phoneMatcher(text, 9, 12, (digits) => digits),
    ),
  ];
}

const IPV4_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\d.])${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}(?!\\d|\\.\\d)`, "g");
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f:.]+(?![\w:])/g;

function isIpv4(text: string): boolean {
  return new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`).test(text);
}

/** RFC 4291 text forms: eight groups, or fewer around one "::", optionally ending in dotted IPv4. */
export function isIpv6(text: string): boolean {
  if (!/[0-9A-Fa-f]/.test(text)) return false;
  let groups = text;
  const lastColon = groups.lastIndexOf(":");
  const tail = groups.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIpv4(tail)) return false;
    // The dotted tail stands for the last two groups.
    groups = `${groups.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split("::");
  if (halves.length > 2) return false;
  const parts = (half: string | undefined) => (half ? half.split(":") : []);
  const head = parts(halves[0]);
  const rest = parts(halves[1]);
  const all = [...head, ...rest];
  if (!all.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

export function findIpAddresses(text: string): PiiMatch[] {
  const v4 = scan(text, IPV4, (hit) =>
    matchAt("ipAddress", text, hit.index, hit.index + hit[0].length, hit[0]),
  );
  const v6 = scan(text, IPV6_CANDIDATE, (hit) => {
    // A sentence may end right after the address.
    const value = hit[0].replace(/\.+$/, "");
    if (!value.includes(":") || !isIpv6(value)) return null;
    return matchAt("ipAddress", text, hit.index, hit.index + value.length, value.toLowerCase());
  });
  // IPv6 first: "::ffff:10.0.0.1" is one address, not an IPv4 one with a prefix.
  return [...v6, ...v4];
}

const URL_CANDIDATE = /\b(?:https?|ftps?|wss?):\/\/[^\s<>"'`|]+/gi;
/** Query or fragment parameters that carry a credential (SAS `sig`, S3 `X-Amz-Signature`, OAuth `code`...). */
const SECRET_PARAM =
  /^(?:.*[_-])?(?:token|key|apikey|secret|sig|signature|password|passwd|pwd|pass|auth|authorization|credential|credentials|session|sessionid|sid|jwt|code|otp|hash|access|bearer)s?(?:[_-].*)?$/i;

function carriesSecret(url: string): boolean {
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  if (authority.includes("@")) return true; // user:password@host
  const query = url.replace(/^[^?#]*/, "").slice(1);
  return query
    .split(/[&#?;]/)
    .map((pair) => decodeSafely(pair.split("=")[0] ?? ""))
    .some((name) => name !== "" && SECRET_PARAM.test(name));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function findSecretUrls(text: string): PiiMatch[] {
  return scan(text, URL_CANDIDATE, (hit) => {
    // Sentence punctuation after a URL is not part of it.
    const value = hit[0].replace(/[.,;:!?)\]}>'"]+$/, "");
    if (!carriesSecret(value)) return null;
    return matchAt("secretUrl", text, hit.index, hit.index + value.length, value);
  });
}
