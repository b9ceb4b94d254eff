import { openFileCache } from "../../host/xlsx/file-cache";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { isLlmError } from "../../llm/errors";
import { BulkEngine } from "../../bulk/bulk-engine";
import { NoCache, type ResultCache } from "../../bulk/result-cache";
import { parseRangeAddress } from "../../sheet/a1";
import { writeCellsChecked, type ErrorCell } from "../../sheet/cell-write";
import { commonFailure, runOverGrid, type CellOutcome } from "../../tasks/bulk-cells";
import { renderOutcomeGrid } from "../../tasks/cell-task-grid";
import { cellTask, type CellTaskSpec, type RenderedResult } from "../../tasks/cell-tasks";
import { InputError, UsageError } from "../cli-errors";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
  settingsFrom,
  stringOption,
  workbookPath,
  type CommandContext,
  type CommandResult,
} from "../command";
import { progressReporter } from "../progress";
import { resolveTarget } from "../target-range";

/**
 * classify, extract and validate share one run: read the range, run the packed task over it
 * through the bulk engine (with --cache), write results to empty target cells, save --out.
 */
export const BULK_OPTIONS = {
  range: { type: "string" },
  target: { type: "string" },
  out: { type: "string" },
  overwrite: { type: "boolean" },
  cache: { type: "string" },
  concurrency: { type: "string" },
} as const;

/** Counts for the --json summary, taken one result at a time (a million results are never held). */
export interface BulkSummary {
  add(result: RenderedResult): void;
  json(): Record<string, unknown>;
}

export interface BulkRun {
  usage: string;
  /** For messages: "classify", "extract from", "check". */
  verb: string;
  /** The cell task from the options (labels may come from the workbook); width and cells follow from it. */
  spec(context: CommandContext, workbook: XlsxWorkbook): Promise<CellTaskSpec>;
  summary?: BulkSummary;
}

function positiveInteger(context: CommandContext, name: string, fallback: number): number {
  const raw = stringOption(context, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

export async function runBulkCommand(context: CommandContext, run: BulkRun): Promise<CommandResult> {
  const started = Date.now();
  const file = workbookPath(context, run.usage);
  const range = requiredOption(context, "range", "'Data!B2:B500'");
  const out = requiredOption(context, "out", "results.xlsx");
  const source = parseRangeAddress(range);
  const workbook = await XlsxWorkbook.open(file);
  const grid = await workbook.readRange(range);
  const spec = await run.spec(context, workbook);
  // The REVIEW rule (--threshold, --abstain-label) as the add-in's settings define it.
  const { confidenceThreshold, abstainLabel } = settingsFrom(context);
  const task = cellTask(ollamaClientFrom(context), modelFrom(context), spec, {
    confidenceThreshold,
    abstainLabel,
  });
  const columns = grid[0]?.length ?? 0;
  if (grid.length === 0 || columns === 0) {
    throw new InputError(`The range ${range} is empty: there is nothing to ${run.verb}.`);
  }
  const target = await resolveTarget(
    workbook,
    source,
    { rows: grid.length, width: task.width * columns },
    {
      target: stringOption(context, "target"),
      overwrite: context.values.overwrite === true,
    },
  );
  const cacheDir = stringOption(context, "cache");
  const cache: ResultCache = cacheDir ? await openFileCache(cacheDir) : new NoCache();
  const total = grid.flat().filter((value) => value !== null && value !== "").length;
  const progress = progressReporter(total);
  const engine = new BulkEngine({
    cache,
    concurrency: positiveInteger(context, "concurrency", 1),
    onProgress: (stats) => progress.update(stats),
  });
  let outcomes: CellOutcome<unknown>[][];
  try {
    outcomes = await runOverGrid(engine, task.packed, grid);
  } finally {
    progress.finish();
    await cache.flush();
  }
  const failure = commonFailure(outcomes);
  if (failure) throw failure;

  const failedCells: string[] = [];
  let results = 0;
  const written = renderOutcomeGrid<ErrorCell | null>(task, outcomes, {
    empty: null,
    // Errors stay errors (ISNA/ISERROR see them), not the text "#N/A".
    passedError: (code) => ({ error: code }),
    failed: (error) => {
      failedCells.push(isLlmError(error) ? error.message : String(error));
      return { error: "#N/A" };
    },
    onResult: (rendered) => {
      results++;
      run.summary?.add(rendered);
    },
  });
  // Results for a multi-column source go side by side, one block per source column. Checked
  // again at the write: the same rule as before the model work, on the cells as they are now.
  await writeCellsChecked(workbook, target, written, { overwrite: context.values.overwrite === true });
  await workbook.save(out);

  const stats = engine.stats();
  const json = {
    range,
    target,
    out,
    model: modelFrom(context),
    cells: total,
    results,
    failed: failedCells.length,
    requests: stats.requests,
    itemsSent: stats.itemsSent,
    cacheHits: stats.cacheHits,
    deduplicated: stats.deduplicated,
    promptTokens: stats.promptTokens,
    outputTokens: stats.outputTokens,
    ...(run.summary?.json() ?? {}),
    runMs: Date.now() - started,
  };
  const text =
    `Wrote ${results} result${results === 1 ? "" : "s"} to ${target} in ${out} ` +
    `(${stats.requests} model requests, ${stats.cacheHits} from cache` +
    (failedCells.length ? `, ${failedCells.length} failed: ${failedCells[0]}` : "") +
    ").";
  return { text, json };
}
