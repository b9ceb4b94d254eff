import { cellKind } from "../analysis/cell-kind";
import type { Condition } from "../formula/plan-conditions";
import type { PlanValue } from "../formula/plan-schema";
import type { CellValue } from "../sheet/cells";
import { cellText, dateInPeriod, readDate, readNumber, sameText } from "./cell-values";
import { AnalysisPlanError } from "./plan-error";
import { resolveDataColumn, type DataColumn, type DataTable } from "./table-columns";

/**
 * A plan's filters applied to every data row, with the meaning the formula plans' criteria have in
 * Excel: text compares ignoring case, "not equals" keeps blanks, blanks and error cells never pass
 * a comparison. Values that cannot fit the column (a date column compared with "March") are a plan
 * error, told to the model, rather than a filter that silently matches nothing.
 */

type RowTest = (value: CellValue | undefined) => boolean;

/** Indexes of the data rows that meet every condition. */
export function matchingRows(table: DataTable, conditions: readonly Condition[]): number[] {
  const tests = conditions.map((condition) => {
    const column = resolveDataColumn(table, condition.column, "a filter column");
    return { column, test: conditionTest(condition, column) };
  });
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    if (tests.every(({ column, test }) => test(column.values[row]))) rows.push(row);
  }
  return rows;
}

function conditionTest(condition: Condition, column: DataColumn): RowTest {
  const { operator, value, valueTo } = condition;
  const present = (cell: CellValue | undefined) => {
    const kind = cellKind(cell);
    return kind !== "blank" && kind !== "error";
  };
  switch (operator) {
    case "is_blank":
      return (cell) => cellKind(cell) === "blank";
    case "not_blank":
      return (cell) => cellKind(cell) !== "blank";
    case "equals":
      return (cell) => present(cell) && equalsValue(cell, need(condition, value, "value"), column);
    case "not_equals":
      return (cell) => !present(cell) || !equalsValue(cell, need(condition, value, "value"), column);
    case "contains":
    case "not_contains":
    case "starts_with":
    case "ends_with": {
      const wanted = String(need(condition, value, "value")).toLowerCase();
      const has = (cell: CellValue | undefined) => {
        const text = cellText(cell).toLowerCase();
        if (operator === "starts_with") return text.startsWith(wanted);
        if (operator === "ends_with") return text.endsWith(wanted);
        return text.includes(wanted);
      };
      return operator === "not_contains" ? (cell) => !has(cell) : (cell) => present(cell) && has(cell);
    }
    case "in_month":
    case "in_year": {
      const written = String(need(condition, value, "value"));
      const shape = operator === "in_year" ? /^\d{4}$/ : /^\d{4}-\d{2}$/;
      if (!shape.test(written.trim())) {
        throw new AnalysisPlanError(
          `${operator} on "${column.header}" needs value ${operator === "in_year" ? "YYYY" : "YYYY-MM"}, not "${written}".`,
        );
      }
      requireDates(column, operator);
      return (cell) => {
        const date = readDate(cell);
        return date !== null && dateInPeriod(date, written) === true;
      };
    }
    default: {
      const low = need(condition, value, "value");
      const high = operator === "between" ? need(condition, valueTo, "valueTo") : undefined;
      const order = orderKey(column, low);
      const orderHigh = high === undefined ? undefined : orderKey(column, high);
      return (cell) => {
        const key = cellOrderKey(column, cell);
        if (key === null) return false;
        switch (operator) {
          case "greater_than":
            return key > order;
          case "at_least":
            return key >= order;
          case "less_than":
            return key < order;
          case "at_most":
            return key <= order;
          default:
            return key >= order && key <= (orderHigh as number);
        }
      };
    }
  }
}

function need(condition: Condition, value: PlanValue | undefined, field: string): PlanValue {
  if (value === undefined || value === "") {
    throw new AnalysisPlanError(`The filter "${condition.column} ${condition.operator}" needs ${field}.`);
  }
  return value;
}

function equalsValue(cell: CellValue | undefined, value: PlanValue, column: DataColumn): boolean {
  if (typeof value === "boolean") return cell === value;
  const number = readNumber(cell);
  const wanted =
    typeof value === "number" ? value : readNumber(value).kind === "number" ? Number(value) : null;
  if (wanted !== null && number.kind === "number") return number.value === wanted;
  const date = readDate(cell);
  if (date && typeof value === "string") {
    const inPeriod = dateInPeriod(date, value);
    if (inPeriod !== null) return inPeriod;
  }
  if (column.type === "date" && typeof value === "string" && date === null && readDate(value) === null) {
    return false;
  }
  return sameText(cellText(cell), String(value));
}

/** Order comparisons are on numbers, or dates as day numbers; anything else cannot be ordered. */
function orderKey(column: DataColumn, value: PlanValue): number {
  if (column.type === "date") {
    const date = typeof value === "string" ? readDate(value) : null;
    if (!date) {
      throw new AnalysisPlanError(
        `"${column.header}" holds dates: compare it with a date written YYYY-MM-DD, not ${JSON.stringify(value)}.`,
      );
    }
    return date.getTime();
  }
  const number = typeof value === "number" ? value : readNumber(String(value));
  if (column.type !== "number" || (typeof number !== "number" && number.kind !== "number")) {
    throw new AnalysisPlanError(
      `"${column.header}" holds ${column.type} values: greater/less/between need a number column and a number value.`,
    );
  }
  return typeof number === "number" ? number : number.value;
}

function cellOrderKey(column: DataColumn, cell: CellValue | undefined): number | null {
  if (column.type === "date") return readDate(cell)?.getTime() ?? null;
  const number = readNumber(cell);
  return number.kind === "number" ? number.value : null;
}

function requireDates(column: DataColumn, operator: string): void {
  if (column.type !== "date") {
    throw new AnalysisPlanError(
      `${operator} needs a date column; "${column.header}" holds ${column.type} values.`,
    );
  }
}
