import { tableFromRange, type AnalysisTable } from "../analysis/table";
import { unsupportedNumbers } from "../ask-data/answer-facts";
import { writeAnswer } from "../ask-data/answer-writer";
import { planInWords } from "../ask-data/plan-words";
import { planAndCompute } from "../ask-data/planner";
import { dataTable } from "../ask-data/table-columns";
import { tableOutline } from "../ask-data/table-outline";
import { readNumber } from "../ask-data/cell-values";
import type { OllamaClient } from "../llm/ollama-client";
import { isoDate } from "../report/format";
import type { ReportFact } from "../report/report-types";
import type { CellGrid } from "../sheet/cells";
import { ask, checkedPrompt, type AskEscalation, type AskInput, type AskOutcome } from "./ask";

/**
 * =SLM.ASK(prompt, range) on the plan-and-compute path, so a cell never shows an invented sum.
 * A question an analysis plan answers is computed on every row of the range and put into words
 * from the result (numbers checked, as in the chat). Anything else ("Summarise") goes to ask() as
 * before, and its answer may state only numbers that are in the range: one that is not (a sum the
 * model did in its head) is not shown, and the cell says how to ask for the computation instead.
 */

export async function askAboutRange(
  llm: OllamaClient,
  model: string,
  input: AskInput,
  signal?: AbortSignal,
  escalation?: AskEscalation,
): Promise<AskOutcome> {
  const prompt = checkedPrompt(input.prompt);
  const grid = input.context;
  if (!grid || grid.length < 2) return ask(llm, model, input, signal, escalation);
  const table = dataTable(analysisTable(grid, input));
  const planned = await planAndCompute(
    llm,
    model,
    table,
    {
      outline: tableOutline(table, input.contextAddress),
      history: "",
      question: prompt,
    },
    signal,
  );
  const outcome = planned.outcome;
  if (outcome.status === "planned") {
    const planWords = planInWords(outcome.plan);
    const written = await writeAnswer(
      llm,
      model,
      { question: prompt, planWords, result: outcome.result },
      { signal },
    );
    return {
      status: "local",
      decision: null,
      result: {
        answer: written.text,
        model: written.model,
        stats: written.stats,
        contextRowsSent: outcome.result.rowsTotal,
        contextRowsTotal: outcome.result.rowsTotal,
        computed: { planWords, check: written.check },
      },
    };
  }
  const answered = await ask(llm, model, input, signal, escalation);
  if (answered.status === "needs-consent") return answered;
  const invented = unsupportedNumbers(answered.result.answer, [rangeFacts(grid)]);
  if (invented.length === 0) return answered;
  return {
    ...answered,
    result: {
      ...answered.result,
      answer:
        `Not shown: the answer stated numbers that are neither in the range nor computed (${invented.join(", ")}). ` +
        'Ask for the computation, e.g. "total Revenue by Region".',
    },
  };
}

function analysisTable(grid: CellGrid, input: AskInput): AnalysisTable {
  if (input.contextAddress) return tableFromRange(input.contextAddress, grid);
  return { origin: input.contextOrigin ?? { row: 0, col: 0 }, grid, hasHeader: true };
}

/** Every number and date in the range, as one fact: what a free answer about the rows may quote. */
function rangeFacts(grid: CellGrid): ReportFact {
  const numbers: number[] = [grid.length - 1];
  const dates: string[] = [];
  for (const row of grid) {
    for (const cell of row) {
      if (cell instanceof Date) dates.push(isoDate(cell));
      const read = readNumber(cell);
      if (read.kind === "number") numbers.push(read.value);
    }
  }
  return { topic: "table", text: dates.join(" "), numbers };
}
