import { referenceBounds } from "../../formula/a1-reference";
import type { ParsedFormula, SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";

/** Blocks shorter than this have no "rest" to disagree with. */
const MIN_BLOCK = 3;
/** The shared formula must be at least this share of its block to count as the intended one. */
const MIN_AGREEMENT = 0.6;

/**
 * A formula that is not a copy of the ones around it in an unbroken run down a column, compared in
 * R1C1 so copies match. Two edges are expected to differ and are let be: the first cell of a running
 * calculation (it has no row above to build on) and a total under the run.
 */
export function inconsistentFormulas(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const block of columnBlocks(cells.formulas)) {
    if (block.length < MIN_BLOCK) continue;
    const { r1c1: shared, count } = mostCommon(block);
    if (count < 2 || count / block.length < MIN_AGREEMENT) continue;
    block.forEach((parsed, index) => {
      if (parsed.r1c1 === shared) return;
      if (index === 0 && shared.includes("R[-1]")) return;
      if (index === block.length - 1 && summarisesAbove(parsed, block)) return;
      const model = nearestWith(block, index, shared);
      findings.push(
        formulaFinding(cells, parsed.at, {
          kind: "inconsistent-formula",
          severity: "warning",
          r1c1: parsed.r1c1,
          reason:
            `This formula is not a copy of its neighbours: ${count} of the ${block.length} formulas in ` +
            `${cells.address(first(block).at, last(block).at)} are ${shared} in R1C1 (e.g. ${model.address}: ` +
            `${model.formula}), but this one is ${parsed.r1c1} (${parsed.formula}).`,
          fix: `Copy the formula from ${model.address} into this cell, unless the difference is intended (then note why).`,
        }),
      );
    });
  }
  return findings;
}

/** Formulas grouped by column, then split wherever a row without a formula interrupts them. */
function columnBlocks(formulas: readonly ParsedFormula[]): ParsedFormula[][] {
  const byColumn = new Map<number, ParsedFormula[]>();
  for (const parsed of formulas) {
    const column = byColumn.get(parsed.at.col);
    if (column) column.push(parsed);
    else byColumn.set(parsed.at.col, [parsed]);
  }
  const blocks: ParsedFormula[][] = [];
  for (const column of byColumn.values()) {
    column.sort((a, b) => a.at.row - b.at.row);
    let block: ParsedFormula[] = [];
    for (const parsed of column) {
      const previous = block[block.length - 1];
      if (previous && parsed.at.row !== previous.at.row + 1) {
        blocks.push(block);
        block = [];
      }
      block.push(parsed);
    }
    if (block.length) blocks.push(block);
  }
  return blocks;
}

function mostCommon(block: readonly ParsedFormula[]): { r1c1: string; count: number } {
  const counts = new Map<string, number>();
  let best = { r1c1: "", count: 0 };
  for (const parsed of block) {
    const count = (counts.get(parsed.r1c1) ?? 0) + 1;
    counts.set(parsed.r1c1, count);
    if (count > best.count) best = { r1c1: parsed.r1c1, count };
  }
  return best;
}

/** A total under the run: it reads a range in its own column that covers cells of the run above it. */
function summarisesAbove(parsed: ParsedFormula, block: readonly ParsedFormula[]): boolean {
  const top = first(block).at.row;
  return parsed.references.some((use) => {
    const bounds = use.local ? referenceBounds(use.reference) : null;
    return (
      bounds !== null &&
      bounds.start.row < bounds.end.row &&
      bounds.start.col <= parsed.at.col &&
      bounds.end.col >= parsed.at.col &&
      bounds.end.row < parsed.at.row &&
      bounds.end.row >= top
    );
  });
}

/** The closest cell with the shared formula, preferring the one above: the formula to copy. */
function nearestWith(block: readonly ParsedFormula[], index: number, r1c1: string): ParsedFormula {
  for (let distance = 1; distance < block.length; distance++) {
    const above = block[index - distance];
    if (above?.r1c1 === r1c1) return above;
    const below = block[index + distance];
    if (below?.r1c1 === r1c1) return below;
  }
  return first(block);
}

function first(block: readonly ParsedFormula[]): ParsedFormula {
  return block[0] as ParsedFormula;
}

function last(block: readonly ParsedFormula[]): ParsedFormula {
  return block[block.length - 1] as ParsedFormula;
}
