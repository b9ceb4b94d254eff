/**
 * The =SLM.* custom functions. Each is a thin call into the engine: the webpack metadata plugin
 * reads these JSDoc blocks to generate functions.json and registers every function declared here.
 * Function ids are stored in users' workbooks: never rename one.
 */
import { runCellCall, VALUE_PREVIEW_TEXT } from "../src/host/excel/custom-function-call";
import { askForCell } from "../src/host/excel/ask-function";
import { getAddinRuntime } from "../src/addin/addin-runtime";
import type { CellRuntime } from "../src/host/excel/cell-runtime";

// The formula engine (parser, statistics, the proven-formula pipeline) and the explain and bulk tasks
// load on a function's first call, not with the page (webpack splits each `import()` into its own
// chunk): CustomFunctions.associate still sees every function at load, and each body is async anyway.
// Each chunk is imported once and the promise kept: an `import()` per cell call made a warm fill-down
// four times slower (issue #15). A failed load (the server restarted) is retried on the next call.
function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
const bulkFunctions = loadOnce(() => import("../src/host/excel/bulk-functions"));
const formulaFunction = loadOnce(() => import("../src/host/excel/formula-function"));
const explainFunction = loadOnce(() => import("../src/host/excel/explain-function"));

type BulkFunctions = Awaited<ReturnType<typeof bulkFunctions>>;

/** A bulk function's body: the bulk module's function for it, with the cell-call contract around it. */
function bulkCall(
  invocation: CustomFunctions.CancelableInvocation | undefined,
  body: (bulk: BulkFunctions, runtime: CellRuntime, signal: AbortSignal) => Promise<unknown[][]>,
): Promise<unknown[][]> {
  return cellCall(invocation, async (runtime, signal) => body(await bulkFunctions(), runtime, signal), [
    [VALUE_PREVIEW_TEXT],
  ]);
}

/**
 * The cell-call contract (src/host/excel/custom-function-call.ts) with the add-in's runtime handed
 * to the body: this file is an entry point of the composition root (src/addin/addin-runtime.ts).
 */
function cellCall<T>(
  invocation: CustomFunctions.CancelableInvocation | undefined,
  body: (runtime: CellRuntime, signal: AbortSignal) => Promise<T>,
  previewValue: T,
): Promise<T> {
  return runCellCall(invocation, async (signal) => body(await getAddinRuntime(), signal), previewValue);
}

/**
 * Asks the local model a question, optionally about a range of the sheet.
 * @customfunction ASK
 * @param prompt The question or instruction, e.g. "Summarise the trend".
 * @param [context] A range the question is about; its first row is read as headers.
 * @param invocation Invocation parameters.
 * @requiresAddress
 * @requiresParameterAddresses
 * @returns The model's answer as text.
 */
export async function ask(
  prompt: string,
  context?: unknown[][],
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<string> {
  return cellCall(
    invocation,
    (runtime, signal) => askForCell(runtime, String(prompt ?? ""), context, invocation, signal),
    VALUE_PREVIEW_TEXT,
  );
}

/**
 * Labels each value with one of your labels, using the local model. Spills the shape of values.
 * @customfunction CLASSIFY
 * @param values The cells to label (a range, or one value).
 * @param labels The allowed labels: a range of label cells, or text like "billing, bug, praise".
 * @param [instructions] Optional guidance, e.g. "complaints about delivery are logistics".
 * @param [with_confidence] TRUE to add a second column with the model's confidence (0–1).
 * @param invocation Invocation parameters.
 * @returns One label per value; the abstain label (REVIEW) when the model is unsure.
 */
export async function classify(
  values: unknown[][],
  labels: unknown[][],
  instructions?: string,
  with_confidence?: boolean,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return bulkCall(invocation, (bulk, runtime, signal) =>
    bulk.classifyCells(runtime, values, labels, instructions, with_confidence === true, signal),
  );
}

/**
 * Extracts a field from each text, using the local model ("" where the text does not have it).
 * @customfunction EXTRACT
 * @param values The cells to read (a range, or one value).
 * @param what What to extract, e.g. "invoice number" or "city".
 * @param invocation Invocation parameters.
 * @returns The extracted text per value.
 */
export async function extract(
  values: unknown[][],
  what: string,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return bulkCall(invocation, (bulk, runtime, signal) =>
    bulk.extractCells(runtime, values, String(what ?? ""), signal),
  );
}

/**
 * Checks each value against a plain-language rule, using the local model.
 * @customfunction VALIDATE
 * @param values The cells to check (a range, or one value).
 * @param rule The rule, e.g. "is a valid EU VAT number" or "mentions a refund".
 * @param [with_reason] TRUE to add a second column with a short reason.
 * @param invocation Invocation parameters.
 * @returns TRUE or FALSE per value.
 */
export async function validate(
  values: unknown[][],
  rule: string,
  with_reason?: boolean,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return bulkCall(invocation, (bulk, runtime, signal) =>
    bulk.validateCells(runtime, values, String(rule ?? ""), with_reason === true, signal),
  );
}

/**
 * Writes an Excel formula for a request about a table; returned only after it ran on the sheet without error.
 * @customfunction FORMULA
 * @param request What to compute, e.g. "total Revenue for West in 2024".
 * @param [context_range] The table, with its header row (default: the used range of this sheet).
 * @param invocation Invocation parameters.
 * @requiresAddress
 * @requiresParameterAddresses
 * @returns The verified formula as text, for you to paste or insert from the assistant.
 */
export async function formula(
  request: string,
  context_range?: unknown[][],
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<string> {
  void context_range; // only its address is used: the values are read from the sheet
  return cellCall(
    invocation,
    async (runtime, signal) =>
      (await formulaFunction()).formulaForCell(
        runtime,
        String(request ?? ""),
        invocation?.parameterAddresses?.[1],
        invocation?.address,
        signal,
      ),
    VALUE_PREVIEW_TEXT,
  );
}

/**
 * Explains a formula in plain words, saying which model answered.
 * @customfunction EXPLAIN
 * @param formula_or_cell A cell holding a formula, or a formula as text.
 * @param invocation Invocation parameters.
 * @requiresAddress
 * @requiresParameterAddresses
 * @returns The explanation, ending with the model that wrote it.
 */
export async function explain(
  formula_or_cell: unknown,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<string> {
  return cellCall(
    invocation,
    async (runtime, signal) =>
      (await explainFunction()).explainForCell(
        runtime,
        formula_or_cell,
        invocation?.parameterAddresses?.[0],
        signal,
        invocation?.address,
      ),
    VALUE_PREVIEW_TEXT,
  );
}

import "../src/addin/ribbon-startup";
