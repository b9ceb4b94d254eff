import { referenceBounds } from "../../formula/a1-reference";
import type { CellRef } from "../../sheet/a1";
import { isExcelErrorText, type CellValue } from "../../sheet/cells";
import { describeValue } from "../cell-kind";
import type { ParsedFormula, SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";

const LOOKUPS = new Set(["VLOOKUP", "HLOOKUP", "XLOOKUP", "LOOKUP", "MATCH", "XMATCH"]);
/** Ranges larger than this are not searched cell by cell for the error a formula passes on. */
const MAX_SCANNED_CELLS = 10_000;

interface Cause {
  reason: string;
  fix: string;
}

/** Every error value on the sheet, with the most likely cause found in the formula and the cells it reads. */
export function errorValues(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const at of cells.positions()) {
    const value = cells.value(at);
    if (!isExcelErrorText(value ?? null)) continue;
    const error = value as string;
    const parsed = cells.parsed(at);
    const cause = parsed ? formulaCause(error, parsed, cells) : typedError(error);
    findings.push(formulaFinding(cells, at, { kind: "error-value", severity: "error", ...cause }));
  }
  return findings;
}

function typedError(error: string): Cause {
  return {
    reason: `The cell holds ${error} as a value, not as a formula result: it was typed or pasted in.`,
    fix: "Replace it with the right value, or clear the cell.",
  };
}

function formulaCause(error: string, parsed: ParsedFormula, cells: SheetCells): Cause {
  const source = passedOnFrom(error, parsed, cells);
  if (source) {
    return {
      reason: `${error} comes from ${cells.address(source)}, which this formula reads; the error only passes through here.`,
      fix: `Fix ${cells.address(source)} first; this cell will then calculate.`,
    };
  }
  const body = parsed.formula.replace(/^=/, "");
  switch (error) {
    case "#DIV/0!":
      return divisionCause(parsed, cells, body);
    case "#N/A":
      return parsed.calls.some((name) => LOOKUPS.has(name))
        ? {
            reason: `The lookup (${parsed.calls.filter((name) => LOOKUPS.has(name)).join(", ")}) did not find its value: a spelling difference, extra spaces, or a number stored as text on one side are the usual causes.`,
            fix: `Correct the lookup value or the lookup table; to show a fallback instead, use =IFNA(${body}, "not found").`,
          }
        : {
            reason:
              "A value the formula needs is not available (#N/A), often passed on from a lookup elsewhere.",
            fix: "Find the input that is #N/A and fix it, or handle it with IFNA.",
          };
    case "#NAME?":
      return nameCause(parsed);
    case "#REF!":
      return {
        reason: parsed.formula.includes("#REF!")
          ? "The formula refers to cells that were deleted: it contains #REF! where a reference used to be."
          : "A reference points outside the sheet or into a workbook that is not available.",
        fix: "Point the reference at the right cells again (undo the deletion if it was recent).",
      };
    case "#VALUE!":
      return valueCause(parsed, cells);
    case "#NUM!":
      return {
        reason:
          "A number is outside what the calculation can take: a square root or log of a negative number, a result too large, or an IRR/RATE that does not converge.",
        fix: "Check the inputs' signs and sizes; give IRR/RATE a guess argument if they do not converge.",
      };
    case "#NULL!":
      return {
        reason: "Two ranges separated by a space do not overlap; a comma or a colon is probably missing.",
        fix: "Use a comma between separate ranges (A1:A5,C1:C5) or a colon within one (A1:C5).",
      };
    case "#SPILL!":
      return {
        reason:
          "The result is a list that needs to spill into neighbouring cells, but some of them are not empty.",
        fix: "Clear the cells in the way, or move the formula.",
      };
    case "#CALC!":
      return {
        reason: "The calculation produced an empty result (for example FILTER matched nothing).",
        fix: 'Give the function a value for the empty case, e.g. FILTER(..., ..., "none").',
      };
    default:
      return {
        reason: `Excel could not calculate this formula (${error}).`,
        fix: "Check the formula's inputs.",
      };
  }
}

