import type { AnalysisTable } from "../analysis/table";
import type { CellValue } from "../sheet/cells";
import { isoDate } from "../report/format";
import type { AggregatePlan, ComparePlan, ComputablePlan, DescribePlan, ListRowsPlan } from "./analysis-plan";
import { aggregate, checkAggregateColumn, emptyTally, tallyNotes } from "./aggregate";
import { cellText, dateInPeriod, normaliseText, periodKey, readDate, readNumber } from "./cell-values";
import type { PlanResult, ResultCell } from "./plan-result";
import { matchingRows } from "./row-filter";
import { dataTable, resolveDataColumn, type DataColumn, type DataTable } from "./table-columns";

/**
 * Runs a plan on every data row of the table (never a sample) and returns the result table with
 * the exact numbers. Throws AnalysisPlanError when the plan does not fit the table.
 */

/** Result rows kept for the answer and the model; the numbers of the rest are still computed. */
export const MAX_RESULT_ROWS = 50;

export function executePlan(plan: ComputablePlan, source: AnalysisTable | DataTable): PlanResult {
  const table = "source" in source ? source : dataTable(source);
  switch (plan.kind) {
    case "aggregate":
      return runAggregate(plan, table);
    case "compare":
      return runCompare(plan, table);
    case "list_rows":
      return runListRows(plan, table);
    case "describe":
      return runDescribe(plan, table);
  }
}

function measureColumn(plan: AggregatePlan | ComparePlan, table: DataTable): DataColumn | null {
  const column = plan.column ? resolveDataColumn(table, plan.column, "the column to compute on") : null;
  checkAggregateColumn(plan.function, column);
  return column;
}

function measureName(plan: AggregatePlan | ComparePlan, column: DataColumn | null): string {
  const what = plan.function.replace(/_/g, " ");
  if (plan.function === "count" && !column) return "Rows";
  return `${what[0]?.toUpperCase()}${what.slice(1)} of ${column?.header ?? "rows"}`;
}

function runAggregate(plan: AggregatePlan, table: DataTable): PlanResult {
  const column = measureColumn(plan, table);
  const rows = matchingRows(table, plan.filters);
  const tally = emptyTally();
  const groupColumns = plan.groupBy.map((name) => resolveDataColumn(table, name, "a group-by column"));
  if (plan.function === "share_of_total" && groupColumns.length === 0) {
    checkAggregateColumn("share_of_total", column);
  }
  if (groupColumns.length === 0) {
    const value = aggregate(plan.function, column, rows, tally);
    return finish(table, rows, [measureName(plan, column)], [[value]], tallyNotes(tally, column));
  }
  const groups = groupRows(groupColumns, rows, plan.period ?? "none");
  const total = plan.function === "share_of_total" ? aggregate("sum", column, rows, emptyTally()) : null;
  let results = groups.map((group) => {
    let value = aggregate(plan.function, column, group.rows, tally);
    if (total !== null && value !== null) value = total === 0 ? null : value / total;
    return { labels: group.labels, value };
  });
  if (plan.sort && plan.sort !== "table") {
    const sign = plan.sort === "largest" ? -1 : 1;
    results = results
      .map((result, order) => ({ result, order }))
      .sort(
        (a, b) => sign * ((a.result.value ?? -Infinity) - (b.result.value ?? -Infinity)) || a.order - b.order,
      )
      .map(({ result }) => result);
  }
  if (plan.limit) results = results.slice(0, plan.limit);
  const header = [...groupColumns.map((group) => group.header), measureName(plan, column)];
  const notes = tallyNotes(tally, column);
  const blankGroups = groups.filter((group) => group.labels.includes(BLANK_LABEL));
  if (blankGroups.length) notes.push(`Rows with a blank group value are shown as ${BLANK_LABEL}.`);
  return finish(
    table,
    rows,
    header,
    results.map((result) => [...result.labels, result.value]),
    notes,
    total === null ? [] : [total],
  );
}

const BLANK_LABEL = "(blank)";

interface Group {
  labels: string[];
  rows: number[];
}

/** Groups ignoring case and spacing ("east" joins "East"), each labelled with its commonest spelling. */
function groupRows(
  columns: readonly DataColumn[],
  rows: readonly number[],
  period: AggregatePlan["period"],
): Group[] {
  const groups = new Map<string, { rows: number[]; spellings: Map<string, number>[] }>();
  for (const row of rows) {
    const labels = columns.map((column) => groupLabel(column, column.values[row], period ?? "none"));
    const key = labels.map(normaliseText).join("\u0000");
    let group = groups.get(key);
    if (!group) {
      group = { rows: [], spellings: labels.map(() => new Map<string, number>()) };
      groups.set(key, group);
    }
    group.rows.push(row);
    labels.forEach((label, i) => {
      const counts = group.spellings[i] as Map<string, number>;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    });
  }
  return [...groups.values()].map((group) => ({
    rows: group.rows,
    labels: group.spellings.map((counts) => commonest(counts)),
  }));
}

function commonest(counts: Map<string, number>): string {
  let best = "";
  let most = 0;
  for (const [label, count] of counts) if (count > most) [best, most] = [label, count];
  return best;
}

