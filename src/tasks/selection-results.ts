import { SlmError } from "../errors/slm-error";
import { columnIndexToLetter, columnLetterToIndex, formatRangeAddress } from "../sheet/a1";
import type { ItemOutcome, SelectionTaskSpec } from "./selection-run";
import { relativeCell, selectionFormula, type FormulaLabels } from "./selection-formulas";
import { asTypedText } from "../sheet/typed-text";

/**
 * The cells a run writes into the results column: values as the =SLM.* function would show them,
 * or the =SLM.* formulas themselves (which then answer from the cache the run just filled).
 */
export type ResultsMode = "values" | "formulas";

export interface ResultsWriteRequest {
  selection: Pick<SelectionSnapshot, "sheet" | "firstRow" | "column">;
  /** The selected first row is a header and was not run. */
  skipHeader: boolean;
  /** One outcome per data row, in order. */
  outcomes: readonly ItemOutcome[];
  /** "D". */
  targetColumn: string;
  mode: ResultsMode;
  spec: SelectionTaskSpec;
  labels?: FormulaLabels;
}

export interface ResultsWrite {
  /** Sheet-qualified, e.g. "Data!D2:D31". */
  target: string;
  cells: (string | boolean)[][];
  /** 0-based sheet row of each written cell, aligned with `cells`. */
  firstRow: number;
}

/** Thrown for a results column that would overwrite the inputs or is not a column. */
export class TargetColumnError extends SlmError {
  override name = "TargetColumnError";
  constructor(message: string) {
    super("input", message);
  }
}

export function targetColumnIndex(letters: string, inputColumn: number): number {
  let column: number;
  try {
    column = columnLetterToIndex(letters.trim());
  } catch (error) {
    throw new TargetColumnError(`${(error as Error).message} Type a column letter such as D.`);
  }
  if (column === inputColumn) {
    throw new TargetColumnError(
      `Column ${columnIndexToLetter(column)} holds the selected text; choose another column for the results.`,
    );
  }
  return column;
}

/**
 * Only rows that have an answer (or an error) are written. After a Cancel this is the span from
 * the first to the last answered row; rows in it that were never answered are left empty rather
 * than given a formula, which would start the model work the user stopped.
 */
export function resultsWrite(request: ResultsWriteRequest): ResultsWrite {
  const column = targetColumnIndex(request.targetColumn, request.selection.column);
  const answered = request.outcomes.map((outcome) => outcome.kind !== "cancelled");
  const first = answered.indexOf(true);
  if (first === -1) throw new TargetColumnError("There are no results to write yet.");
  const last = answered.lastIndexOf(true);
  const dataStart = request.selection.firstRow + (request.skipHeader ? 1 : 0);
  const firstRow = dataStart + first;
  const cells = request.outcomes.slice(first, last + 1).map((outcome, offset) => {
    const row = firstRow + offset;
    if (outcome.kind === "cancelled") return [""];
    if (request.mode === "formulas") {
      const input = relativeCell(row, request.selection.column);
      return [selectionFormula(request.spec, input, request.selection.sheet, request.labels)];
    }
    return [cellValue(outcome)];
  });
  const target = formatRangeAddress({
    sheet: request.selection.sheet,
    start: { row: firstRow, col: column },
    end: { row: firstRow + cells.length - 1, col: column },
  });
  return { target, cells, firstRow };
}

function cellValue(outcome: Exclude<ItemOutcome, { kind: "cancelled" }>): string | boolean {
  switch (outcome.kind) {
    case "blank":
      return "";
    case "passed-error":
      return outcome.code;
    case "failed":
      return "#N/A";
    case "result":
      // Model text stays text: "=...", "+...", "-...", "@..." would otherwise become formulas.
      return asTypedText(outcome.value);
  }
}

/** The cells a run read, without the skipped header ("Data!B2:B31"), for labels and the journal. */
export function dataAddress(
  selection: Pick<SelectionSnapshot, "sheet" | "firstRow" | "column" | "values">,
  skipHeader: boolean,
): string {
  const first = selection.firstRow + (skipHeader ? 1 : 0);
  const last = Math.max(first, selection.firstRow + selection.values.length - 1);
  return formatRangeAddress({
    sheet: selection.sheet,
    start: { row: first, col: selection.column },
    end: { row: last, col: selection.column },
  });
}

/**
 * What the task pane's Cells view needs to know about the selection before a classify, extract
 * or validate run: which cells (one column), their values, and where results would go.
 */
export interface SelectionSnapshot {
  sheet: string;
  /** The selected cells, sheet-qualified and clipped to the used range ("Data!B2:B31"). */
  address: string;
  /** 0-based, like src/sheet/a1. */
  firstRow: number;
  column: number;
  /** One value per selected row ("" for an empty cell, as Excel reports it). */
  values: unknown[];
  /** The first column right of the data that is empty on every selected row ("D"). */
  defaultTargetColumn: string;
  /**
   * The selection starts on the first row of its block of data and that row reads as a header
   * (text over a column of values): the view offers to skip it, ticked.
   */
  firstRowLooksLikeHeader: boolean;
}
