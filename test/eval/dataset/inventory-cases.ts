import {
  STOCK,
  STOCK_SHEET as sheet,
  STOCK_TABLE as tableName,
  type StockItem,
} from "../workbooks/inventory";
import { day } from "../workbooks/workbook";
import { column, fill, list, value, type EvalCase } from "./case";
import { arithmetic, average, distinct, numbers, rank, serial, sum } from "./excel-semantics";

/** Every request names the Excel table, as the add-in does when the selection is inside one. */
const workbook = "inventory";
const FIRST = 2;
const CELL = "J2";
const where = (test: (s: StockItem) => boolean) => STOCK.filter(test);
const onHand = (items: readonly StockItem[]) => items.map((s) => s.onHand);

export const INVENTORY_CASES: EvalCase[] = [
  {
    id: "inventory-01",
    workbook,
    sheet,
    tableName,
    ask: "Total units on hand in Hardware",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "On Hand",
      criteria: [{ column: "Category", operator: "equals", value: "Hardware" }],
    },
    expected: value(sum(onHand(where((s) => s.category === "Hardware")))),
  },
  {
    id: "inventory-02",
    workbook,
    sheet,
    tableName,
    ask: "How many items have fewer than 10 on hand?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "On Hand", operator: "less_than", value: 10 }],
    },
    // COUNTIFS compares numbers only: the two uncounted (blank) items are not "fewer than 10".
    expected: value(numbers(onHand(STOCK)).filter((n) => n < 10).length),
  },
  {
    id: "inventory-03",
    workbook,
    sheet,
    tableName,
    ask: "Stock value of each item (on hand times unit cost)",
    cell: CELL,
    goodPlan: { kind: "arithmetic", left: "On Hand", operator: "multiply", right: "Unit Cost" },
    expected: fill(STOCK, FIRST, [0, 1, 5], (s) => arithmetic(s.onHand) * s.unitCost),
  },
  {
    id: "inventory-04",
    workbook,
    sheet,
    tableName,
    ask: "Units above the reorder level for each item",
    cell: CELL,
    goodPlan: { kind: "arithmetic", left: "On Hand", operator: "subtract", right: "Reorder Level" },
    expected: fill(STOCK, FIRST, [0, 1, 5], (s) => arithmetic(s.onHand) - s.reorderLevel),
  },
  {
    id: "inventory-05",
    workbook,
    sheet,
    tableName,
    ask: "Stock status: Count needed when On Hand is blank, Reorder under 10, else OK",
    cell: CELL,
    goodPlan: {
      kind: "condition",
      rules: [
        { column: "On Hand", operator: "is_blank", result: "Count needed" },
        { column: "On Hand", operator: "less_than", value: 10, result: "Reorder" },
      ],
      otherwise: "OK",
    },
    expected: fill(STOCK, FIRST, [0, 3, 5, 11], (s) =>
      s.onHand === null ? "Count needed" : s.onHand < 10 ? "Reorder" : "OK",
    ),
  },
  {
    id: "inventory-06",
    workbook,
    sheet,
    tableName,
    ask: "Which item is SKU EL-2004?",
    goodPlan: { kind: "lookup", lookupValue: "EL-2004", matchColumn: "SKU", returnColumn: "Item" },
    expected: value(STOCK.find((s) => s.sku === "EL-2004")?.item ?? null),
  },
  {
    id: "inventory-07",
    workbook,
    sheet,
    tableName,
    ask: "The bin or rack part of each location (after the slash)",
    cell: CELL,
    goodPlan: { kind: "text", operation: "after", columns: ["Location"], delimiter: " / " },
    expected: fill(STOCK, FIRST, [0, 4, 18], (s) => s.location.split(" / ")[1] ?? ""),
  },
  {
    id: "inventory-08",
    workbook,
    sheet,
    tableName,
    ask: "SKU prefix, the letters before the dash",
    cell: CELL,
    goodPlan: { kind: "text", operation: "before", columns: ["SKU"], delimiter: "-" },
    expected: fill(STOCK, FIRST, [0, 2, 4, 5], (s) => s.sku.split("-")[0] ?? ""),
  },
  {
    id: "inventory-09",
    workbook,
    sheet,
    tableName,
    ask: "List the categories in the order they first appear",
    goodPlan: { kind: "unique", column: "Category", sorted: false },
    expected: column(distinct(STOCK.map((s) => s.category))),
  },
  {
    id: "inventory-10",
    workbook,
    sheet,
    tableName,
    ask: "The three smallest stock counts",
    goodPlan: { kind: "top_n", valueColumn: "On Hand", n: 3, order: "smallest" },
    expected: column(
      numbers(onHand(STOCK))
        .sort((a, b) => a - b)
        .slice(0, 3),
    ),
  },
  {
    id: "inventory-11",
    workbook,
    sheet,
    tableName,
    ask: "Show the Electrical items with fewer than 20 on hand",
    goodPlan: {
      kind: "filter",
      returnColumns: [],
      criteria: [
        { column: "Category", operator: "equals", value: "Electrical" },
        { column: "On Hand", operator: "less_than", value: 20 },
      ],
    },
    expected: list(
      where((s) => s.category === "Electrical" && (s.onHand ?? 0) < 20).map((s) => [
        s.sku,
        s.item,
        s.category,
        s.location,
        s.onHand,
        s.reorderLevel,
        s.unitCost,
        serial(s.lastCounted),
        s.supplier,
      ]),
    ),
  },
  {
    id: "inventory-12",
    workbook,
    sheet,
    tableName,
    ask: "Running total of units on hand",
    cell: CELL,
    goodPlan: { kind: "running_total", valueColumn: "On Hand" },
    expected: fill(STOCK, FIRST, [0, 1, 5, 6, 24], (s) => sum(onHand(STOCK.slice(0, STOCK.indexOf(s) + 1)))),
  },
  {
    id: "inventory-13",
    workbook,
    sheet,
    tableName,
    ask: "Days since each item was last counted, as of 31 January 2025",
    cell: CELL,
    goodPlan: { kind: "date", operation: "days_between", column: "Last Counted", endDate: "2025-01-31" },
    expected: fill(STOCK, FIRST, [0, 2, 5], (s) => serial(day("2025-01-31")) - serial(s.lastCounted)),
  },
  {
    id: "inventory-14",
    workbook,
    sheet,
    tableName,
    ask: "Rank items by unit cost, cheapest first",
    cell: CELL,
    goodPlan: { kind: "rank", valueColumn: "Unit Cost", order: "smallest" },
    expected: fill(STOCK, FIRST, [0, 1, 2, 18], (s) =>
      rank(
        s.unitCost,
        STOCK.map((x) => x.unitCost),
        false,
      ),
    ),
  },
  {
    id: "inventory-15",
    workbook,
    sheet,
    tableName,
    ask: "Average unit cost of Safety items",
    goodPlan: {
      kind: "aggregate",
      function: "average",
      valueColumn: "Unit Cost",
      criteria: [{ column: "Category", operator: "equals", value: "Safety" }],
    },
    expected: value(average(where((s) => s.category === "Safety").map((s) => s.unitCost))),
  },
  {
    id: "inventory-16",
    workbook,
    sheet,
    tableName,
    ask: "Total value of all stock (on hand times unit cost, added up)",
    goodPlan: { kind: "free_form", formula: "=SUMPRODUCT(StockTable[On Hand],StockTable[Unit Cost])" },
    expected: value(STOCK.reduce((total, s) => total + (s.onHand ?? 0) * s.unitCost, 0)),
  },
];
