import type { CellValue } from "../../sheet/cells";
import { describeValue } from "../cell-kind";
import { dataCellAddress } from "../table";
import { findingAt, type ColumnView, type DataFinding } from "./data-finding";

// A header that ends in a key word names an identifier: "Invoice ID", "SKU", "Order No.", "Code".
const KEY_HEADER = /(?:^|[^a-z])(?:id|key|code|sku|ref|reference|no\.?|nr|num|number|#)$/i;
// ...unless it is contact data, where sharing a value is normal.
const NOT_A_KEY = /phone|tel|fax|mobile|zip|post/i;
const MIN_VALUES = 5;

/**
 * Repeated values in a column that identifies rows. A later occurrence is the finding; the first is
 * taken as the original, so a fixed duplicate leaves the first row untouched.
 */
export function duplicateKeys(view: ColumnView): DataFinding[] {
  const keyed = keyedValues(view);
  if (!isKeyColumn(view, keyed)) return [];
  const firstSeen = new Map<string | number, number>();
  const findings: DataFinding[] = [];
  keyed.forEach((key, dataRow) => {
    if (key === null) return;
    const first = firstSeen.get(key);
    if (first === undefined) {
      firstSeen.set(key, dataRow);
      return;
    }
    const original = dataCellAddress(view.table, first, view.col);
    findings.push(
      findingAt(view, dataRow, {
        kind: "duplicate-key",
        severity: "error",
        reason:
          `${describeValue(view.values[dataRow] ?? null)} repeats the key at ${original}; "${view.profile.header}" ` +
          `identifies rows, and lookups (XLOOKUP, VLOOKUP) only ever find the first one.`,
        fix: "Give this row its own key, or delete the row if it is a duplicate record.",
      }),
    );
  });
  return findings;
}

/**
 * Keys compare as Excel's lookups do: case-insensitive. Surrounding spaces are dropped too, since
 * "INV-1 " and "INV-1" are the same key to a reader even though MATCH would tell them apart.
 */
function keyedValues(view: ColumnView): (string | number | null)[] {
  return view.values.map((value: CellValue) => {
    if (typeof value === "number") return value;
    if (typeof value === "string") return value.trim().toLowerCase() || null;
    return null;
  });
}

function isKeyColumn(view: ColumnView, keyed: readonly (string | number | null)[]): boolean {
  const { profile } = view;
  if (profile.type !== "text" && profile.type !== "number" && profile.type !== "mixed") return false;
  const present = keyed.filter((key) => key !== null);
  if (present.length < MIN_VALUES) return false;
  const repeats = present.length - new Set(present).size;
  // "OrderId" names its key as plainly as "Order ID".
  const header = profile.header.replace(/([a-z])([A-Z])/g, "$1 $2");
  if (NOT_A_KEY.test(header)) return false;
  if (KEY_HEADER.test(header)) return repeats / present.length <= 0.1;
  // Without a telling header: identifier-looking values, unique but for a slip or two.
  if (repeats > Math.max(1, Math.floor(present.length * 0.02))) return false;
  // A slip in one id ("CT 71") must not hide the column's nature; nearly all must look like ids.
  let idLike = 0;
  for (const value of view.values) {
    if (typeof value === "number" ? Number.isInteger(value) : typeof value === "string" && looksLikeId(value))
      idLike++;
  }
  return idLike >= present.length * 0.98 && issuedInSequence(view.values);
}

/**
 * Ids are handed out in order, so their numbers are dense: 1000–1400 for 400 rows. Codes that merely
 * look like ids (ZIP codes, amounts in whole units) are spread over a far wider range. E-mails and
 * codes without digits have no numbers to judge by.
 */
function issuedInSequence(values: readonly CellValue[]): boolean {
  const numbers: number[] = [];
  for (const value of values) {
    if (typeof value === "number") numbers.push(value);
    else if (typeof value === "string" && !value.includes("@")) {
      const digits = /\d+(?!.*\d)/.exec(value)?.[0];
      if (digits !== undefined) numbers.push(Number(digits));
    }
  }
  if (numbers.length === 0) return true;
  let min = Infinity;
  let max = -Infinity;
  for (const n of numbers) {
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const span = max - min + 1;
  return span <= numbers.length * 20;
}

function looksLikeId(text: string): boolean {
  return !/\s/.test(text.trim()) && /\d|@/.test(text);
}
