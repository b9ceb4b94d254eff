import { parseRangeAddress, type RangeAddress } from "../sheet/a1";
import { parseCellBlock, type A1Reference } from "./a1-reference";

/**
 * What one reference token of a formula points at. The tokenizer calls every reference, name and
 * structured reference an "operand/range"; this tells them apart, and refuses to guess: anything it
 * cannot read is "invalid", so a safety check that relies on it fails closed. The one reference parser
 * for the formula pipeline, the formula audit (src/analysis), R1C1 and fill-down.
 */
export type ReferenceTarget =
  | {
      kind: "cells";
      /** [] when the formula names no sheet, [sheet] normally, [first, last] for a 3-D reference. */
      sheets: string[];
      /** Rows and columns only; the sheet is in `sheets`. */
      range: RangeAddress;
    }
  | {
      kind: "structured";
      /** null for "[@Revenue]", which means the table the formula sits in. */
      table: string | null;
      columns: string[];
      /** "[@Col]" or "[#This Row]": the value in the formula's own row. */
      thisRow: boolean;
      /** "#All", "#Data", "#Headers", "#Totals" (without "#This Row"). */
      specifiers: string[];
    }
  | { kind: "name"; sheet?: string; name: string }
  | { kind: "external"; workbook: string }
  | { kind: "invalid"; reason: string };

export interface ParsedReference {
  /** The reference as written, without a leading "@" or ":". */
  text: string;
  target: ReferenceTarget;
  /** Written "@A1:A9": Excel's implicit intersection operator. */
  implicitIntersection: boolean;
  /** Written ":[@Revenue]" after INDEX(...): the range operator joins it to the expression before it. */
  joinsPrevious: boolean;
  /**
   * The A1 cells as written, $ anchors included, for cell references into this workbook or another;
   * null for names, tables, anything invalid, and a ":A5" that only ends a range begun by an expression
   * (its cells alone are not what the formula reads).
   */
  a1: A1Reference | null;
}

const NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\?]*$/;
/** File-format prefixes Excel writes for newer functions and LAMBDA parameters. */
const STORAGE_PREFIX = /^(_xlfn\.|_xlws\.|_xlpm\.)+/i;

export function stripStoragePrefix(name: string): string {
  return name.replace(STORAGE_PREFIX, "");
}

export function parseReference(written: string): ParsedReference {
  let text = written.trim();
  const joinsPrevious = text.startsWith(":");
  if (joinsPrevious) text = text.slice(1);
  const implicitIntersection = text.startsWith("@") && !text.startsWith("@[");
  if (implicitIntersection) text = text.slice(1);
  const { target, a1 } = classify(text);
  const at = implicitIntersection ? "@" : "";
  const cells = a1 && !joinsPrevious ? { ...a1, prefix: at + a1.prefix } : null;
  return { text, target, implicitIntersection, joinsPrevious, a1: cells };
}

interface Classified {
  target: ReferenceTarget;
  a1?: A1Reference;
}

function classify(text: string): Classified {
  if (!text) return invalid("an empty reference");
  const split = splitSheet(text);
  if ("invalid" in split) return invalid(split.invalid);
  const { sheetPart, rest } = split;

  if (sheetPart !== undefined) {
    const workbook = externalWorkbook(sheetPart);
    if (workbook !== null) return external(workbook, text, sheetPart, rest);
    if (rest.includes("[")) return invalid("a structured reference cannot follow a sheet name");
  } else {
    // "[1]Sheet1!A1" and "[Book.xlsx]Name" link to other workbooks; "[Col]" and "[Col1]:[Col2]" do not.
    const link = /^\[([^\][@#][^\]]*)\](.+)$/.exec(text);
    if (link?.[1] !== undefined && link[2] !== undefined && !link[2].startsWith(":")) {
      const inLink = splitSheet(link[2]);
      const sheet = "invalid" in inLink ? undefined : inLink.sheetPart;
      const cells = "invalid" in inLink || sheet === undefined ? "" : inLink.rest;
      return external(`[${link[1]}]`, text, `[${link[1]}]${sheet ?? ""}`, cells);
    }
  }
  if (sheetPart === undefined && rest.includes("[")) return { target: structured(rest) };

  const sheets = sheetPart === undefined ? [] : sheetNames(sheetPart);
  if (sheets.some((name) => name.length === 0)) return invalid("a sheet name is empty");
  if (rest.includes("!")) return invalid(`"${rest}" names a sheet twice`);
  const block = parseCellBlock(rest);
  if (block) {
    const a1: A1Reference = { prefix: prefixOf(text, rest), external: false, ...block };
    if (sheetPart !== undefined) a1.sheet = sheetPart;
    // The block grammar is stricter than a typed address's, so what it reads parseRangeAddress reads too.
    return { target: { kind: "cells", sheets, range: parseRangeAddress(rest) }, a1 };
  }
  const name = stripStoragePrefix(rest);
  if (NAME.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)) {
    const target: ReferenceTarget =
      sheets.length === 1 && sheets[0] !== undefined
        ? { kind: "name", sheet: sheets[0], name }
        : { kind: "name", name };
    return { target };
  }
  return invalid(`"${rest}" is not a cell, range or name`);
}

function invalid(reason: string): Classified {
  return { target: { kind: "invalid", reason } };
}

/** A link to another workbook; its A1 cells are still read, so R1C1 and fill-down treat them as Excel does. */
function external(workbook: string, text: string, sheetPart: string, rest: string): Classified {
  const block = parseCellBlock(rest);
  if (!block) return { target: { kind: "external", workbook } };
  const a1: A1Reference = { prefix: prefixOf(text, rest), external: true, ...block };
  const sheet = sheetPart.replace(/^\[[^\]]*\]/, "");
  if (sheet) a1.sheet = sheet;
  return { target: { kind: "external", workbook }, a1 };
}

/** What is written before the cells: the whole text less the cells at its end. */
function prefixOf(text: string, cells: string): string {
  return text.slice(0, text.length - cells.length);
}

/** Splits at the "!" that ends the sheet part, honouring quoted names ('It''s'!A1). */
function splitSheet(text: string): { sheetPart?: string; rest: string } | { invalid: string } {
  if (text.startsWith("'")) {
    let name = "";
    for (let i = 1; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "'") name += ch;
      else if (text[i + 1] === "'") {
        name += "'";
        i++;
      } else {
        if (text[i + 1] !== "!") return { invalid: "a quoted sheet name must be followed by '!'" };
        return { sheetPart: name, rest: text.slice(i + 2) };
      }
    }
    return { invalid: "the quote around a sheet name is not closed" };
  }
  // A structured reference's brackets may hold "!" in a column name, so only look before them.
  const bracket = text.indexOf("[");
  const bang = text.lastIndexOf("!", bracket === -1 ? text.length : bracket);
  if (bang === -1) return { rest: text };
  return { sheetPart: text.slice(0, bang), rest: text.slice(bang + 1) };
}

