import type { DataFinding, DataFindingKind } from "../analysis/data-findings";
import type { Severity } from "../analysis/finding";
import type { FindingCounts } from "./report-types";

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Exact counts: callers run the checks uncapped so the totals are true even when the list is cut. */
export function countFindings(findings: readonly DataFinding[]): FindingCounts {
  const counts: FindingCounts = {
    total: findings.length,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byKind: {},
  };
  for (const finding of findings) {
    counts.bySeverity[finding.severity]++;
    counts.byKind[finding.kind] = (counts.byKind[finding.kind] ?? 0) + 1;
  }
  return counts;
}

/** Most severe first, then top to bottom and left to right, as a reader would work through them. */
export function bySeverity(a: DataFinding, b: DataFinding): number {
  return RANK[a.severity] - RANK[b.severity] || a.row - b.row || a.col - b.col;
}

export function topFindings(findings: readonly DataFinding[], limit: number): DataFinding[] {
  return [...findings].sort(bySeverity).slice(0, limit);
}

export interface OmittedGroup {
  header: string;
  kind: DataFindingKind;
  count: number;
}

/**
 * At most `perColumnKind` findings of a kind in one column, the most severe kept: a thousand blanks in
 * one column are one problem, and listing them all would drown the others.
 */
export function capFindings(
  findings: readonly DataFinding[],
  perColumnKind: number,
): { listed: DataFinding[]; omitted: OmittedGroup[] } {
  const groups = new Map<string, DataFinding[]>();
  for (const finding of findings) {
    const key = `${finding.col}\u0000${finding.kind}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const listed: DataFinding[] = [];
  const omitted: OmittedGroup[] = [];
  for (const group of groups.values()) {
    const ordered = [...group].sort(bySeverity);
    // A loop, not push(...): the cap is the caller's and may be as large as the column.
    for (const finding of ordered.slice(0, perColumnKind)) listed.push(finding);
    const first = ordered[0];
    if (first && ordered.length > perColumnKind) {
      omitted.push({ header: first.header, kind: first.kind, count: ordered.length - perColumnKind });
    }
  }
  return { listed: listed.sort((a, b) => a.col - b.col || a.row - b.row), omitted };
}

/** "1 error, 13 warnings and 2 notes" — severities in prose. */
export function severityText(counts: FindingCounts): string {
  const { error, warning, info } = counts.bySeverity;
  const part = (n: number, one: string, many: string) =>
    `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  return `${part(error, "error", "errors")}, ${part(warning, "warning", "warnings")} and ${part(info, "note", "notes")}`;
}
