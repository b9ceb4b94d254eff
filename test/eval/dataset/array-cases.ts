import { SALES, SALES_SHEET as sheet, type SaleRow } from "../workbooks/sales-ledger";
import { column, list, value, type EvalCase } from "./case";
import { alphabetical, arithmetic, average, distinct, same, serial, sortedBy, sum } from "./excel-semantics";

/**
 * Requests whose answer is a dynamic array in Excel 365 (FILTER over element-wise conditions, SORT,
 * SORTBY, UNIQUE, XLOOKUP returning several columns, INDEX over SEQUENCE, functions run once per
 * cell), written as free-form formulas. They prove the headless engine verifies array formulas cell by
 * cell; the grader (HyperFormula with array arithmetic) checks the values.
 */

const workbook = "sales-ledger";
const LAST = 1 + SALES.length;
const col = (letter: string) => `Sales!$${letter}$2:$${letter}$${LAST}`;
const where = (test: (r: SaleRow) => boolean) => SALES.filter(test);
const hasRevenue = (r: SaleRow): r is SaleRow & { revenue: number } => typeof r.revenue === "number";
const firstRep = SALES[0]?.rep ?? "";
const firstProduct = SALES[0]?.product ?? "";
const looked = SALES.find((r) => r.region !== null && r.orderId !== SALES[0]?.orderId) ?? SALES[1];
const lookedId = looked?.orderId ?? "";
const REGIONS = ["East", "West", "North", "South"];
const products = distinct(SALES.map((r) => r.product));
const revenueOf = (product: string) => sum(where((r) => same(r.product, product)).map((r) => r.revenue));
const revenueAverage = average(SALES.map((r) => r.revenue));
const year = SALES[0]?.date.getUTCFullYear() ?? 2024;

export const ARRAY_CASES: EvalCase[] = [
  {
    id: "array-01",
    workbook,
    sheet,
    ask: `Order IDs of online orders sold by ${firstRep}`,
    goodPlan: {
      kind: "free_form",
      formula: `=FILTER(${col("A")},(${col("F")}="Online")*(${col("D")}="${firstRep}"))`,
    },
    expected: column(where((r) => r.channel === "Online" && r.rep === firstRep).map((r) => r.orderId)),
  },
  {
    id: "array-02",
    workbook,
    sheet,
    ask: `Revenue of each ${firstProduct} order, largest first`,
    goodPlan: {
      kind: "free_form",
      formula: `=SORT(FILTER(${col("I")},(${col("E")}="${firstProduct}")*ISNUMBER(${col("I")})),1,-1)`,
    },
    expected: column(
      where((r) => same(r.product, firstProduct) && hasRevenue(r))
        .map((r) => r.revenue ?? 0)
        .sort((a, b) => b - a),
    ),
  },
  {
    id: "array-03",
    workbook,
    sheet,
    ask: "Which reps sold in the West, A to Z?",
    goodPlan: { kind: "free_form", formula: `=SORT(UNIQUE(FILTER(${col("D")},${col("C")}="West")))` },
    expected: column(alphabetical(distinct(where((r) => same(r.region, "West")).map((r) => r.rep)))),
  },
  {
    id: "array-04",
    workbook,
    sheet,
    ask: "How many orders brought in more than the average revenue?",
    goodPlan: { kind: "free_form", formula: `=SUM(--(${col("I")}>AVERAGE(${col("I")})))` },
    expected: value(where((r) => (r.revenue ?? 0) > revenueAverage).length),
  },
  {
    id: "array-05",
    workbook,
    sheet,
    ask: "Units times unit price, added up over all orders, in one formula",
    goodPlan: { kind: "free_form", formula: `=SUM(${col("G")}*${col("H")})` },
    expected: value(sum(SALES.map((r) => arithmetic(r.units) * r.unitPrice))),
  },
  {
    id: "array-06",
    workbook,
    sheet,
    ask: `Date, region and rep of order ${lookedId}`,
    goodPlan: {
      kind: "free_form",
      formula: `=XLOOKUP("${lookedId}",${col("A")},Sales!$B$2:$D$${LAST})`,
    },
    expected: list([[serial(looked?.date ?? new Date(0)), looked?.region ?? null, looked?.rep ?? null]]),
  },
  {
    id: "array-07",
    workbook,
    sheet,
    ask: "Order IDs of retail orders, biggest revenue first",
    goodPlan: {
      kind: "free_form",
      formula:
        `=SORTBY(FILTER(${col("A")},(${col("F")}="Retail")*ISNUMBER(${col("I")})),` +
        `FILTER(${col("I")},(${col("F")}="Retail")*ISNUMBER(${col("I")})),-1)`,
    },
    expected: column(
      sortedBy(
        where((r) => r.channel === "Retail" && hasRevenue(r)),
        (r) => r.revenue ?? 0,
        true,
      ).map((r) => r.orderId),
    ),
  },
  {
    id: "array-08",
    workbook,
    sheet,
    ask: "Number of orders in each region: East, West, North, South",
    goodPlan: {
      kind: "free_form",
      formula: `=COUNTIFS(${col("C")},{"East";"West";"North";"South"})`,
    },
    expected: column(REGIONS.map((region) => where((r) => same(r.region, region)).length)),
  },
  {
    id: "array-09",
    workbook,
    sheet,
    ask: "Products whose orders add up to more than 20,000 in revenue",
    goodPlan: {
      kind: "free_form",
      formula: `=FILTER(UNIQUE(${col("E")}),SUMIFS(${col("I")},${col("E")},UNIQUE(${col("E")}))>20000)`,
    },
    expected: column(products.filter((product) => revenueOf(product) > 20000)),
  },
  {
    id: "array-10",
    workbook,
    sheet,
    ask: "Rep names in capitals, each once, A to Z",
    goodPlan: { kind: "free_form", formula: `=SORT(UNIQUE(UPPER(${col("D")})))` },
    expected: column(alphabetical(distinct(SALES.map((r) => r.rep.toUpperCase())))),
  },
  {
    id: "array-11",
    workbook,
    sheet,
    ask: `Order IDs from March ${year}`,
    goodPlan: {
      kind: "free_form",
      formula: `=FILTER(${col("A")},(MONTH(${col("B")})=3)*(YEAR(${col("B")})=${year}))`,
    },
    expected: column(
      where((r) => r.date.getUTCMonth() === 2 && r.date.getUTCFullYear() === year).map((r) => r.orderId),
    ),
  },
  {
    id: "array-12",
    workbook,
    sheet,
    ask: "Order ID and revenue of the three largest orders",
    goodPlan: {
      kind: "free_form",
      formula:
        `=INDEX(SORTBY(FILTER(CHOOSECOLS(Sales!$A$2:$I$${LAST},1,9),ISNUMBER(${col("I")})),` +
        `FILTER(${col("I")},ISNUMBER(${col("I")})),-1),SEQUENCE(3),{1,2})`,
    },
    expected: list(
      sortedBy(SALES.filter(hasRevenue), (r) => r.revenue ?? 0, true)
        .slice(0, 3)
        .map((r) => [r.orderId, r.revenue]),
    ),
  },
];
