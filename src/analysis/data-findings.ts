import { profileTable, type ColumnProfile, type ProfileOptions } from "./column-profile";
import { blanksInFilledColumns, type BlankOptions } from "./data-checks/blank-checks";
import { categoryVariants, type CategoryOptions } from "./data-checks/category-checks";
import type { ColumnView, DataFinding, DataFindingKind } from "./data-checks/data-finding";
import { implausibleDates, type DateRangeOptions } from "./data-checks/date-checks";
import { duplicateKeys } from "./data-checks/duplicate-keys";
import { errorValues } from "./data-checks/error-values";
import { outliers } from "./data-checks/outlier-checks";
import { patternBreaks } from "./data-checks/pattern-checks";
import { typeMismatches } from "./data-checks/type-checks";
import { columnValues, emptyDataRows, type AnalysisTable } from "./table";

export type { DataFinding, DataFindingKind } from "./data-checks/data-finding";

export interface DataFindingOptions {
  /** "Now" for the future-date check; injectable so reports do not change with the clock. */
  today?: Date;
  /**
   * Findings kept per column and kind; the rest are counted in `omitted`. Default 50: a thousand blanks
   * in one column are one problem, and listing them all would drown the others.
   */
  maxPerColumnKind?: number;
  profile?: ProfileOptions;
  blanks?: BlankOptions;
  categories?: CategoryOptions;
  dates?: DateRangeOptions;
}

export interface OmittedFindings {
  header: string;
  /** The column's data cells. */
  address: string;
  kind: DataFindingKind;
  count: number;
}

export interface DataReport {
  profiles: ColumnProfile[];
  /** Column by column, then top to bottom. */
  findings: DataFinding[];
  omitted: OmittedFindings[];
}

/** Profiles a table and runs every data check on every column. */
export function findDataIssues(table: AnalysisTable, options: DataFindingOptions = {}): DataReport {
  const profiles = profileTable(table, options.profile);
  const emptyRows = emptyDataRows(table);
  const today = options.today ?? new Date();
  const limit = options.maxPerColumnKind ?? 50;
  const findings: DataFinding[] = [];
  const omitted: OmittedFindings[] = [];
  for (const profile of profiles) {
    const view: ColumnView = {
      table,
      col: profile.index,
      profile,
      values: columnValues(table, profile.index),
      emptyRows,
      today,
    };
    const found = [
      ...errorValues(view),
      ...typeMismatches(view),
      ...blanksInFilledColumns(view, options.blanks),
      ...duplicateKeys(view),
      ...outliers(view),
      ...categoryVariants(view, options.categories),
      ...patternBreaks(view),
      ...implausibleDates(view, options.dates),
    ];
    const kept = capPerKind(found, limit, (kind, count) =>
      omitted.push({ header: profile.header, address: profile.address, kind, count }),
    );
    // One push per finding: validate and the report pass an unlimited cap, so `kept` can hold a
    // finding per row, and spreading that many arguments into push() overflows the stack.
    for (const finding of kept.sort((a, b) => a.row - b.row)) findings.push(finding);
  }
  return { profiles, findings, omitted };
}

/** The most severe first within a kind, so a cap never hides an error behind infos. */
function capPerKind(
  found: DataFinding[],
  limit: number,
  onOmitted: (kind: DataFindingKind, count: number) => void,
): DataFinding[] {
  const byKind = new Map<DataFindingKind, DataFinding[]>();
  for (const finding of found) {
    const list = byKind.get(finding.kind);
    if (list) list.push(finding);
    else byKind.set(finding.kind, [finding]);
  }
  const kept: DataFinding[] = [];
  for (const [kind, list] of byKind) {
    let chosen = list;
    if (list.length > limit) {
      const rank = { error: 0, warning: 1, info: 2 };
      const ordered = [...list].sort((a, b) => rank[a.severity] - rank[b.severity] || a.row - b.row);
      chosen = ordered.slice(0, limit);
      onOmitted(kind, list.length - limit);
    }
    // A loop, not push(...chosen): with no cap a kind can hold a finding per row.
    for (const finding of chosen) kept.push(finding);
  }
  return kept;
}
