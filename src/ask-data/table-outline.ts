import { formatNumber } from "../report/format";
import { cellText, normaliseText, readDate, readNumber } from "./cell-values";
import type { DataColumn, DataTable } from "./table-columns";
import { isoDate } from "../report/format";

/**
 * What the planning model is told about the table: each header with its kind of values and a
 * glimpse of them (the categories of a text column, the range of a number or date column), so it
 * can name columns and values exactly. Rows themselves are never sent: code computes on them.
 */

const MAX_CATEGORIES = 12;

export function tableOutline(table: DataTable, address: string | undefined): string {
  const where = address ? ` ${address}` : "";
  const lines = table.columns.map((column) => `- ${column.header} (${column.type}${glimpse(column)})`);
  return `Table${where}: ${table.rowCount} data rows. Columns:\n${lines.join("\n")}`;
}

function glimpse(column: DataColumn): string {
  if (column.type === "number") {
    let low = Infinity;
    let high = -Infinity;
    for (const value of column.values) {
      const read = readNumber(value);
      if (read.kind === "number") [low, high] = [Math.min(low, read.value), Math.max(high, read.value)];
    }
    return low <= high ? `; ${formatNumber(low)} to ${formatNumber(high)}` : "";
  }
  if (column.type === "date") {
    let first: Date | null = null;
    let last: Date | null = null;
    for (const value of column.values) {
      const date = readDate(value);
      if (!date) continue;
      if (!first || date < first) first = date;
      if (!last || date > last) last = date;
    }
    return first && last ? `; ${isoDate(first)} to ${isoDate(last)}` : "";
  }
  const seen = new Map<string, string>();
  for (const value of column.values) {
    const text = cellText(value);
    if (text && !seen.has(normaliseText(text))) seen.set(normaliseText(text), text);
    if (seen.size > MAX_CATEGORIES)
      return `; many different values, e.g. ${[...seen.values()].slice(0, 3).join(", ")}`;
  }
  return seen.size ? `; values: ${[...seen.values()].join(", ")}` : "";
}
