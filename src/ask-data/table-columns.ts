import { cellKind, type CellKind } from "../analysis/cell-kind";
import { columnCount, columnHeader, columnValues, type AnalysisTable } from "../analysis/table";
import type { CellValue } from "../sheet/cells";
import { readDate, readNumber, normaliseText } from "./cell-values";
import { AnalysisPlanError } from "./plan-error";

/**
 * The table a plan runs on, read once: each column's header, values (every data row) and what kind
 * of values it mostly holds, so a plan naming a column by header gets exactly that column or a
 * message listing the real headers. Never a near miss: "Revenu" is not "Revenue".
 */

export type DataColumnType = "number" | "date" | "text" | "boolean" | "empty";

export interface DataColumn {
  index: number;
  header: string;
  values: CellValue[];
  type: DataColumnType;
}

export interface DataTable {
  /** The AnalysisTable it was read from (address, origin). */
  source: AnalysisTable;
  columns: DataColumn[];
  rowCount: number;
}

export function dataTable(source: AnalysisTable): DataTable {
  const width = columnCount(source);
  const columns: DataColumn[] = [];
  for (let index = 0; index < width; index++) {
    const values = columnValues(source, index);
    columns.push({ index, header: columnHeader(source, index), values, type: dominantType(values) });
  }
  return { source, columns, rowCount: columns[0]?.values.length ?? 0 };
}

export function resolveDataColumn(table: DataTable, name: string | undefined, role: string): DataColumn {
  const headers = table.columns.map((column) => `"${column.header}"`).join(", ");
  if (!name) throw new AnalysisPlanError(`The plan needs ${role}. The table's columns are: ${headers}.`);
  const wanted = normaliseText(name);
  const found = table.columns.filter((column) => normaliseText(column.header) === wanted);
  if (found.length === 1) return found[0] as DataColumn;
  if (found.length > 1) {
    throw new AnalysisPlanError(
      `The header "${name}" appears ${found.length} times, so it cannot say which column is meant.`,
    );
  }
  throw new AnalysisPlanError(
    `Unknown column "${name}" (${role}): the table has no such header. Its columns are: ${headers}. Use one of these exactly.`,
  );
}

/** The kind most non-blank cells have; text numbers count as numbers and text dates as dates. */
function dominantType(values: readonly CellValue[]): DataColumnType {
  const counts: Record<DataColumnType, number> = { number: 0, date: 0, text: 0, boolean: 0, empty: 0 };
  for (const value of values) {
    const kind: CellKind = cellKind(value);
    if (kind === "blank" || kind === "error") continue;
    if (kind === "number" || (kind === "text" && readNumber(value).kind === "number")) counts.number++;
    else if (kind === "date" || (kind === "text" && readDate(value))) counts.date++;
    else if (kind === "boolean") counts.boolean++;
    else counts.text++;
  }
  let best: DataColumnType = "empty";
  let most = 0;
  for (const type of ["number", "date", "boolean", "text"] as const) {
    if (counts[type] > most) [best, most] = [type, counts[type]];
  }
  return best;
}
