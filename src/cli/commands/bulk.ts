import { openFileCache } from "../../host/xlsx/file-cache";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { isLlmError } from "../../llm/errors";
import { BulkEngine, type PackedTask } from "../../runtime/bulk-engine";
import { NoCache, type ResultCache } from "../../runtime/result-cache";
import { parseRangeAddress } from "../../sheet/a1";
import type { CellValue } from "../../sheet/cells";
import { writeCellsChecked, type WriteCell } from "../../sheet/cell-write";
import { commonFailure, runOverGrid, type CellOutcome } from "../../tasks/bulk-cells";
import { InputError, UsageError } from "../cli-errors";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
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

export interface BulkRun<R> {
  usage: string;
  /** For messages: "classify", "extract from", "check". */
  verb: string;
  makeTask(context: CommandContext, workbook: XlsxWorkbook): Promise<PackedTask<R>>;
  /** Cells written per result (1, or 2 with a second column). */
  width: number;
  render(result: R): CellValue[];
  summarise?(results: R[]): Record<string, unknown>;
}

function positiveInteger(context: CommandContext, name: string, fallback: number): number {
  const raw = stringOption(context, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

export async function runBulkCommand<R>(context: CommandContext, run: BulkRun<R>): Promise<CommandResult> {
  const started = Date.now();
  const file = workbookPath(context, run.usage);
  const range = requiredOption(context, "range", "'Data!B2:B500'");
  const out = requiredOption(context, "out", "results.xlsx");
  const source = parseRangeAddress(range);
  const workbook = await XlsxWorkbook.open(file);
  const grid = await workbook.readRange(range);
  const task = await run.makeTask(context, workbook);
  const columns = grid[0]?.length ?? 0;
  if (grid.length === 0 || columns === 0) {
    throw new InputError(`The range ${range} is empty: there is nothing to ${run.verb}.`);
  }
  const target = await resolveTarget(
    workbook,
    source,
    { rows: grid.length, width: run.width * columns },
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
  let outcomes: CellOutcome<R>[][];
  try {
    outcomes = await runOverGrid(engine, task, grid);
  } finally {
    progress.finish();
    await cache.flush();
  }
  const failure = commonFailure(outcomes);
  if (failure) throw failure;

  const failedCells: string[] = [];
  const results: R[] = [];
  const written: WriteCell[][] = outcomes.map((row) =>
    row.flatMap((outcome): WriteCell[] => {
      const pad = (first: WriteCell): WriteCell[] => [first, ...Array<WriteCell>(run.width - 1).fill(null)];
      if (outcome.kind === "result") {
        results.push(outcome.result);
        return run.render(outcome.result);
      }
      // Errors stay errors (ISNA/ISERROR see them), not the text "#N/A".
      if (outcome.kind === "passed-error") return pad({ error: outcome.code });
      if (outcome.kind === "failed") {
        failedCells.push(isLlmError(outcome.error) ? outcome.error.message : String(outcome.error));
        return pad({ error: "#N/A" });
      }
      return pad(null);
    }),
  );
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
    results: results.length,
    failed: failedCells.length,
    requests: stats.requests,
    itemsSent: stats.itemsSent,
    cacheHits: stats.cacheHits,
    deduplicated: stats.deduplicated,
    promptTokens: stats.promptTokens,
    outputTokens: stats.outputTokens,
    ...(run.summarise?.(results) ?? {}),
    runMs: Date.now() - started,
  };
  const text =
    `Wrote ${results.length} result${results.length === 1 ? "" : "s"} to ${target} in ${out} ` +
    `(${stats.requests} model requests, ${stats.cacheHits} from cache` +
    (failedCells.length ? `, ${failedCells.length} failed: ${failedCells[0]}` : "") +
    ").";
  return { text, json };
}

export function makeClientAndModel(context: CommandContext) {
  return { llm: ollamaClientFrom(context), model: modelFrom(context) };
}
