import type { CellValue } from "../../sheet/cells";
import type { ColumnProfile } from "../column-profile";
import type { Finding, Severity } from "../finding";
import type { OutlierMethod } from "../outliers";
import { dataCellRef, sheetAddress, type AnalysisTable } from "../table";

export type DataFindingKind =
  | "type-mismatch"
  | "number-as-text"
  | "date-as-text"
  | "error-value"
  | "blank"
  | "duplicate-key"
  | "outlier"
  | "category-variant"
  | "pattern-break"
  | "implausible-date";

export interface DataFinding extends Finding<DataFindingKind> {
  /** The column's name, for prose. */
  header: string;
  value: CellValue;
  /** Outliers: which test flagged the value. */
  method?: OutlierMethod;
  /** Category variants: the spelling to merge into. A candidate: confirm before changing data. */
  mergeInto?: string;
}

/** What a data check sees: one column of a table, already profiled. */
export interface ColumnView {
  table: AnalysisTable;
  /** Position in the table. */
  col: number;
  profile: ColumnProfile;
  /** The data rows' values, blanks as null. */
  values: readonly CellValue[];
  /** Data rows blank in every column: gaps between blocks, not missing values. */
  emptyRows: ReadonlySet<number>;
  /** "Now" for date checks, injectable so results do not drift with the clock. */
  today: Date;
}

export function findingAt(
  view: ColumnView,
  dataRow: number,
  details: { kind: DataFindingKind; severity: Severity; reason: string; fix: string },
): DataFinding {
  const ref = dataCellRef(view.table, dataRow, view.col);
  return {
    ...details,
    address: sheetAddress(view.table.sheet, ref),
    row: ref.row,
    col: ref.col,
    header: view.profile.header,
    value: view.values[dataRow] ?? null,
  };
}

/** "95%" — whole percentages read best in a sentence. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
