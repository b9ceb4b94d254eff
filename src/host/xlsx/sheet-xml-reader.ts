import { parseRangeAddress, type RangeAddress } from "../../sheet/a1";
import type { CellValue } from "../../sheet/cells";
import { parsePart, type XlsxParts } from "./xlsx-parts";

/**
 * One pass over a sheet's XML, cell by cell, with saxes: nothing of the sheet is kept here, the
 * caller keeps what it needs. Values follow XlsxWorkbook's reading: shared and inline strings (rich
 * text joined), numbers, booleans, errors as their text, dates for date-formatted numbers (the
 * sheet's wall-clock time expressed in UTC, as exceljs gives them), formulas by their cached result.
 */

export interface SheetCell {
  /** 0-based, like CellRef. */
  row: number;
  col: number;
  value: CellValue;
  /** Whether the cell holds a formula (its value is then the cached result, or null without one). */
  formula: boolean;
}

export interface SheetExtras {
  merges: RangeAddress[];
}

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (Excel's day 0 in practice) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAYS_1900_TO_1904 = 1_462;

export async function readSheetCells(
  parts: XlsxParts,
  path: string,
  onCell: (cell: SheetCell) => void,
): Promise<SheetExtras> {
  const { sharedStrings, dateStyles, date1904 } = parts;
  const merges: RangeAddress[] = [];
  let row = -1;
  let col = -1;
  let type = "n";
  let style = 0;
  let formula = false;
  let raw: string | null = null;
  // Which element's text is being collected: the value <v>, an inline string's <t>, or nothing.
  let collecting: "v" | "t" | null = null;
  let inInline = false;
  let phonetic = 0;

  const finishCell = () => {
    onCell({ row, col, value: cellValue(type, raw, style), formula });
  };
  const cellValue = (cellType: string, text: string | null, styleIndex: number): CellValue => {
    if (text === null) return null;
    switch (cellType) {
      case "s":
        return sharedStrings[Number(text)] ?? null;
      case "inlineStr":
      case "str":
        return text;
      case "b":
        return text === "1" || text === "true";
      case "e":
        return text;
      case "d": {
        const date = new Date(text.endsWith("Z") || /[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        const number = Number(text);
        if (text.trim() === "" || Number.isNaN(number)) return null;
        if (!dateStyles[styleIndex]) return number;
        const serial = number + (date1904 ? DAYS_1900_TO_1904 : 0);
        return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
      }
    }
  };

  const found = await parsePart(parts.zip, path, {
    // saxes reports a self-closing <c/> as an open and a close, so a cell is finished at its close only.
    open(name, attributes) {
      switch (name) {
        case "row":
          row = attributes.r ? Number(attributes.r) - 1 : row + 1;
          col = -1;
          return;
        case "c": {
          const ref = attributes.r;
          if (ref) [row, col] = cellPosition(ref);
          else col++;
          type = attributes.t ?? "n";
          style = attributes.s ? Number(attributes.s) : 0;
          formula = false;
          raw = null;
          return;
        }
        case "f":
          formula = true;
          return;
        case "v":
          collecting = "v";
          raw = "";
          return;
        case "is":
          inInline = true;
          raw = "";
          return;
        case "rPh":
          phonetic++;
          return;
        case "t":
          if (inInline && phonetic === 0) collecting = "t";
          return;
        case "mergeCell":
          if (attributes.ref) merges.push(parseRangeAddress(attributes.ref));
          return;
      }
    },
    close(name) {
      switch (name) {
        case "c":
          finishCell();
          return;
        case "v":
        case "t":
          collecting = null;
          return;
        case "is":
          inInline = false;
          return;
        case "rPh":
          phonetic--;
          return;
      }
    },
    text(text) {
      if (collecting !== null) raw = (raw ?? "") + text;
    },
  });
  if (!found) throw new Error(`the sheet part ${path} is missing`);
  return { merges };
}

/** 0-based [row, col] of an A1 reference such as "AB12", by char codes: this runs once per cell of the sheet. */
function cellPosition(ref: string): [number, number] {
  let col = 0;
  let row = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case for letters; digits are unchanged
    if (code >= 0x61 && code <= 0x7a) col = col * 26 + (code - 0x60);
    else if (code >= 0x30 && code <= 0x39) row = row * 10 + (code - 0x30);
  }
  return [row - 1, col - 1];
}
