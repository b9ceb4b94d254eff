import { openFileCache } from "../../host/xlsx/file-cache";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { BulkEngine } from "../../bulk/bulk-engine";
import { countCachedCells } from "../../bulk/cached-answers";
import { NoCache, type ResultCache } from "../../bulk/result-cache";
import { formatCellAddress, formatSheetName, parseRangeAddress, type RangeAddress } from "../../sheet/a1";
import { writeCellsChecked, type ErrorCell } from "../../sheet/cell-write";
import { cellInput, commonFailure, runOverGrid, type CellOutcome } from "../../tasks/bulk-cells";
import { renderOutcomeGrid } from "../../tasks/cell-task-grid";
import { cellTask, type CellTaskSpec, type RenderedResult } from "../../tasks/cell-tasks";
import { InputError } from "../cli-errors";
import { describeError } from "../../errors/slm-error";
import {
  modelFrom,
  requiredOption,
  settingsFrom,
  stringOption,
  workbookPath,
  type CommandContext,
  type CommandResult,
} from "../command";
import { MODEL_SERVER_OPTIONS, modelServersFrom } from "../model-servers";
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
  ...MODEL_SERVER_OPTIONS,
} as const;

/** Unanswered cells listed by address in the summary; the rest are counted. */
const LISTED_UNANSWERED = 20;

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
  const servers = modelServersFrom(context);
  const task = cellTask(servers.pool, modelFrom(context), spec, {
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
  let outcomes: CellOutcome<unknown>[][];
  let resumed = 0;
  const progress = progressReporter(total);
  const engine = new BulkEngine({
    cache,
    // Every server's slots; the engine keeps one request more in flight, waiting in the pool.
    concurrency: servers.pool.capacity,
    onProgress: (stats) => progress.update(stats),
  });
  try {
    // Several servers must serve the same model (mixing models would mix answers).
    await servers.pool.checkModel(modelFrom(context));
    if (cacheDir) {
      resumed = await countCachedCells(cache, task.packed, gridTexts(grid));
      if (resumed > 0) {
        context.io.stderr(
          `resuming: ${resumed.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} cells already answered (from ${cacheDir})\n`,
        );
      }
    }
    try {
      outcomes = await runOverGrid(engine, task.packed, grid);
    } finally {
      progress.finish();
    }
  } finally {
    servers.pool.close();
    await cache.flush();
  }
  const failure = commonFailure(outcomes);
  if (failure) throw failure;
  const unanswered = unansweredCells(outcomes, source);

  let failedCount = 0;
  let results = 0;
  const written = renderOutcomeGrid<ErrorCell | null>(task, outcomes, {
    empty: null,
    // Errors stay errors (ISNA/ISERROR see them), not the text "#N/A".
    passedError: (code) => ({ error: code }),
    failed: () => {
      failedCount++;
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
    failed: failedCount,
    resumed,
    unanswered: unanswered.listed,
    servers: servers.pool.status(),
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
    `(${stats.requests} model requests on ${servers.description}, ${stats.cacheHits} from cache` +
    (resumed ? `, resumed with ${resumed.toLocaleString("en-US")} cells already answered` : "") +
    ")." +
    unansweredText(unanswered, failedCount, cacheDir);
  return { text, json };
}

/** The run's cell texts (what runOverGrid sends), for counting what the cache already answers. */
function* gridTexts(grid: readonly (readonly unknown[])[]): Generator<string> {
  for (const row of grid) {
    for (const value of row) {
      const input = cellInput(value);
      if (input.kind === "text") yield input.text;
    }
  }
}

interface Unanswered {
  /** The first few source cells the model could not answer, with why. */
  listed: { cell: string; error: string }[];
}

/** Source cells whose outcome failed, by address (the first LISTED_UNANSWERED of them). */
function unansweredCells(
  outcomes: readonly (readonly CellOutcome<unknown>[])[],
  source: RangeAddress,
): Unanswered {
  const listed: Unanswered["listed"] = [];
  const sheet = source.sheet ? `${formatSheetName(source.sheet)}!` : "";
  outcomes.forEach((row, r) => {
    row.forEach((outcome, c) => {
      if (outcome.kind !== "failed" || listed.length >= LISTED_UNANSWERED) return;
      const cell = formatCellAddress({ row: source.start.row + r, col: source.start.col + c });
      listed.push({ cell: `${sheet}${cell}`, error: describeError(outcome.error) });
    });
  });
  return { listed };
}

/** The summary's list of cells left unanswered (#N/A in the output), and how to answer them. */
function unansweredText(unanswered: Unanswered, failed: number, cacheDir: string | undefined): string {
  if (failed === 0) return "";
  const lines = unanswered.listed.map((entry) => `  ${entry.cell}: ${entry.error}`);
  const more = failed > unanswered.listed.length ? [`  … and ${failed - unanswered.listed.length} more`] : [];
  const again = cacheDir
    ? "Run the same command again: answered cells come from --cache and only these are asked."
    : "Run again with --cache DIR so a rerun only asks for the cells still missing.";
  return `\n${failed} cell${failed === 1 ? "" : "s"} could not be answered (#N/A in the output):\n${[...lines, ...more].join("\n")}\n${again}`;
}
