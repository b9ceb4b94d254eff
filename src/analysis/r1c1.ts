import type { A1Reference, ReferencePoint } from "../formula/a1-reference";
import { parseReference } from "../formula/formula-references";
import { tokensToFormula } from "../formula/formula-text";
import { readTokens, type FormulaToken } from "../formula/formula-tokens";
import type { CellRef } from "../sheet/a1";

/**
 * A1 → R1C1 relative to the formula's own cell. Copied formulas are identical in R1C1 (=B2*C2 in row 2
 * and =B3*C3 in row 3 are both =RC[-2]*RC[-1]), so comparing R1C1 text finds the one that is not a copy.
 */
export function toR1C1(formula: string, at: CellRef): string {
  const tokens = readTokens(formula);
  return tokens ? tokensToR1C1(tokens, at) : formula;
}

/** The same, for a formula already tokenized. */
export function tokensToR1C1(tokens: readonly FormulaToken[], at: CellRef): string {
  return tokensToFormula(
    tokens.map((token) =>
      token.type === "operand" && token.subtype === "range"
        ? { ...token, value: referenceToR1C1(token.value, at) }
        : token,
    ),
  );
}

/** One reference operand in R1C1; names, tables and anything else not a cell reference are returned as is. */
export function referenceToR1C1(text: string, at: CellRef): string {
  const reference = parseReference(text).a1;
  return reference ? reference.prefix + bodyToR1C1(reference, at) : text;
}

function bodyToR1C1(reference: A1Reference, at: CellRef): string {
  const { start, end } = reference;
  switch (reference.kind) {
    case "cell":
      return rowPart(start, at) + columnPart(start, at);
    case "range":
      return `${rowPart(start, at)}${columnPart(start, at)}:${rowPart(end, at)}${columnPart(end, at)}`;
    case "columns":
      return `${columnPart(start, at)}:${columnPart(end, at)}`;
    default:
      return `${rowPart(start, at)}:${rowPart(end, at)}`;
  }
}

function rowPart(point: ReferencePoint, at: CellRef): string {
  return part("R", point.row ?? 0, point.rowAbsolute, at.row);
}

function columnPart(point: ReferencePoint, at: CellRef): string {
  return part("C", point.col ?? 0, point.colAbsolute, at.col);
}

function part(letter: "R" | "C", index: number, absolute: boolean, from: number): string {
  if (absolute) return `${letter}${index + 1}`;
  const offset = index - from;
  return offset === 0 ? letter : `${letter}[${offset}]`;
}
