import type { ColumnProfile } from "../analysis/column-profile";
import { severityText } from "./findings-summary";
import { formatNumber, isoDate, plural, roundTo } from "./format";
import type { Report } from "./report-types";
import { LayoutBuilder, type LayoutCell, type SheetLayout } from "./sheet-layout";

/**
 * The report sheet, top to bottom: title block, Summary (the checked narrative), Column profiles,
 * Key findings, Charts (each chart's data in A:B, the chart beside it in D:K).
 */
export const REPORT_SECTIONS = ["Summary", "Column profiles", "Key findings", "Charts"] as const;

const WIDTH = 10;
// Issue text sits in E and spills over the empty F:I; Fix has J to itself.
const COLUMN_WIDTHS = [24, 14, 16, 16, 12, 12, 12, 12, 12, 60];
const PROFILE_HEADER = [
  "Column",
  "Type",
  "Count",
  "Blanks",
  "Distinct",
  "Min",
  "Max",
  "Mean",
  "Median",
  "Top values",
];
const FINDING_HEADER = ["Cell", "Severity", "Kind", "Column", "Issue", "", "", "", "", "Fix"];
/** Rows a chart covers (about 300 px at Excel's default row height). */
const CHART_ROWS = 16;

export function reportLayout(report: Report): SheetLayout {
  const out = new LayoutBuilder(WIDTH, COLUMN_WIDTHS);
  out.row([report.title], "title");
  out.row(["Source", report.source]);
  out.row(["Generated", report.generated]);
  out.row(["Rows", report.rows]);
  out.row(["Columns", report.columns]);
  out.blank();
  summary(out, report);
  out.blank();
  out.row(["Column profiles"], "section");
  out.row(PROFILE_HEADER, "header");
  for (const profile of report.profiles) out.row(profileRow(profile));
  out.blank();
  findings(out, report);
  out.blank();
  charts(out, report);
  return out.build();
}

function summary(out: LayoutBuilder, report: Report): void {
  const { narrative } = report;
  out.row(["Summary"], "section");
  // One sentence per row: long text spills across the empty cells to its right and stays readable.
  for (const sentence of sentences(narrative.summary)) out.row([sentence]);
  for (const highlight of narrative.highlights) out.row([`• ${highlight}`]);
  const note =
    narrative.source === "model"
      ? `Written by ${narrative.model ?? "the local model"}; every number in it matches a computed fact.`
      : (narrative.note ?? "Written from the computed facts.");
  out.row([note], "note");
}

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function profileRow(profile: ColumnProfile): LayoutCell[] {
  const stat = (value: number | Date | null, decimals?: number): LayoutCell => {
    if (value === null) return "";
    if (value instanceof Date) return isoDate(value);
    return decimals === undefined ? value : roundTo(value, decimals);
  };
  const top = profile.topValues
    .slice(0, 5)
    .map((t) => `${t.value instanceof Date ? isoDate(t.value) : String(t.value)} (${formatNumber(t.count)})`)
    .join(", ");
  return [
    profile.header,
    profile.type,
    profile.count,
    profile.blanks,
    profile.distinct,
    stat(profile.min),
    stat(profile.max),
    stat(profile.mean, 2),
    stat(profile.median, 2),
    top,
  ];
}

function findings(out: LayoutBuilder, report: Report): void {
  const { counts, topFindings } = report;
  out.row(["Key findings"], "section");
  if (counts.total === 0) {
    out.row(["The data checks found no issues."]);
    return;
  }
  out.row([`${plural(counts.total, "issue")}: ${severityText(counts)}.`]);
  const kinds = Object.entries(counts.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${formatNumber(n)}`);
  out.row([`By kind: ${kinds.join(", ")}.`]);
  out.row(FINDING_HEADER, "header");
  for (const f of topFindings)
    out.row([f.address, f.severity, f.kind, f.header, f.reason, "", "", "", "", f.fix]);
  const hidden = counts.total - topFindings.length;
  if (hidden > 0)
    out.row([`${plural(hidden, "more issue")} not shown; the most severe are listed first.`], "note");
}

function charts(out: LayoutBuilder, report: Report): void {
  out.row(["Charts"], "section");
  if (report.charts.length === 0) {
    out.row(["No charts: the table has no numeric, category or date column to chart."], "note");
    return;
  }
  for (const spec of report.charts) {
    const top = out.row([spec.title], "chart-title");
    const header = out.row([spec.categoryTitle, spec.valueTitle], "header");
    spec.categories.forEach((category, i) => out.row([category, spec.values[i] ?? 0]));
    out.chart({
      spec,
      data: { row: header, col: 0, rows: spec.categories.length + 1, cols: 2 },
      anchor: { row: top, col: 3, rows: CHART_ROWS, cols: 8 },
    });
    // Leave room so the next chart does not overlap this one.
    out.blank(Math.max(1, top + CHART_ROWS + 1 - out.nextRow));
  }
}