/** The first cell the formula reads that holds the same error, so the report points at the origin. */
function passedOnFrom(error: string, parsed: ParsedFormula, cells: SheetCells): CellRef | null {
  for (const use of parsed.references) {
    const bounds = use.local ? referenceBounds(use.reference) : null;
    if (!bounds) continue;
    const size = (bounds.end.row - bounds.start.row + 1) * (bounds.end.col - bounds.start.col + 1);
    if (size > MAX_SCANNED_CELLS) continue;
    for (let row = bounds.start.row; row <= bounds.end.row; row++) {
      for (let col = bounds.start.col; col <= bounds.end.col; col++) {
        if (cells.value({ row, col }) === error) return { row, col };
      }
    }
  }
  return null;
}

function divisionCause(parsed: ParsedFormula, cells: SheetCells, body: string): Cause {
  for (const use of parsed.references) {
    const previous = parsed.tokens[use.tokenIndex - 1];
    if (!use.local || use.reference.kind !== "cell" || previous?.value !== "/") continue;
    const ref = { row: use.reference.start.row ?? 0, col: use.reference.start.col ?? 0 };
    const divisor = cells.value(ref);
    if (divisor === null || divisor === 0 || divisor === "") {
      const address = cells.address(ref);
      const what = divisor === 0 ? "0" : "blank";
      const plain = address.replace(/^.*!/, "");
      const guard = `=IF(${plain}=0, "", ${body})`;
      return {
        reason: `The formula divides by ${address}, which is ${what}.`,
        fix:
          what === "0"
            ? `Correct ${address} if 0 is wrong; to show a blank while it is 0, use ${guard}.`
            : `Fill in ${address}; to show a blank until then, use ${guard}.`,
      };
    }
  }
  return {
    reason: "A division by zero: a divisor is 0 or blank, or an average had no numbers to average.",
    fix: `Check the divisor; to show a blank instead, use =IFERROR(${body}, "").`,
  };
}

function nameCause(parsed: ParsedFormula): Cause {
  const names = parsed.tokens
    .filter(
      (token, index) => token.type === "operand" && token.subtype === "range" && !isReference(parsed, index),
    )
    .map((token) => token.value);
  const suspects = names.length ? ` Check: ${[...new Set(names)].join(", ")}.` : "";
  return {
    reason: `Excel does not recognise a name in the formula: a misspelled function, a defined name that does not exist, or text missing its quotes.${suspects}`,
    fix: "Correct the spelling (Formulas › Name Manager lists the defined names), or put quotes around text.",
  };
}

function isReference(parsed: ParsedFormula, tokenIndex: number): boolean {
  return parsed.references.some((use) => use.tokenIndex === tokenIndex);
}

/** #VALUE! from arithmetic on text: name the text cell. */
function valueCause(parsed: ParsedFormula, cells: SheetCells): Cause {
  for (const use of parsed.references) {
    if (!use.local || use.reference.kind !== "cell") continue;
    const ref = { row: use.reference.start.row ?? 0, col: use.reference.start.col ?? 0 };
    const value: CellValue | undefined = cells.value(ref);
    const neighbours = [parsed.tokens[use.tokenIndex - 1], parsed.tokens[use.tokenIndex + 1]];
    const inArithmetic = neighbours.some(
      (token) => token?.type === "operator-infix" && token.subtype === "math",
    );
    if (typeof value === "string" && value.trim() !== "" && !isExcelErrorText(value) && inArithmetic) {
      return {
        reason: `${cells.address(ref)} holds text (${describeValue(value)}) and the formula does arithmetic with it.`,
        fix: `Put a number in ${cells.address(ref)}, or use a function that skips text (SUM, N()) instead of + - * /.`,
      };
    }
  }
  return {
    reason: "An argument has the wrong type: usually text where a number or a date is expected.",
    fix: "Check the cells the formula reads for text that should be numbers or dates.",
  };
}