function groupLabel(
  column: DataColumn,
  value: CellValue | undefined,
  period: NonNullable<AggregatePlan["period"]>,
): string {
  const text = cellText(value);
  if (!text) return BLANK_LABEL;
  const date = column.type === "date" ? readDate(value) : null;
  return date ? periodKey(date, period) : text;
}

function runCompare(plan: ComparePlan, table: DataTable): PlanResult {
  const column = measureColumn(plan, table);
  const split = resolveDataColumn(table, plan.compareColumn, "the column to compare by");
  const rows = matchingRows(table, plan.filters);
  const tally = emptyTally();
  const side = (wanted: string | number) =>
    rows.filter((row) => {
      const value = split.values[row];
      const date = split.type === "date" ? readDate(value) : null;
      if (date) return dateInPeriod(date, String(wanted)) === true;
      const number = readNumber(value);
      if (typeof wanted === "number" && number.kind === "number") return number.value === wanted;
      return normaliseText(cellText(value)) === normaliseText(String(wanted));
    });
  const firstRows = side(plan.first);
  const secondRows = side(plan.second);
  const first = aggregate(plan.function, column, firstRows, tally);
  const second = aggregate(plan.function, column, secondRows, tally);
  const difference = first === null || second === null ? null : round(second - first);
  const change = difference === null || !first ? null : difference / Math.abs(first as number);
  const name = measureName(plan, column);
  const notes = tallyNotes(tally, column);
  for (const [label, found] of [
    [plan.first, firstRows],
    [plan.second, secondRows],
  ] as const) {
    if (found.length === 0) notes.push(`No row has ${split.header} = ${String(label)}.`);
  }
  return finish(
    table,
    [...firstRows, ...secondRows],
    [split.header, name],
    [
      [String(plan.first), first],
      [String(plan.second), second],
      ["Difference", difference],
      ["% change", change],
    ],
    notes,
    [firstRows.length, secondRows.length],
  );
}

function runListRows(plan: ListRowsPlan, table: DataTable): PlanResult {
  const shown = plan.columns.length
    ? plan.columns.map((name) => resolveDataColumn(table, name, "a column to show"))
    : table.columns;
  let rows = matchingRows(table, plan.filters);
  const included = rows.length;
  if (plan.sortColumn) {
    const by = resolveDataColumn(table, plan.sortColumn, "the column to sort by");
    const sign = plan.order === "smallest" ? 1 : -1;
    const key = (row: number): number | null => {
      const value = by.values[row];
      if (by.type === "date") return readDate(value)?.getTime() ?? null;
      const number = readNumber(value);
      return number.kind === "number" ? number.value : null;
    };
    // Cells with no sortable value go last whichever way the list is sorted.
    rows = [...rows].sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka === null || kb === null) return ka === null ? (kb === null ? a - b : 1) : -1;
      return sign * (ka - kb) || a - b;
    });
  }
  if (plan.limit) rows = rows.slice(0, plan.limit);
  const cells = rows.map((row) => shown.map((column) => resultCell(column.values[row])));
  const result = finish(
    table,
    rows,
    shown.map((column) => column.header),
    cells,
    [],
    [included],
  );
  result.rowsIncluded = included;
  return result;
}

function runDescribe(plan: DescribePlan, table: DataTable): PlanResult {
  const column = resolveDataColumn(table, plan.column, "the column to describe");
  const rows = matchingRows(table, plan.filters);
  const tally = emptyTally();
  const facts: [string, ResultCell][] = [
    ["Rows", rows.length],
    ["Values", aggregate("count", column, rows, tally)],
    ["Blank", rows.length - (aggregate("count", column, rows, tally) ?? 0)],
    ["Distinct values", aggregate("distinct_count", column, rows, tally)],
  ];
  if (column.type === "number") {
    for (const fn of ["sum", "average", "median", "min", "max"] as const) {
      facts.push([
        fn[0]?.toUpperCase() + fn.slice(1),
        aggregate(fn, column, rows, fn === "sum" ? tally : emptyTally()),
      ]);
    }
  } else if (column.type === "date") {
    const days = rows
      .map((row) => readDate(column.values[row]))
      .filter((date): date is Date => date !== null);
    days.sort((a, b) => a.getTime() - b.getTime());
    if (days.length)
      facts.push(["Earliest", isoDate(days[0] as Date)], ["Latest", isoDate(days.at(-1) as Date)]);
  }
  return finish(table, rows, ["Measure", column.header], facts, tallyNotes(tally, column));
}

function resultCell(value: CellValue | undefined): ResultCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoDate(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function finish(
  table: DataTable,
  rows: readonly number[],
  columns: string[],
  cells: ResultCell[][],
  notes: string[],
  extraNumbers: number[] = [],
): PlanResult {
  const kept = cells.slice(0, MAX_RESULT_ROWS);
  const numbers: number[] = [rows.length, table.rowCount, ...extraNumbers];
  for (const row of kept) for (const cell of row) if (typeof cell === "number") numbers.push(cell);
  for (const note of notes) for (const match of note.matchAll(/\d+/g)) numbers.push(Number(match[0]));
  return {
    columns,
    rows: kept,
    numbers,
    rowsIncluded: rows.length,
    rowsTotal: table.rowCount,
    notes,
    rowsOmitted: cells.length - kept.length,
  };
}
