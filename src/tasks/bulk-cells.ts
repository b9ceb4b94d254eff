import { describeError, isLlmError, LlmError } from "../llm/errors";
import type { BulkEngine, PackedTask } from "../runtime/bulk-engine";
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

export async function runOverGrid<R>(
  engine: BulkEngine,
  task: PackedTask<R>,
  grid: readonly (readonly unknown[])[],
  signal?: AbortSignal,
): Promise<CellOutcome<R>[][]> {
  return Promise.all(
    grid.map((row) =>
      Promise.all(
        row.map(async (value): Promise<CellOutcome<R>> => {
          const input = cellInput(value);
          if (input.kind === "blank") return { kind: "blank" };
          if (input.kind === "error") return { kind: "passed-error", code: input.code };
          try {
            return { kind: "result", result: await engine.submit(task, input.text, signal) };
          } catch (error) {
            return { kind: "failed", error };
          }
        }),
      ),
    ),
  );
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
