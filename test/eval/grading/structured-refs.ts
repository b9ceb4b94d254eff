import type { SheetData } from "../workbooks/workbook";

/**
 * HyperFormula has no Excel tables, so the grader rewrites structured references to the A1 ranges they
 * stand for, from the workbook's own definition of the table (not from the product's table code):
 *   Table[Col], Table[[Col]]      → Sheet!$E$2:$E$26
 *   Table[#Data]                  → Sheet!$A$2:$I$26
 *   Table[[A]:[C]]                → Sheet!$A$2:$C$26
 *   Table[@Col], Table[@[Col x]]  → $E7 (the formula's own row; relative, so fill-down shifts it)
 *   INDEX(Sheet!$E$2:$E$26,1):$E7 → Sheet!$E$2:$E7 (HyperFormula cannot use INDEX as a range end)
 */

export function resolveTables(formula: string, sheets: readonly SheetData[], row: number): string {
  let text = formula;
  for (const sheet of sheets) {
    if (sheet.table) text = resolveTable(text, sheet, sheet.table, row);
  }
  return text.replace(
    /INDEX\(((?:'[^']+'|[A-Za-z0-9_]+)!)\$([A-Z]+)\$(\d+):\$[A-Z]+\$\d+,1\):\$([A-Z]+)(\d+)/g,
    (whole, prefix: string, column: string, first: string, endColumn: string, endRow: string) =>
      column === endColumn ? `${prefix}$${column}$${first}:$${column}${endRow}` : whole,
  );
}

function resolveTable(formula: string, sheet: SheetData, table: string, row: number): string {
  let out = "";
  let i = 0;
  const lower = formula.toLowerCase();
  const name = `${table.toLowerCase()}[`;
  while (i < formula.length) {
    const at = lower.indexOf(name, i);
    if (at === -1) break;
    const open = at + table.length;
    const close = matchingBracket(formula, open);
    out += formula.slice(i, at) + reference(formula.slice(open + 1, close), sheet, row);
    i = close + 1;
  }
  return out + formula.slice(i);
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "'") i++;
    else if (char === "[") depth++;
    else if (char === "]" && --depth === 0) return i;
  }
  throw new Error(`unbalanced structured reference in ${text}`);
}

function reference(inner: string, sheet: SheetData, row: number): string {
  const headers = (sheet.rows[0] ?? []).map((header) => String(header));
  const last = sheet.rows.length;
  const prefix = /^[A-Za-z0-9_]+$/.test(sheet.name) ? `${sheet.name}!` : `'${sheet.name}'!`;
  const letter = (header: string): string => {
    const index = headers.findIndex((h) => h.toLowerCase() === unescape(header).toLowerCase());
    if (index === -1) throw new Error(`no column "${header}" in table ${sheet.table}`);
    return String.fromCharCode(65 + index);
  };
  if (inner.toLowerCase() === "#data") return `${prefix}$A$2:$${letter(headers.at(-1) ?? "")}$${last}`;
  if (inner.startsWith("@")) return `$${letter(unbracket(inner.slice(1)))}${row}`;
  const span = /^\[(.+)\]:\[(.+)\]$/.exec(inner);
  if (span?.[1] && span[2]) return `${prefix}$${letter(span[1])}$2:$${letter(span[2])}$${last}`;
  const column = letter(unbracket(inner));
  return `${prefix}$${column}$2:$${column}$${last}`;
}

function unbracket(text: string): string {
  return text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
}

/** Excel escapes [ ] # ' in column names with an apostrophe. */
function unescape(text: string): string {
  return text.replace(/'(.)/g, "$1");
}
