import type { ColumnProfile } from "../analysis/column-profile";
import type { DataFinding, DataFindingKind } from "../analysis/data-findings";
import type { Severity } from "../analysis/finding";

/**
 * A data report as plain data, the same whichever host writes it: the add-in (Office.js, native
 * charts) or the CLI (exceljs, chart images).
 */

export type ChartKind = "histogram" | "top-categories" | "trend";

/** One chart's data: bars (or points) named by `categories`, heights in `values`. */
export interface ChartSpec {
  kind: ChartKind;
  title: string;
  /** Heads the label column of the chart's data block, e.g. "Amount range" or "Month". */
  categoryTitle: string;
  /** Heads the value column, and names the series, e.g. "Rows" or "Amount (total)". */
  valueTitle: string;
  categories: string[];
  values: number[];
}

/**
 * A sentence the narrative may draw on. `numbers` holds the precise values behind the text (a mean
 * before rounding), so the check can accept any usual rounding of them.
 */
export interface ReportFact {
  topic: FactTopic;
  text: string;
  numbers: number[];
}

/** What a fact is about, so the facts-only summary can pick the telling ones. */
export type FactTopic =
  "table" | "findings" | "measure" | "dates" | "category" | "column" | "trend" | "finding";

export interface FindingCounts {
  total: number;
  bySeverity: Record<Severity, number>;
  byKind: Partial<Record<DataFindingKind, number>>;
}

export interface Narrative {
  summary: string;
  highlights: string[];
  /** "model": the SLM's text, which passed the number check; "facts-only": written by code from the facts. */
  source: "model" | "facts-only";
  /** Model calls made (0 when the model was not asked). */
  attempts: number;
  /** Numbers the model wrote that no fact supports, from the last rejected attempt. */
  rejectedNumbers: string[];
  /** Why the facts-only text was used, for the reader; null when the model's text was kept. */
  note: string | null;
  model: string | null;
}

export interface Report {
  /** The table's name: an Excel table's name, else the sheet's. */
  tableName: string;
  title: string;
  /** Where the data came from, e.g. "Orders!A1:H21". */
  source: string;
  /** yyyy-mm-dd. */
  generated: string;
  rows: number;
  columns: number;
  profiles: ColumnProfile[];
  counts: FindingCounts;
  /** The most important findings, most severe first. */
  topFindings: DataFinding[];
  facts: ReportFact[];
  charts: ChartSpec[];
  narrative: Narrative;
}
