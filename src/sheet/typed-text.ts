import { readsAsFormula } from "./cells";

/**
 * Office.js reads strings written to `values`/`formulas` as if typed: "=..." becomes a formula,
 * "12" a number, "TRUE" a logical. Text that must stay exactly as it is — a model's answer, a
 * frozen label — gets the apostrophe prefix, as typing it would (Excel stores it as the cell's
 * quote prefix, not as part of the text).
 */
export function asTypedText<T>(value: T): T | string {
  if (typeof value !== "string") return value;
  const readAsSomethingElse =
    readsAsFormula(value) ||
    value.startsWith("'") ||
    /^\s*[($€£]?\s*[\d.]/.test(value) ||
    /^(true|false)$/i.test(value.trim());
  return readAsSomethingElse ? `'${value}` : value;
}
