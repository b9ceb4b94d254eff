import { findDataIssues, type DataFinding } from "../analysis/data-findings";
import { columnCount, dataRowCount, type AnalysisTable } from "../analysis/table";
import { capFindings, countFindings, severityText, type OmittedGroup } from "./findings-summary";
import { formatNumber, isoDate, plural } from "./format";
import type { FindingCounts } from "./report-types";
import { LayoutBuilder, type SheetLayout } from "./sheet-layout";

/**
 * The deterministic data checks as a command result (`excel-slm validate` without --rule): exact
 * counts, the findings list capped per column and kind, and the sheet that lists them.
 */
export interface DataCheckResult {
  range: string;
  rows: number;
  columns: number;
  counts: FindingCounts;
  findings: DataFinding[];
  omitted: OmittedGroup[];
}

export interface DataCheckOptions {
  today?: Date;
  /** Findings listed per column and kind; the rest are counted. Default 50. */
  perColumnKind?: number;
}

export function runDataChecks(
  table: AnalysisTable,
  range: string,
  options: DataCheckOptions = {},
): DataCheckResult {
  const { findings } = findDataIssues(table, {
    today: options.today,
    maxPerColumnKind: Number.POSITIVE_INFINITY,
  });
  const { listed, omitted } = capFindings(findings, options.perColumnKind ?? 50);
  return {
    range,
    rows: dataRowCount(table),
    columns: columnCount(table),
    counts: countFindings(findings),
    findings: listed,
    omitted,
  };
}

/** A finding for --json: plain values, dates as ISO days. */
export function findingJson(finding: DataFinding): Record<string, unknown> {
  const { value } = finding;
  return {
    address: finding.address,
    severity: finding.severity,
    kind: finding.kind,
    column: finding.header,
    value: value instanceof Date ? isoDate(value) : value,
    reason: finding.reason,
    fix: finding.fix,
    ...(finding.mergeInto !== undefined ? { mergeInto: finding.mergeInto } : {}),
    ...(finding.method !== undefined ? { method: finding.method } : {}),
  };
}

export function summaryLine(result: DataCheckResult): string {
  if (result.counts.total === 0) return `No issues found in ${result.range} (${plural(result.rows, "row")}).`;
  return (
    `${plural(result.counts.total, "issue")} in ${result.range} (${plural(result.rows, "row")}): ` +
    `${severityText(result.counts)}.`
  );
}

const HEADER = ["Cell", "Severity", "Kind", "Column", "Value", "Issue", "Fix"];

export function findingsLayout(result: DataCheckResult, generated: string): SheetLayout {
  const out = new LayoutBuilder(HEADER.length, [14, 10, 18, 18, 20, 80, 60]);
  out.row([`Data checks: ${result.range}`], "title");
  out.row(["Generated", generated]);
  out.row([summaryLine(result)]);
  const kinds = Object.entries(result.counts.byKind).map(([kind, n]) => `${kind} ${formatNumber(n)}`);
  if (kinds.length) out.row([`By kind: ${kinds.join(", ")}.`]);
  out.blank();
  out.row(HEADER, "header");
  for (const f of result.findings) {
    const value = f.value instanceof Date ? isoDate(f.value) : (f.value ?? "");
    out.row([
      f.address,
      f.severity,
      f.kind,
      f.header,
      typeof value === "boolean" ? String(value) : value,
      f.reason,
      f.fix,
    ]);
  }
  for (const group of result.omitted) {
    out.row([`${plural(group.count, "more")} ${group.kind} in "${group.header}" not listed.`], "note");
  }
  return out.build();
}
