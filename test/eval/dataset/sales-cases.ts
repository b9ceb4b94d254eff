import { SALES, SALES_SHEET as sheet, type SaleRow } from "../workbooks/sales-ledger";
import { column, fill, list, value, type EvalCase } from "./case";
import {
  alphabetical,
  arithmetic,
  average,
  distinct,
  inMonth,
  numbers,
  same,
  serial,
  sortedBy,
  sum,
} from "./excel-semantics";

const workbook = "sales-ledger";
const FIRST = 2;
const LAST = FIRST + SALES.length - 1;
const where = (test: (r: SaleRow) => boolean) => SALES.filter(test);
const revenue = (rows: readonly SaleRow[]) => rows.map((r) => r.revenue);
const totalRevenue = sum(revenue(SALES));
const sumTo = (index: number) => sum(revenue(SALES.slice(0, index + 1)));

export const SALES_CASES: EvalCase[] = [
  {
    id: "sales-01",
    workbook,
    sheet,
    ask: "Total revenue for the East region",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Revenue",
      criteria: [{ column: "Region", operator: "equals", value: "East" }],
    },
    // Criteria ignore case, so the order typed "east" counts.
    expected: value(sum(revenue(where((r) => same(r.region, "East"))))),
  },
  {
    id: "sales-02",
    workbook,
    sheet,
    ask: "Total revenue in March 2024",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Revenue",
      criteria: [{ column: "Date", operator: "in_month", value: "2024-03" }],
    },
    expected: value(sum(revenue(where((r) => inMonth(r.date, 2024, 3))))),
  },
  {
    id: "sales-03",
    workbook,
    sheet,
    ask: "How many online orders were for Widgets?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [
        { column: "Product", operator: "equals", value: "Widget" },
        { column: "Channel", operator: "equals", value: "Online" },
      ],
    },
    expected: value(where((r) => r.product === "Widget" && r.channel === "Online").length),
  },
  {
    id: "sales-04",
    workbook,
    sheet,
    ask: "Average revenue per order in the West",
    goodPlan: {
      kind: "aggregate",
      function: "average",
      valueColumn: "Revenue",
      criteria: [{ column: "Region", operator: "equals", value: "West" }],
    },
    expected: value(average(revenue(where((r) => same(r.region, "West"))))),
  },
  {
    id: "sales-05",
    workbook,
    sheet,
    ask: "Largest retail order by revenue",
    goodPlan: {
      kind: "aggregate",
      function: "max",
      valueColumn: "Revenue",
      criteria: [{ column: "Channel", operator: "equals", value: "Retail" }],
    },
    expected: value(Math.max(...numbers(revenue(where((r) => r.channel === "Retail"))))),
  },
  {
    id: "sales-06",
    workbook,
    sheet,
    ask: "Total units sold",
    goodPlan: { kind: "aggregate", function: "sum", valueColumn: "Units", criteria: [] },
    // SUM skips the "12" typed as text (the compiler warns about it); Excel's answer is what is graded.
    expected: value(sum(SALES.map((r) => r.units))),
  },
  {
    id: "sales-07",
    workbook,
    sheet,
    ask: "How many orders have been invoiced (have a revenue)?",
    goodPlan: { kind: "aggregate", function: "count", valueColumn: "Revenue", criteria: [] },
    expected: value(where((r) => r.revenue !== null).length),
  },
  {
    id: "sales-08",
    workbook,
    sheet,
    ask: "Who was the rep on order SO-1042?",
    goodPlan: { kind: "lookup", lookupValue: "SO-1042", matchColumn: "Order ID", returnColumn: "Rep" },
    expected: value(SALES.find((r) => r.orderId === "SO-1042")?.rep ?? null),
  },
  {
    id: "sales-09",
    workbook,
    sheet,
    ask: "Revenue of order SO-1077, for an Excel without XLOOKUP",
    xlookup: false,
    goodPlan: { kind: "lookup", lookupValue: "SO-1077", matchColumn: "Order ID", returnColumn: "Revenue" },
    expected: value(SALES.find((r) => r.orderId === "SO-1077")?.revenue ?? null),
  },
  {
    id: "sales-10",
    workbook,
    sheet,
    ask: "Units times unit price for each order",
    cell: "J2",
    goodPlan: { kind: "arithmetic", left: "Units", operator: "multiply", right: "Unit Price" },
    // Row 25 holds Units "12" as text: multiplication reads it as 12.
    expected: fill(SALES, FIRST, [0, 1, 2, 23, 40], (r) => arithmetic(r.units) * r.unitPrice),
  },
  {
    id: "sales-11",
    workbook,
    sheet,
    ask: "Each order's share of total revenue",
    cell: "J2",
    goodPlan: { kind: "percent_of_total", valueColumn: "Revenue" },
    expected: fill(SALES, FIRST, [0, 1, 2, 40, 99], (r) => arithmetic(r.revenue) / totalRevenue),
  },
  {
    id: "sales-12",
    workbook,
    sheet,
    ask: "Running total of revenue down the ledger",
    cell: "J2",
    goodPlan: { kind: "running_total", valueColumn: "Revenue" },
    expected: fill(SALES, FIRST, [0, 1, 2, 39, 40, 41], (r) => sumTo(SALES.indexOf(r))),
  },
  {
    id: "sales-13",
    workbook,
    sheet,
    ask: "Order IDs of the top 5 orders by revenue",
    goodPlan: { kind: "top_n", valueColumn: "Revenue", n: 5, order: "largest", returnColumn: "Order ID" },
    expected: column(
      sortedBy(
        where((r) => r.revenue !== null),
        (r) => r.revenue ?? 0,
        true,
      )
        .slice(0, 5)
        .map((r) => r.orderId),
    ),
  },
  {
    id: "sales-14",
    workbook,
    sheet,
    ask: "List the products we sell, A to Z",
    goodPlan: { kind: "unique", column: "Product", sorted: true },
    expected: column(alphabetical(distinct(SALES.map((r) => r.product)))),
  },
  {
    id: "sales-15",
    workbook,
    sheet,
    ask: "Show order ID, date and revenue of North orders over 5,000",
    goodPlan: {
      kind: "filter",
      returnColumns: ["Order ID", "Date", "Revenue"],
      criteria: [
        { column: "Region", operator: "equals", value: "North" },
        { column: "Revenue", operator: "greater_than", value: 5000 },
      ],
    },
    expected: list(
      where((r) => same(r.region, "North") && (r.revenue ?? 0) > 5000).map((r) => [
        r.orderId,
        serial(r.date),
        r.revenue,
      ]),
    ),
  },
  {
    id: "sales-16",
    workbook,
    sheet,
    ask: "Lowest unit price charged for any Pro product",
    goodPlan: {
      kind: "aggregate",
      function: "min",
      valueColumn: "Unit Price",
      criteria: [{ column: "Product", operator: "contains", value: "Pro" }],
    },
    expected: value(Math.min(...where((r) => r.product.includes("Pro")).map((r) => r.unitPrice))),
  },
  {
    id: "sales-17",
    workbook,
    sheet,
    ask: "How many different reps made sales?",
    goodPlan: { kind: "free_form", formula: `=COUNTA(UNIQUE(Sales!$D$2:$D$${LAST}))` },
    expected: value(distinct(SALES.map((r) => r.rep)).length),
  },
  {
    id: "sales-18",
    workbook,
    sheet,
    ask: "Revenue from North online orders in Q2 2024",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Revenue",
      criteria: [
        { column: "Region", operator: "equals", value: "North" },
        { column: "Channel", operator: "equals", value: "Online" },
        { column: "Date", operator: "between", value: "2024-04-01", valueTo: "2024-06-30" },
      ],
    },
    expected: value(
      sum(
        revenue(
          where(
            (r) =>
              same(r.region, "North") &&
              r.channel === "Online" &&
              r.date >= new Date("2024-04-01T00:00:00Z") &&
              r.date <= new Date("2024-06-30T00:00:00Z"),
          ),
        ),
      ),
    ),
  },
  {
    id: "sales-19",
    workbook,
    sheet,
    ask: "Number of orders with no region filled in",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Region", operator: "is_blank" }],
    },
    expected: value(where((r) => r.region === null).length),
  },
  {
    id: "sales-20",
    workbook,
    sheet,
    ask: "Label orders of 10 or more units as Bulk, the rest as Single",
    cell: "J2",
    goodPlan: {
      kind: "condition",
      rules: [{ column: "Units", operator: "at_least", value: 10, result: "Bulk" }],
      otherwise: "Single",
    },
    expected: fill(SALES, FIRST, [0, 1, 2, 3, 4, 5], (r) => (arithmetic(r.units) >= 10 ? "Bulk" : "Single")),
  },
  {
    id: "sales-21",
    workbook,
    sheet,
    ask: "The rep's last name for each order",
    cell: "J2",
    goodPlan: { kind: "text", operation: "split", columns: ["Rep"], delimiter: " ", part: 2 },
    expected: fill(SALES, FIRST, [0, 1, 2, 3], (r) => r.rep.split(" ")[1] ?? ""),
  },
];
