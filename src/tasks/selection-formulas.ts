import { columnIndexToLetter, formatRangeAddress, formatSheetName, parseRangeAddress } from "../sheet/a1";
import type { SelectionTaskSpec } from "./selection-run";

/**
 * The =SLM.* formula the Cells view writes for one row when the user chooses formulas over
 * values, with the argument order of functions/functions.ts:
 *   =SLM.CLASSIFY(values, labels, [instructions]) · =SLM.EXTRACT(values, what) · =SLM.VALIDATE(values, rule)
 */
export interface FormulaLabels {
  /** A range holding the labels ("Lists!F1:F4"): the formula refers to it absolutely. */
  rangeAddress?: string;
}

/** An Excel string literal: quotes doubled. */
export function excelString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * An absolute reference to a range as seen from `fromSheet`: "$F$1:$F$4", or "Lists!$F$1:$F$4"
 * when the range is on another sheet.
 */
export function absoluteReference(address: string, fromSheet: string): string {
  const range = parseRangeAddress(address);
  const cell = (ref: { row: number; col: number }) => `$${columnIndexToLetter(ref.col)}$${ref.row + 1}`;
  const sameCell = range.start.row === range.end.row && range.start.col === range.end.col;
  const local = sameCell ? cell(range.start) : `${cell(range.start)}:${cell(range.end)}`;
  const other = range.sheet !== undefined && range.sheet.toLowerCase() !== fromSheet.toLowerCase();
  return other ? `${formatSheetName(range.sheet!)}!${local}` : local;
}

/** The formula for the row whose input is `inputCell` (relative, e.g. "B7"), on `sheet`. */
export function selectionFormula(
  spec: SelectionTaskSpec,
  inputCell: string,
  sheet: string,
  labels: FormulaLabels = {},
): string {
  switch (spec.kind) {
    case "classify": {
      const labelArgument = labels.rangeAddress
        ? absoluteReference(labels.rangeAddress, sheet)
        : excelString(spec.labels.join(", "));
      const instructions = spec.instructions?.trim();
      return `=SLM.CLASSIFY(${inputCell},${labelArgument}${instructions ? `,${excelString(instructions)}` : ""})`;
    }
    case "extract":
      return `=SLM.EXTRACT(${inputCell},${excelString(spec.what.trim())})`;
    case "validate":
      return `=SLM.VALIDATE(${inputCell},${excelString(spec.rule.trim())})`;
  }
}

/** "B7" for 0-based row 6, column 1. */
export function relativeCell(row: number, column: number): string {
  return formatRangeAddress({ start: { row, col: column }, end: { row, col: column } });
}
