import type { ColumnProfile } from "../analysis/column-profile";
import type { DataFinding } from "../analysis/data-findings";
import { isCategorical } from "./chart-specs";
import { severityText } from "./findings-summary";
import { formatChange, formatNumber, formatPercent, isoDate, plural } from "./format";
import type { ChartSpec, FindingCounts, ReportFact } from "./report-types";

/**
 * The computed facts, as sentences: what the model may retell, what the number check holds its text
 * against, and, word for word, the facts-only summary when the model's text fails that check.
 */
export interface FactInput {
  tableName: string;
  source: string;
  rows: number;
  columns: number;
  profiles: readonly ColumnProfile[];
  counts: FindingCounts;
  topFindings: readonly DataFinding[];
  charts: readonly ChartSpec[];
}

/** More columns than this are left out of the prompt, which must stay well inside the context window. */
const MAX_COLUMN_FACTS = 25;
const MAX_FINDING_FACTS = 6;

export function reportFacts(input: FactInput): ReportFact[] {
  const facts: ReportFact[] = [
    {
      topic: "table",
      text: `${input.source} ("${input.tableName}") has ${plural(input.rows, "data row")} and ${plural(input.columns, "column")}.`,
      numbers: [input.rows, input.columns],
    },
    findingsFact(input.counts),
  ];
  for (const profile of input.profiles.slice(0, MAX_COLUMN_FACTS)) facts.push(columnFact(profile));
  const hidden = input.profiles.length - MAX_COLUMN_FACTS;
  if (hidden > 0)
    facts.push({
      topic: "column",
      text: `${plural(hidden, "more column")} ${hidden === 1 ? "is" : "are"} not described here.`,
      numbers: [hidden],
    });
  const trend = input.charts.find((chart) => chart.kind === "trend");
  if (trend) facts.push(trendFact(trend));
  for (const finding of input.topFindings.slice(0, MAX_FINDING_FACTS)) facts.push(findingFact(finding));
  return facts;
}

function findingsFact(counts: FindingCounts): ReportFact {
  if (counts.total === 0)
    return { topic: "findings", text: "The data checks found no issues.", numbers: [0] };
  const kinds = Object.entries(counts.byKind).sort((a, b) => b[1] - a[1]);
  const [kind, most] = kinds[0] ?? ["", 0];
  return {
    topic: "findings",
    text:
      `The data checks found ${plural(counts.total, "issue")}: ${severityText(counts)}; ` +
      `the most common kind is ${kind} (${formatNumber(most)}).`,
    numbers: [counts.total, counts.bySeverity.error, counts.bySeverity.warning, counts.bySeverity.info, most],
  };
}

function columnFact(profile: ColumnProfile): ReportFact {
  const name = `"${profile.header}"`;
  const blankShare = profile.blanks / Math.max(1, profile.count + profile.blanks);
  const blanks = profile.blanks ? `, ${plural(profile.blanks, "blank")} (${formatPercent(blankShare)})` : "";
  const numbers = [profile.count, profile.distinct, profile.blanks, blankShare];
  const head = `${name} (${profile.type}): ${plural(profile.count, "value")}, ${formatNumber(profile.distinct)} distinct${blanks}`;
  const { min, max, mean, median } = profile;
  if (
    typeof min === "number" &&
    typeof max === "number" &&
    typeof mean === "number" &&
    typeof median === "number"
  ) {
    const total = mean * profile.kinds.number;
    numbers.push(min, max, mean, median, total);
    return {
      topic: "measure",
      text:
        `${head}; from ${formatNumber(min)} to ${formatNumber(max)}, mean ${formatNumber(mean)}, ` +
        `median ${formatNumber(median)}, total ${formatNumber(total)}.`,
      numbers,
    };
  }
  if (min instanceof Date && max instanceof Date) {
    return { topic: "dates", text: `${head}; from ${isoDate(min)} to ${isoDate(max)}.`, numbers };
  }
  const top = profile.topValues.slice(0, 3).filter((t) => t.count > 1);
  if (top.length === 0) return { topic: "column", text: `${head}.`, numbers };
  const shares = top.map((t) => {
    const share = t.count / Math.max(1, profile.count);
    numbers.push(t.count, share);
    const value = t.value instanceof Date ? isoDate(t.value) : String(t.value);
    return `"${value}" (${formatNumber(t.count)}, ${formatPercent(share)})`;
  });
  const topic = isCategorical(profile) ? "category" : "column";
  return { topic, text: `${head}; most common ${shares.join(", ")}.`, numbers };
}

function trendFact(chart: ChartSpec): ReportFact {
  const points = chart.categories.map((period, i) => ({ period, value: chart.values[i] ?? 0 }));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const peak = points.reduce((best, p) => (p.value > best.value ? p : best), first);
  const numbers = [first.value, last.value, peak.value, points.length];
  const change = first.value !== 0 ? (last.value - first.value) / Math.abs(first.value) : null;
  if (change !== null) numbers.push(change);
  const listed =
    points.length <= 24 ? ` (${points.map((p) => `${p.period}: ${formatNumber(p.value)}`).join("; ")})` : "";
  return {
    topic: "trend",
    text:
      `${chart.title}, ${plural(points.length, chart.categoryTitle.toLowerCase())}${listed}: ` +
      `${formatNumber(first.value)} in ${first.period}, ${formatNumber(last.value)} in ${last.period}` +
      (change !== null ? ` (${formatChange(change)})` : "") +
      `; highest ${formatNumber(peak.value)} in ${peak.period}.`,
    numbers,
  };
}

function findingFact(finding: DataFinding): ReportFact {
  return {
    topic: "finding",
    text: `${finding.severity} at ${finding.address} ("${finding.header}", ${finding.kind}): ${finding.reason}`,
    numbers: [],
  };
}
