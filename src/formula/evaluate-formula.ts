import FormulaParser, { type EngineValue } from "fast-formula-parser";
import {
  AddressError,
  MAX_COLUMNS,
  MAX_ROWS,
  formatRangeAddress,
  parseRangeAddress,
  type CellRef,
} from "../sheet/a1";
import { isBlank } from "../sheet/cells";
import { SheetNotFoundError, type SheetHost } from "../sheet/sheet-host";
import { engineCaveat } from "./engine-caveats";
import { ENGINE_FUNCTIONS } from "./engine-functions";
import { inlineLet } from "./engine-let";
import { rewriteOperators } from "./engine-operator-rewrite";
import { EngineUnsupported, isEngineError } from "./engine-values";
import {
  classifyValue,
  errorResult,
  notVerified,
  type EvaluationResult,
  type ExpectedKind,
} from "./evaluation-result";
import { checkFormulaSafety } from "./formula-safety";
import { tokensToFormula } from "./formula-text";
import { readFormula } from "./formula-tokens";
import { RangeCache } from "./range-cache";
import { hasTableReferences, resolveStructuredReferences } from "./structured-references";
import type { TableContext } from "./table-context";

export type {
  EvaluatedScalar,
  EvaluatedValue,
  EvaluationError,
  EvaluationResult,
  ExpectedKind,
} from "./evaluation-result";

/**
 * Verification by execution, headless: run a candidate formula on the loaded workbook with
 * fast-formula-parser (plus the functions src/formula adds to it) and report the value, an Excel error
 * explained for the model, or "not verified" and why, when the engine cannot vouch for the result.
 * A formula that fails checkFormulaSafety is never run.
 */

export interface EvaluateOptions {
  /** Contexts of Excel tables the formula may name, so Table1[Revenue] can be resolved to cells. */
  tables?: readonly TableContext[];
  /** The kind of value the caller needs; anything else is reported as "wrong-type". */
  expect?: ExpectedKind;
  /** Accept a blank or "" result (a divide-by-zero guard on this row, say) instead of reporting "empty". */
  allowEmpty?: boolean;
}

/** Runs after reading what the previous run asked for; formulas that keep asking for new ranges give up. */
const MAX_RUNS = 4;

export async function evaluateFormula(
  host: SheetHost,
  sheet: string,
  formula: string,
  /** The cell the formula would be written in, such as "G5" (default A1): for ROW(), [@Col], spills. */
  at?: string,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const sheets = await host.listSheets();
  const cache = new RangeCache(host, sheets);
  const home = cache.canonicalSheet(sheet);
  if (home === undefined) throw new SheetNotFoundError(sheet, sheets);
  const cell = atCell(at);

  const tableNames = options.tables?.flatMap((table) => (table.tableName ? [table.tableName] : []));
  const safety = checkFormulaSafety(formula, {
    sheets,
    ...(tableNames?.length ? { tables: tableNames } : {}),
  });
  if (!safety.safe) return errorResult("refused", `Refused before running it: ${safety.problems.join(" ")}`);

  let text = formula;
  const tables = options.tables ?? [];
  if (hasTableReferences(formula, tables)) {
    const rewrite = resolveStructuredReferences(formula, tables, cell.row + 1);
    if ("unsupported" in rewrite) return notVerified(`its structured reference ${rewrite.unsupported}`);
    text = rewrite.formula;
  }
  const read = readFormula(text);
  const inlined = inlineLet(read.tokens);
  if ("unsupported" in inlined)
    return notVerified(`the headless engine does not model ${inlined.unsupported}`);
  const rewrite = rewriteOperators(inlined.tokens);
  const caveat = engineCaveat(read, rewrite.leftAlone);
  if (caveat) return notVerified(caveat);
  const threeD = read.references.find(
    (reference) => reference.target.kind === "cells" && reference.target.sheets.length > 1,
  );
  if (threeD)
    return notVerified(`the headless engine does not evaluate 3-D references such as ${threeD.text}`);
  const engineText = tokensToFormula(rewrite.tokens).slice(1);

  for (const reference of read.references) {
    if (reference.target.kind !== "cells") continue;
    const { range, sheets: named } = reference.target;
    await cache.load(named[0] ?? home, {
      from: { row: range.start.row + 1, col: range.start.col + 1 },
      to: { row: range.end.row + 1, col: range.end.col + 1 },
    });
  }

  let outcome: RunOutcome = { kind: "value", value: null };
  for (let run = 0; run < MAX_RUNS; run++) {
    outcome = runEngine(engineText, home, cell, cache);
    if (!(await cache.loadMisses())) break;
    if (run === MAX_RUNS - 1)
      return notVerified("the formula kept asking for further ranges (OFFSET chains?)");
  }
  if (outcome.kind !== "value") return outcome.result;
  if (at !== undefined && cache.covers(home, cell.row + 1, cell.col + 1)) {
    const address = formatRangeAddress({ start: cell, end: cell });
    return errorResult("circular", `The formula refers to its own cell ${address} (a circular reference).`);
  }
  const spill = at === undefined ? null : await spillProblem(host, home, cell, outcome.value);
  if (spill) return errorResult("#SPILL!", spill);
  return classifyValue(outcome.value, options);
}

