import type { CellOutcome } from "./bulk-cells";
import type { CellTask, RenderedResult } from "./cell-tasks";

/**
 * A grid of bulk outcomes as the cells a surface writes, `task.width` cells per input cell. The
 * surface only says how it writes what is not a result: Excel error objects in a custom function,
 * exceljs error cells in the CLI.
 */
export interface OutcomeCellWriter<E> {
  /** A blank input, an unknown confidence, and the second cell beside a non-result. */
  empty: E;
  /** An input cell that held an Excel error: it passes through. */
  passedError(code: string): E;
  /** A cell the model could not answer. */
  failed(error: unknown): E;
  /** Called for every result cell, in reading order (the CLI counts them). */
  onResult?(rendered: RenderedResult): void;
}

export type OutcomeCell<E> = string | number | boolean | E;

export function renderOutcomeGrid<E>(
  task: CellTask,
  outcomes: readonly (readonly CellOutcome<unknown>[])[],
  writer: OutcomeCellWriter<E>,
): OutcomeCell<E>[][] {
  return outcomes.map((row) => {
    const line: OutcomeCell<E>[] = [];
    for (const outcome of row) {
      if (outcome.kind === "result") {
        const rendered = task.render(outcome.result);
        writer.onResult?.(rendered);
        line.push(rendered.value);
        if (task.width === 2) line.push(rendered.detail ?? writer.empty);
        continue;
      }
      if (outcome.kind === "blank") line.push(writer.empty);
      else if (outcome.kind === "passed-error") line.push(writer.passedError(outcome.code));
      else line.push(writer.failed(outcome.error));
      // A non-result fills the task's whole width, so a two-column spill stays rectangular.
      for (let extra = 1; extra < task.width; extra++) line.push(writer.empty);
    }
    return line;
  });
}
