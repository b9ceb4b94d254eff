import { formatSheetName } from "../sheet/a1";
import type { ReferenceTarget } from "./formula-references";
import { tokensToFormula } from "./formula-text";
import { readFormula } from "./formula-tokens";
import type { TableColumn, TableContext } from "./table-context";

/**
 * Table1[Revenue] and [@Revenue] rewritten as the A1 ranges they stand for, so the headless engine
 * (which has no structured references) can evaluate a table formula. Only tables whose context the
 * caller supplies can be resolved; anything else is reported, never guessed.
 */

export type StructuredRewrite = { formula: string } | { unsupported: string };

type Structured = Extract<ReferenceTarget, { kind: "structured" }>;

export function resolveStructuredReferences(
  formula: string,
  tables: readonly TableContext[],
  /** The formula's own row, for [@Column]. */
  atRow: number | undefined,
): StructuredRewrite {
  const read = readFormula(formula);
  const tokens = [...read.tokens];
  for (const reference of read.references) {
    const target = asStructured(reference.target, tables);
    if (!target) continue;
    const table = tableFor(target, tables);
    if (typeof table === "string") return { unsupported: `${reference.text}: ${table}` };
    const range = rangeFor(target, table, atRow);
    if (range.startsWith("!")) return { unsupported: `${reference.text}: ${range.slice(1)}` };
    const token = tokens[reference.tokenIndex];
    if (token)
      tokens[reference.tokenIndex] = { ...token, value: `${reference.joinsPrevious ? ":" : ""}${range}` };
  }
  return { formula: tokensToFormula(tokens) };
}

/** Structured references, and bare table names, which stand for the table's data. */
function asStructured(target: ReferenceTarget, tables: readonly TableContext[]): Structured | null {
  if (target.kind === "structured") return target;
  if (target.kind !== "name" || target.sheet !== undefined) return null;
  const name = target.name.toLowerCase();
  if (!tables.some((table) => table.tableName?.toLowerCase() === name)) return null;
  return { kind: "structured", table: target.name, columns: [], thisRow: false, specifiers: [] };
}

function tableFor(target: Structured, tables: readonly TableContext[]): TableContext | string {
  if (target.table === null) {
    const [only] = tables;
    return tables.length === 1 && only ? only : "the table it belongs to is not known";
  }
  const name = target.table.toLowerCase();
  return (
    tables.find((table) => table.tableName?.toLowerCase() === name) ?? `table "${target.table}" is not known`
  );
}

/** The A1 text for the reference, or "!" and the reason it cannot be resolved. */
function rangeFor(target: Structured, table: TableContext, atRow: number | undefined): string {
  const columns: TableColumn[] = [];
  for (const name of target.columns) {
    const wanted = name.replace(/\s+/g, " ").trim().toLowerCase();
    const column = table.columns.find((candidate) => candidate.header.toLowerCase() === wanted);
    if (!column) return `!the table has no column "${name}"`;
    columns.push(column);
  }
  const span = columns.length ? columns : table.columns;
  const first = span[0];
  const last = span[span.length - 1];
  if (!first || !last) return "!the table has no columns";

  let rows: [number, number] = [table.firstDataRow, table.lastDataRow];
  const specifiers = target.specifiers.map((specifier) => specifier.toLowerCase());
  if (specifiers.includes("#totals")) return "!the totals row is not modelled";
  if (specifiers.includes("#all")) rows = [table.headerRow, table.lastDataRow];
  else if (specifiers.includes("#headers")) {
    rows = specifiers.includes("#data")
      ? [table.headerRow, table.lastDataRow]
      : [table.headerRow, table.headerRow];
  }
  if (target.thisRow) {
    if (atRow === undefined) return "![@Column] needs the formula's cell";
    if (atRow < table.firstDataRow || atRow > table.lastDataRow)
      return `!row ${atRow} is outside the table's data rows`;
    rows = [atRow, atRow];
  }
  const sheet = `${formatSheetName(table.sheet)}!`;
  const start = `$${first.letter}$${rows[0]}`;
  const end = `$${last.letter}$${rows[1]}`;
  return start === end ? `${sheet}${start}` : `${sheet}${start}:${end}`;
}

export function hasTableReferences(formula: string, tables: readonly TableContext[]): boolean {
  return readFormula(formula).references.some((reference) => asStructured(reference.target, tables) !== null);
}
