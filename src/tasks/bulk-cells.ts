import { isLlmError, LlmError } from "../llm/errors";
import { describeError } from "../errors/slm-error";
import { normaliseInput, type BulkEngine, type PackedTask } from "../bulk/bulk-engine";
import { isExcelErrorText } from "../sheet/cells";

/**
 * Runs a packed task over a grid of cell values and returns a grid of the same shape. Each cell
 * is handled deliberately: blanks stay blank (no model call), error values pass through,
 * numbers and booleans are read as text, and every other cell becomes one engine item.
 */
export type CellOutcome<R> =
  | { kind: "blank" }
  | { kind: "passed-error"; code: string }
  | { kind: "result"; result: R }
  | { kind: "failed"; error: unknown };

export type CellInput = { kind: "blank" } | { kind: "error"; code: string } | { kind: "text"; text: string };

export function cellInput(value: unknown): CellInput {
  if (value === null || value === undefined) return { kind: "blank" };
  if (typeof value === "string") {
    if (value.trim() === "") return { kind: "blank" };
    if (isExcelErrorText(value)) return { kind: "error", code: value };
    return { kind: "text", text: value };
  }
  if (typeof value === "number")
    return Number.isFinite(value) ? { kind: "text", text: String(value) } : { kind: "error", code: "#NUM!" };
  if (typeof value === "boolean") return { kind: "text", text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return { kind: "text", text: value.toISOString().slice(0, 10) };
  // Excel passes error cells as error objects with a code.
  const code = (value as { code?: unknown }).code;
  if (typeof code === "string" && isExcelErrorText(code)) return { kind: "error", code };
  return { kind: "text", text: String(value) };
}

/**
 * Distinct inputs runOverGrid keeps submitted to the engine at once: enough for dozens of full packs,
 * so the model never waits on us, and few enough that a column of a million different values does
 * not hold a million pending calls (each a promise, a waiter and an engine entry) in memory.
 */
const DISTINCT_IN_FLIGHT = 2048;

const BLANK: CellOutcome<never> = { kind: "blank" };

export async function runOverGrid<R>(
  engine: BulkEngine,
  task: PackedTask<R>,
  grid: readonly (readonly unknown[])[],
  signal?: AbortSignal,
): Promise<CellOutcome<R>[][]> {
  // Cells with the same text (after the engine's white-space normalisation) are one engine call
  // that answers all of them, and share one outcome object: a fill-down of a million rows over fifty
  // values costs fifty calls, not a million promises.
  const groupOf = new Map<string, number>();
  const texts: string[] = [];
  const cellsPerText: number[] = [];
  let cells = 0;
  for (const row of grid) cells += row.length;
  // The group of each cell in reading order, -1 for cells settled without the model.
  const groupAt = new Int32Array(cells).fill(-1);
  const outcomes: CellOutcome<R>[][] = [];
  let at = 0;
  for (const row of grid) {
    const line: CellOutcome<R>[] = [];
    for (const value of row) {
      const input = cellInput(value);
      if (input.kind === "error") {
        line.push({ kind: "passed-error", code: input.code });
      } else {
        // A text cell holds BLANK only until its group's outcome is filled in below.
        line.push(BLANK);
        if (input.kind === "text") {
          const key = normaliseInput(input.text);
          let group = groupOf.get(key);
          if (group === undefined) {
            group = texts.length;
            groupOf.set(key, group);
            texts.push(key);
            cellsPerText.push(0);
          }
          cellsPerText[group]!++;
          groupAt[at] = group;
        }
      }
      at++;
    }
    outcomes.push(line);
  }
  groupOf.clear();

  const settled: CellOutcome<R>[] = new Array<CellOutcome<R>>(texts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const group = next++;
      try {
        const result = await engine.submit(task, texts[group]!, signal, cellsPerText[group]);
        settled[group] = { kind: "result", result };
      } catch (error) {
        settled[group] = { kind: "failed", error };
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(DISTINCT_IN_FLIGHT, texts.length); i++) workers.push(worker());
  await Promise.all(workers);

  at = 0;
  for (const line of outcomes) {
    for (let c = 0; c < line.length; c++, at++) {
      const group = groupAt[at]!;
      if (group >= 0) line[c] = settled[group]!;
    }
  }
  return outcomes;
}

/**
 * When every attempted cell failed for the same service reason (Ollama down, model missing),
 * that is one problem, reported once, rather than a sheet full of separate errors.
 */
export function commonFailure<R>(outcomes: CellOutcome<R>[][]): LlmError | undefined {
  const attempted = outcomes.flat().filter((o) => o.kind === "result" || o.kind === "failed");
  if (attempted.length === 0 || attempted.some((o) => o.kind === "result")) return undefined;
  const first = (attempted[0] as { error: unknown }).error;
  if (!isLlmError(first)) return undefined;
  const same = attempted.every((o) => o.kind === "failed" && describeError(o.error) === first.message);
  return same ? first : undefined;
}