/** The workbook a sheet part names ("[b.xlsx]S", "C:\\x\\[b.xlsx]S", "Book.xlsx"), or null for this workbook. */
function externalWorkbook(sheetPart: string): string | null {
  const open = sheetPart.indexOf("[");
  const close = sheetPart.indexOf("]");
  if (open !== -1 && close > open) return sheetPart.slice(0, close + 1);
  const names = isThreeD(sheetPart) ? sheetPart.split(":") : [sheetPart];
  // Sheet names cannot hold \ / : ? * [ ], so a part with them is a path or URL, i.e. another file.
  if (names.some((name) => /[\\/:?*[\]]/.test(name))) return sheetPart;
  if (/\.(xlsx|xlsm|xlsb|xls|xltx|xltm|xlam|csv)$/i.test(sheetPart)) return sheetPart;
  return null;
}

function isThreeD(sheetPart: string): boolean {
  // "Jan:Mar" spans sheets; "C:\x" is a drive and path, not two sheets.
  return /^[^:\\/]+:[^:\\/]+$/.test(sheetPart);
}

function sheetNames(sheetPart: string): string[] {
  return isThreeD(sheetPart) ? sheetPart.split(":") : [sheetPart];
}

const SPECIFIERS = ["#all", "#data", "#headers", "#totals", "#this row"];

/** "Table1[Revenue]", "[@Revenue]", "Table1[@[Unit Price]]", "Table1[[#This Row],[Revenue]]", "T[[A]:[B]]". */
function structured(text: string): ReferenceTarget {
  const open = text.indexOf("[");
  const table = text.slice(0, open);
  if (table && !NAME.test(table)) return { kind: "invalid", reason: `"${table}" is not a table name` };
  if (!text.endsWith("]")) return { kind: "invalid", reason: `"${text}" has text after its closing bracket` };
  const body = text.slice(open);
  const inner = body.slice(1, -1);
  let parts: string[] | null = [inner];
  if (inner.includes("[")) {
    parts = body.startsWith("[[") || body.startsWith("[@[") ? bracketed(inner) : bracketed(body);
  }
  if (parts === null) return { kind: "invalid", reason: `the brackets in "${text}" do not pair up` };
  let thisRow = false;
  const columns: string[] = [];
  const specifiers: string[] = [];
  for (const part of parts) {
    let item = part;
    if (item.startsWith("@")) {
      thisRow = true;
      item = item.slice(1);
      if (item.startsWith("[") && item.endsWith("]")) item = item.slice(1, -1);
      if (!item) continue;
    }
    const lower = item.trim().toLowerCase();
    if (lower.startsWith("#")) {
      if (!SPECIFIERS.includes(lower))
        return { kind: "invalid", reason: `"${item}" is not a table specifier` };
      if (lower === "#this row") thisRow = true;
      else specifiers.push(item.trim());
      continue;
    }
    // Excel escapes [ ] # ' inside column names with a leading apostrophe.
    columns.push(item.replace(/'([[\]#'])/g, "$1"));
  }
  return { kind: "structured", table: table || null, columns, thisRow, specifiers };
}

/** "[#This Row],[Revenue]" → ["#This Row", "Revenue"]; "[A]:[B]" → ["A", "B"]; null when unbalanced. */
function bracketed(inner: string): string[] | null {
  const parts: string[] = [];
  let i = 0;
  while (i < inner.length) {
    const ch = inner[i];
    if (ch === "," || ch === ":" || ch === " ") {
      i++;
      continue;
    }
    let at = "";
    if (ch === "@") {
      at = "@";
      i++;
      if (inner[i] !== "[") {
        parts.push(at + inner.slice(i));
        return parts;
      }
    }
    if (inner[i] !== "[") return null;
    let j = i + 1;
    let part = "";
    while (j < inner.length && inner[j] !== "]") {
      if (inner[j] === "'" && j + 1 < inner.length) {
        part += inner.slice(j, j + 2);
        j += 2;
        continue;
      }
      part += inner[j];
      j++;
    }
    if (j >= inner.length) return null;
    parts.push(at + part);
    i = j + 1;
  }
  return parts;
}
