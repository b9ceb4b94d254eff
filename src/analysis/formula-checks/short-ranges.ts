import { referenceBounds, type A1Reference } from "../../formula/a1-reference";
import { columnIndexToLetter, formatCellAddress, type CellRef } from "../../sheet/a1";
import { cellKind } from "../cell-kind";
import type { ParsedFormula, ReferenceUse, SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";

/** Functions that summarise or search a block of data: a range that stops early silently drops rows. */
const RANGE_READERS = new Set([
  ...["SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "PRODUCT", "SUBTOTAL", "AGGREGATE"],
  ...["AVERAGE", "AVERAGEA", "AVERAGEIF", "AVERAGEIFS", "MEDIAN", "MODE", "MODE.SNGL", "GEOMEAN"],
  ...["COUNT", "COUNTA", "COUNTIF", "COUNTIFS", "COUNTBLANK"],
  ...["MIN", "MINA", "MAX", "MAXA", "MINIFS", "MAXIFS", "LARGE", "SMALL", "RANK", "RANK.EQ"],
  ...["STDEV", "STDEV.S", "STDEV.P", "STDEVA", "VAR", "VAR.S", "VAR.P", "PERCENTILE", "QUARTILE"],
  ...["VLOOKUP", "HLOOKUP", "XLOOKUP", "LOOKUP", "MATCH", "XMATCH", "INDEX", "FILTER", "SORT", "UNIQUE"],
]);
/** Enough to tell a number column from a text column. */
const SAMPLE_CELLS = 2_000;

type Content = "number" | "text";

interface Gap {
  use: ReferenceUse;
  written: string;
  extended: string;
  missed: string;
}

/** Ranges in SUM, COUNTIF, VLOOKUP and the like that end (or start) short of the data next to them. */
export function shortRanges(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const parsed of cells.formulas) {
    const gaps = parsed.references
      .filter((use) => use.local && use.reference.kind === "range" && RANGE_READERS.has(use.within ?? ""))
      .map((use) => gapFor(use, parsed, cells))
      .filter((gap): gap is Gap => gap !== null);
    if (!gaps.length) continue;
    findings.push(
      formulaFinding(cells, parsed.at, {
        kind: "short-range",
        severity: "warning",
        reason: gaps
          .map(
            (gap) =>
              `${gap.use.within} reads ${gap.written} but leaves out ${gap.missed}, which continue the data.`,
          )
          .join(" "),
        fix:
          gaps.map((gap) => `Extend ${gap.written} to ${gap.extended}.`).join(" ") +
          " Better still, make the data an Excel table (Ctrl+T) so references grow with it.",
      }),
    );
  }
  return findings;
}

interface Bounds {
  start: CellRef;
  end: CellRef;
}

function gapFor(use: ReferenceUse, parsed: ParsedFormula, cells: SheetCells): Gap | null {
  const bounds = referenceBounds(use.reference);
  if (!bounds) return null;
  const vertical = bounds.end.row > bounds.start.row;
  if (!vertical && bounds.end.col === bounds.start.col) return null;
  const content = contentOf(bounds, cells);
  if (!content) return null;
  const probe: Probe = { bounds, vertical, content, formulaAt: parsed.at, cells };
  const after = extent(probe, 1);
  // Above or left of a range usually sits its header; only numbers there are data it missed.
  const before = content === "number" ? extent(probe, -1) : 0;
  if (!after && !before) return null;
  const missed: string[] = [];
  if (before) missed.push(lines(probe, -before, -1));
  if (after) missed.push(lines(probe, 1, after));
  return {
    use,
    written: rangeText(use.reference, bounds.start, bounds.end),
    extended: rangeText(use.reference, shift(probe, bounds.start, -before), shift(probe, bounds.end, after)),
    missed: missed.join(" and "),
  };
}

interface Probe {
  bounds: Bounds;
  /** The range runs down a column (rows are its lines), else along a row (columns are). */
  vertical: boolean;
  content: Content;
  formulaAt: CellRef;
  cells: SheetCells;
}

function shift(probe: Probe, ref: CellRef, steps: number): CellRef {
  return probe.vertical ? { row: ref.row + steps, col: ref.col } : { row: ref.row, col: ref.col + steps };
}

/** Whether the range holds mostly numbers or mostly text; null when it holds neither. */
function contentOf(bounds: Bounds, cells: SheetCells): Content | null {
  let numbers = 0;
  let texts = 0;
  let seen = 0;
  for (let row = bounds.start.row; row <= bounds.end.row && seen < SAMPLE_CELLS; row++) {
    for (let col = bounds.start.col; col <= bounds.end.col && seen < SAMPLE_CELLS; col++, seen++) {
      const kind = cellKind(cells.value({ row, col }) ?? null);
      if (kind === "number") numbers++;
      else if (kind === "text") texts++;
    }
  }
  if (!numbers && !texts) return null;
  return numbers >= texts ? "number" : "text";
}

/**
 * How many lines next to the range continue its data: each holds values of the range's kind (blanks
 * allowed, but not only blanks), and none is the formula's own cell or a total over the range.
 */
function extent(probe: Probe, direction: 1 | -1): number {
  const { bounds, vertical } = probe;
  const edge = direction === 1 ? bounds.end : bounds.start;
  let count = 0;
  for (;;) {
    const line = shift(probe, edge, direction * (count + 1));
    if (line.row < 0 || line.col < 0) return count;
    const cellsOfLine: CellRef[] = [];
    if (vertical)
      for (let col = bounds.start.col; col <= bounds.end.col; col++) cellsOfLine.push({ row: line.row, col });
    else
      for (let row = bounds.start.row; row <= bounds.end.row; row++) cellsOfLine.push({ row, col: line.col });
    const verdicts = cellsOfLine.map((ref) => continues(probe, ref));
    if (verdicts.includes("stop") || !verdicts.includes("data")) return count;
    count++;
  }
}

function continues(probe: Probe, ref: CellRef): "data" | "blank" | "stop" {
  const { cells, formulaAt, bounds, content } = probe;
  if (ref.row === formulaAt.row && ref.col === formulaAt.col) return "stop";
  if (totals(cells.parsed(ref), bounds)) return "stop";
  const value = cells.value(ref);
  if (value === undefined) return "stop";
  const kind = cellKind(value);
  return kind === content ? "data" : kind === "blank" ? "blank" : "stop";
}

/** A subtotal or total further along reads the same cells; the data ends before it. */
function totals(parsed: ParsedFormula | undefined, bounds: Bounds): boolean {
  return (
    parsed?.references.some((use) => {
      const other = use.local && use.reference.kind === "range" ? referenceBounds(use.reference) : null;
      return (
        other !== null &&
        other.start.row <= bounds.end.row &&
        other.end.row >= bounds.start.row &&
        other.start.col <= bounds.end.col &&
        other.end.col >= bounds.start.col
      );
    }) ?? false
  );
}

/** "B11:B12 (2 rows)" for the lines `from`..`to` steps past the range's edge. */
function lines(probe: Probe, from: number, to: number): string {
  const { bounds, vertical } = probe;
  const edge = from > 0 ? bounds.end : bounds.start;
  const first = shift(
    probe,
    vertical ? { row: edge.row, col: bounds.start.col } : { row: bounds.start.row, col: edge.col },
    from,
  );
  const last = shift(
    probe,
    vertical ? { row: edge.row, col: bounds.end.col } : { row: bounds.end.row, col: edge.col },
    to,
  );
  const text =
    first.row === last.row && first.col === last.col
      ? formatCellAddress(first)
      : `${formatCellAddress(first)}:${formatCellAddress(last)}`;
  const count = to - from + 1;
  const unit = vertical ? "row" : "column";
  return `${text} (${count} ${unit}${count === 1 ? "" : "s"})`;
}

/** The range as it would be written, keeping the original sheet prefix and $ anchors. */
function rangeText(reference: A1Reference, start: CellRef, end: CellRef): string {
  return `${reference.prefix}${pointText(start, reference.start)}:${pointText(end, reference.end)}`;
}

function pointText(ref: CellRef, anchors: { rowAbsolute: boolean; colAbsolute: boolean }): string {
  return `${anchors.colAbsolute ? "$" : ""}${columnIndexToLetter(ref.col)}${anchors.rowAbsolute ? "$" : ""}${ref.row + 1}`;
}
