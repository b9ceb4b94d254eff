import { checkNumbers } from "../report/number-check";
import { formatNumber, formatPercent } from "../report/format";
import type { ReportFact } from "../report/report-types";
import type { PlanResult, ResultCell } from "./plan-result";

/**
 * The computed facts an answer may state, and the check that it states no others. The check is the
 * report narrative's (report/number-check.ts): every number and date in the prose must be a rounding
 * of a computed value. An answer that fails it is replaced by one written from the facts alone.
 */

/** Columns whose values are fractions shown as percentages. */
export function isShareColumn(header: string): boolean {
  return /^share of total|^% change/i.test(header);
}

export function formatResultCell(value: ResultCell, percent = false): string {
  if (value === null) return "(none)";
  if (typeof value === "number") return percent ? formatPercent(value) : formatNumber(value);
  return value;
}

/** One line per result row, "Region: East | Sum of Revenue: 12,345.5", for the model and the facts. */
export function resultLines(result: PlanResult): string[] {
  return result.rows.map((row) =>
    row
      .map((cell, i) => {
        const header = result.columns[i] ?? "";
        const label = row[0];
        const percent = isShareColumn(header) || (i > 0 && typeof label === "string" && isShareColumn(label));
        return `${header}: ${formatResultCell(cell, percent)}`;
      })
      .join(" | "),
  );
}

export function resultText(result: PlanResult): string {
  const lines = resultLines(result);
  const omitted = result.rowsOmitted ? [`(${result.rowsOmitted} more result rows not shown)`] : [];
  return [
    `Computed on ${result.rowsIncluded} of ${result.rowsTotal} data rows.`,
    ...lines,
    ...omitted,
    ...result.notes.map((note) => `Note: ${note}`),
  ].join("\n");
}

/** The facts behind one answer: its result rows, counts and notes, and the plan's own wording. */
export function answerFacts(result: PlanResult, planWords: string): ReportFact[] {
  const facts: ReportFact[] = [{ topic: "table", text: planWords, numbers: [] }];
  const lines = resultLines(result);
  facts.push({ topic: "measure", text: lines.join("\n"), numbers: result.numbers });
  for (const note of result.notes) facts.push({ topic: "finding", text: note, numbers: [] });
  return facts;
}

/** Numbers and dates in `answer` that the facts do not support; empty when it passes. */
export function unsupportedNumbers(answer: string, facts: readonly ReportFact[]): string[] {
  return checkNumbers([answer], facts);
}

/** An answer written by code from the result alone: always passes the check. */
export function factsOnlyAnswer(result: PlanResult, planWords: string): string {
  if (result.rows.length === 0) {
    return `${planWords}: no rows match (${result.rowsIncluded} of ${result.rowsTotal} rows).`;
  }
  const lines = resultLines(result);
  const shown = lines.slice(0, 10).join("; ");
  const hidden = Math.max(0, lines.length - 10) + result.rowsOmitted;
  const more = hidden ? `; and ${hidden} more` : "";
  return `${planWords}: ${shown}${more}. (Computed on ${result.rowsIncluded} of ${result.rowsTotal} rows.)`;
}

/** A computation the conversation already did: what an escalated answer may cite. */
export interface ComputedFacts {
  planWords: string;
  result: PlanResult;
}

export function factsOf(computed: readonly ComputedFacts[]): ReportFact[] {
  return computed.flatMap((entry) => answerFacts(entry.result, entry.planWords));
}
