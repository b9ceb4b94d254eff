import { isLlmError } from "../llm/errors";
import { describeError } from "../errors/slm-error";
import { DEFAULT_MAX_ITEMS_PER_REQUEST, normaliseInput, type BulkEngine } from "../bulk/bulk-engine";
import { cellInput } from "./bulk-cells";
import type { CellTask, CellTaskSpec } from "./cell-tasks";

/**
 * Classify, extract or validate a list of cell values (a selection) from the task pane, with a
 * progress bar and Cancel. The work goes through the same BulkEngine and the same cell task
 * definitions (cell-tasks.ts) as =SLM.CLASSIFY/EXTRACT/VALIDATE, so a value written by the pane
 * equals what the formula gives, and either one fills the cache for the other.
 */
/** What the pane runs: a cell task (it writes one column, so it asks for no confidence or reason). */
export type SelectionTaskSpec = CellTaskSpec;

/** What one selected cell came to. Only "result" and "failed" cells were sent to the model. */
export type ItemOutcome =
  | { kind: "blank" }
  | { kind: "passed-error"; code: string }
  | { kind: "result"; value: string | boolean; abstained: boolean }
  | { kind: "failed"; message: string }
  | { kind: "cancelled" };

export interface SelectionProgress {
  /** Cells (not requests) with an answer or an error so far. */
  done: number;
  /** Cells that need the model (blanks and error cells are not counted). */
  total: number;
  errors: number;
}

export interface SelectionRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SelectionProgress) => void;
  /** Distinct inputs handed to the engine at once; default scales with the run (see `windowSize`). */
  window?: number;
}

export interface SelectionRunResult {
  outcomes: ItemOutcome[];
  progress: SelectionProgress;
  /** The run was cancelled before every cell had an answer. */
  cancelled: boolean;
}

/**
 * How many distinct inputs to keep with the engine at once. The engine packs up to
 * DEFAULT_MAX_ITEMS_PER_REQUEST items per request; a small selection is cut finer so the progress bar moves about ten times and Cancel
 * takes effect after a short request rather than after the whole selection. A large one keeps two
 * full packs with the engine, so one waits in Ollama's queue while the other decodes.
 */
export function windowSize(distinct: number): number {
  const full = DEFAULT_MAX_ITEMS_PER_REQUEST;
  const pack = Math.min(full, Math.max(4, Math.ceil(distinct / 10)));
  return pack === full ? 2 * full : pack;
}

/**
 * Runs `task` over `values` (one per selected cell). Repeated inputs are asked once. Cancelling
 * stops handing inputs to the engine and aborts the requests under way (the engine aborts a
 * request only when no formula is also waiting for it); answers received so far are kept.
 */
export async function runSelection(
  engine: BulkEngine,
  task: CellTask,
  values: readonly unknown[],
  options: SelectionRunOptions = {},
): Promise<SelectionRunResult> {
  const outcomes: ItemOutcome[] = values.map(() => ({ kind: "cancelled" }));
  const byInput = new Map<string, { text: string; items: number[] }>();
  values.forEach((value, index) => {
    const input = cellInput(value);
    if (input.kind === "blank") outcomes[index] = { kind: "blank" };
    else if (input.kind === "error") outcomes[index] = { kind: "passed-error", code: input.code };
    else {
      const key = normaliseInput(input.text);
      const group = byInput.get(key) ?? { text: input.text, items: [] };
      group.items.push(index);
      byInput.set(key, group);
    }
  });
  const groups = [...byInput.values()];
  const progress: SelectionProgress = {
    done: 0,
    total: groups.reduce((sum, group) => sum + group.items.length, 0),
    errors: 0,
  };
  const report = () => options.onProgress?.({ ...progress });
  report();

  const signal = options.signal ?? new AbortController().signal;
  const limit = Math.max(1, options.window ?? windowSize(groups.length));
  let next = 0;

  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const finishIfIdle = () => {
      if (inFlight === 0 && (next >= groups.length || signal.aborted)) resolve();
    };
    const settle = (group: { items: number[] }, outcome: ItemOutcome) => {
      for (const item of group.items) outcomes[item] = outcome;
      if (outcome.kind !== "cancelled") progress.done += group.items.length;
      if (outcome.kind === "failed") progress.errors += group.items.length;
      report();
    };
    const launch = () => {
      while (inFlight < limit && next < groups.length && !signal.aborted) {
        const group = groups[next++]!;
        inFlight++;
        engine
          .submit(task.packed, group.text, signal)
          .then((result) => task.render(result))
          .then(
            ({ value, abstained }) => settle(group, { kind: "result", value, abstained }),
            (error: unknown) => {
              const wasCancel = isLlmError(error, "cancelled") && signal.aborted;
              settle(
                group,
                wasCancel ? { kind: "cancelled" } : { kind: "failed", message: describeError(error) },
              );
            },
          )
          .finally(() => {
            inFlight--;
            launch();
            finishIfIdle();
          });
      }
    };
    signal.addEventListener("abort", finishIfIdle, { once: true });
    launch();
    finishIfIdle();
  });

  return { outcomes, progress: { ...progress }, cancelled: outcomes.some((o) => o.kind === "cancelled") };
}

export interface ValueCount {
  value: string;
  count: number;
}

export interface SelectionSummary {
  /** Cells per shown value, most frequent first (the abstain label included). */
  counts: ValueCount[];
  /** Indexes of the cells that got the abstain label, in order. */
  abstained: number[];
  errors: number;
  firstError?: string;
  /** Cells left without an answer because the run was cancelled. */
  cancelled: number;
  /** Blank cells and cells holding an error value, which were not sent to the model. */
  skipped: number;
}

/** Counts for the summary and its chart. TRUE/FALSE are shown as Excel shows them. */
export function summariseSelection(outcomes: readonly ItemOutcome[]): SelectionSummary {
  const counts = new Map<string, number>();
  const summary: SelectionSummary = { counts: [], abstained: [], errors: 0, cancelled: 0, skipped: 0 };
  outcomes.forEach((outcome, index) => {
    switch (outcome.kind) {
      case "result": {
        const shown = shownValue(outcome.value);
        counts.set(shown, (counts.get(shown) ?? 0) + 1);
        if (outcome.abstained) summary.abstained.push(index);
        break;
      }
      case "failed":
        summary.errors++;
        summary.firstError ??= outcome.message;
        break;
      case "cancelled":
        summary.cancelled++;
        break;
      default:
        summary.skipped++;
    }
  });
  summary.counts = [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return summary;
}

/** How a result reads in a cell and in the summary ("" from EXTRACT reads as "(not found)"). */
export function shownValue(value: string | boolean): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value === "" ? "(not found)" : value;
}