function atCell(at: string | undefined): CellRef {
  if (at === undefined) return { row: 0, col: 0 };
  const range = parseRangeAddress(at);
  if (
    range.start.row !== range.end.row ||
    range.start.col !== range.end.col ||
    range.wholeColumns ||
    range.wholeRows
  ) {
    throw new AddressError(
      `"${at}" is not a single cell; give the cell the formula would be written in, such as G5.`,
    );
  }
  return range.start;
}

type RunOutcome = { kind: "value"; value: EngineValue } | { kind: "result"; result: EvaluationResult };

let currentCache: RangeCache | null = null;
let parser: FormulaParser | null = null;

/** One engine for the process; each run points it at that evaluation's cache (runs are synchronous). */
function engine(): FormulaParser {
  parser ??= new FormulaParser({
    functions: { ...ENGINE_FUNCTIONS },
    onCell: (ref) => currentCache?.cell(ref.sheet, ref.row, ref.col) ?? null,
    onRange: (ref) => currentCache?.range(ref) ?? [[null]],
    onVariable: () => null,
  });
  return parser;
}

function runEngine(text: string, sheet: string, cell: CellRef, cache: RangeCache): RunOutcome {
  currentCache = cache;
  try {
    const value = engine().parse(text, { sheet, row: cell.row + 1, col: cell.col + 1 }, true);
    return { kind: "value", value };
  } catch (error) {
    return { kind: "result", result: thrownResult(error) };
  } finally {
    currentCache = null;
  }
}

/** The engine throws for syntax errors, functions it lacks, and its own failures; each means something else. */
function thrownResult(error: unknown): EvaluationResult {
  if (!isEngineError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return notVerified(`the headless engine failed on it (${reason})`);
  }
  const details = error.details;
  if (details instanceof EngineUnsupported)
    return notVerified(`the headless engine does not model ${details.message}`);
  const missing = /Function (\S+) is not implemented/.exec(
    details instanceof Error ? details.message : error.message,
  );
  if (missing) return notVerified(`the headless engine (fast-formula-parser) has no ${missing[1]} function`);
  const name = details instanceof Error ? details.name : "";
  if (/Exception$/.test(name) || /Error at position/.test(error.message)) {
    const where = error.message.trim().split("\n").slice(-2).join(" ");
    return errorResult("syntax", `Excel would not accept this formula: ${where}`);
  }
  return notVerified(
    `the headless engine failed on it (${details instanceof Error ? details.message : error.message})`,
  );
}

/** Excel shows #SPILL! when a multi-cell result would overwrite cells that hold something. */
async function spillProblem(
  host: SheetHost,
  sheet: string,
  at: CellRef,
  value: EngineValue,
): Promise<string | null> {
  if (!Array.isArray(value)) return null;
  const rows = value.length;
  const cols = value[0]?.length ?? 0;
  if (rows * cols <= 1) return null;
  if (at.row + rows > MAX_ROWS || at.col + cols > MAX_COLUMNS) return "the result would run off the sheet";
  const area = { sheet, start: at, end: { row: at.row + rows - 1, col: at.col + cols - 1 } };
  const grid = await host.readRange(formatRangeAddress(area));
  for (const [r, row] of grid.entries()) {
    for (const [c, content] of row.entries()) {
      if ((r > 0 || c > 0) && !isBlank(content)) {
        const blocked = formatRangeAddress({
          start: { row: at.row + r, col: at.col + c },
          end: { row: at.row + r, col: at.col + c },
        });
        return `its ${rows}×${cols} result would spill from ${formatRangeAddress({ start: at, end: at })}, but ${blocked} is not empty`;
      }
    }
  }
  return null;
}
