import { SlmError } from "../errors/slm-error";
import { findDataIssues } from "../analysis/data-findings";
import { columnCount, dataRowCount, readTable, type AnalysisTable } from "../analysis/table";
import { formatRangeAddress, parseRangeAddress } from "../sheet/a1";
import type { SheetHost } from "../sheet/sheet-host";
import { chartsFor } from "./chart-specs";
import { reportFacts } from "./facts";
import { countFindings, topFindings } from "./findings-summary";
import { factsNarrator, type Narrator } from "./narrative";
import type { Report } from "./report-types";

/**
 * Builds the host-agnostic report: deterministic profiles, findings, charts and facts from the
 * analysis engine, then the narrative (checked against the facts) from the narrator.
 */

/** Nothing to report on. Named like the CLI's InputError so it exits with code 2 (bad input). */
/** The table has nothing a report could say anything about: an input problem (exit 2, a hint in the pane). */
export class NothingToReportError extends SlmError {
  override name = "NothingToReportError";
  constructor(message: string) {
    super("input", message);
  }
}

export interface ReportOptions {
  /** The Excel table's or sheet's name, for the title and the report sheet's name. */
  tableName?: string;
  /** "Now": the report's date and the future-date check. */
  today?: Date;
  /** Default: the facts-only summary, no model. */
  narrator?: Narrator;
  /** Findings shown in the report. Default 15. */
  maxFindings?: number;
}

export interface ReportTarget {
  sheet?: string;
  /** An A1 range; without it, the sheet's used range. */
  range?: string;
}

/** The range to report on, with its sheet: --range as given, or the used range of --sheet (or the first sheet). */
export async function resolveReportRange(host: SheetHost, target: ReportTarget): Promise<string> {
  if (target.range) {
    const range = parseRangeAddress(target.range);
    const sheet = range.sheet ?? target.sheet ?? (await host.listSheets())[0];
    return formatRangeAddress({ ...range, sheet });
  }
  const sheet = target.sheet ?? (await host.listSheets())[0] ?? "";
  const used = await host.usedRange(sheet);
  if (!used)
    throw new NothingToReportError(`Sheet "${sheet}" is empty: there is no data to report on or check.`);
  return used;
}

export async function buildReportFromHost(
  host: SheetHost,
  target: ReportTarget,
  options: ReportOptions = {},
): Promise<Report> {
  const address = await resolveReportRange(host, target);
  const table = await readTable(host, address);
  return buildReport(table, address, { tableName: table.sheet, ...options });
}

export async function buildReport(
  table: AnalysisTable,
  source: string,
  options: ReportOptions = {},
): Promise<Report> {
  const rows = dataRowCount(table);
  if (rows === 0) {
    throw new NothingToReportError(
      `${source} has no data rows under its header: there is nothing to report on. Select a cell in a table with data.`,
    );
  }
  const today = options.today ?? new Date();
  const tableName = options.tableName ?? table.sheet ?? "Table";
  // Uncapped, so the counts are true; the report shows only the top findings anyway.
  const { profiles, findings } = findDataIssues(table, {
    today,
    maxPerColumnKind: Number.POSITIVE_INFINITY,
    profile: { topValues: 8 },
  });
  const counts = countFindings(findings);
  const top = topFindings(findings, options.maxFindings ?? 15);
  const charts = chartsFor(table, profiles, today);
  const columns = columnCount(table);
  const facts = reportFacts({ tableName, source, rows, columns, profiles, counts, topFindings: top, charts });
  const narrative = await (options.narrator ?? factsNarrator)(facts, `${source} ("${tableName}")`);
  const generated = localDate(today);
  return {
    tableName,
    title: `Data report: ${tableName}`,
    source,
    generated,
    rows,
    columns,
    profiles,
    counts,
    topFindings: top,
    facts,
    charts,
    narrative,
  };
}

/** yyyy-mm-dd in the user's time zone: the date they would write on the report. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
