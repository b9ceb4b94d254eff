import { build, day, pick, seeded, type BuiltWorkbook, type Cell } from "./workbook";

/**
 * A year's sales ledger, 100 orders (sheet rows 2-101), generated from a fixed seed, with the slips real
 * ledgers have: two blank Regions, a lower-case "east", Units typed as text once ("12"), and one order
 * with no Revenue yet. No Excel table: formulas use A1 ranges.
 */

export interface SaleRow {
  orderId: string;
  date: Date;
  region: string | null;
  rep: string;
  product: string;
  channel: string;
  units: number | string;
  unitPrice: number;
  revenue: number | null;
}

export const SALES_SHEET = "Sales";
export const SALES_HEADERS = [
  "Order ID",
  "Date",
  "Region",
  "Rep",
  "Product",
  "Channel",
  "Units",
  "Unit Price",
  "Revenue",
] as const;

const REGIONS = ["East", "West", "North", "South"] as const;
const REPS = ["Alice Moreau", "Ben Carter", "Chen Wei", "Dana Kim", "Elif Yilmaz", "Femi Adeyemi"] as const;
const PRICES: Record<string, number> = { Widget: 120, Gadget: 190, "Widget Pro": 500, Gizmo: 45 };
const PRODUCTS = Object.keys(PRICES);

function generate(): SaleRow[] {
  const random = seeded(2024);
  const rows: SaleRow[] = [];
  for (let i = 0; i < 100; i++) {
    const product = pick(random, PRODUCTS);
    const list = PRICES[product] ?? 0;
    // One order in five gets a 10% discount.
    const unitPrice = random() < 0.2 ? Math.round(list * 90) / 100 : list;
    const units = 1 + Math.floor(random() * 20);
    rows.push({
      orderId: `SO-${1001 + i}`,
      date: new Date(day("2024-01-02").getTime() + i * 3 * 86_400_000),
      region: pick(random, REGIONS),
      rep: pick(random, REPS),
      product,
      channel: random() < 0.55 ? "Online" : "Retail",
      units,
      unitPrice,
      revenue: Math.round(units * unitPrice * 100) / 100,
    });
  }
  return plantSlips(rows);
}

function plantSlips(rows: SaleRow[]): SaleRow[] {
  const at = (index: number): SaleRow => {
    const row = rows[index];
    if (!row) throw new Error(`no sales row ${index}`);
    return row;
  };
  at(7).region = null;
  at(61).region = null;
  at(15).region = "east";
  at(23).units = "12";
  at(23).revenue = Math.round(12 * at(23).unitPrice * 100) / 100;
  at(40).revenue = null;
  // The last order is a big North one, so a range that stops a row short gives a visibly different answer.
  Object.assign(at(99), {
    region: "North",
    product: "Widget Pro",
    channel: "Online",
    units: 18,
    unitPrice: 500,
    revenue: 9000,
  });
  return rows;
}

export const SALES: readonly SaleRow[] = generate();

export function buildSalesLedger(): BuiltWorkbook {
  const rows: Cell[][] = [
    [...SALES_HEADERS],
    ...SALES.map((r) => [
      r.orderId,
      r.date,
      r.region,
      r.rep,
      r.product,
      r.channel,
      r.units,
      r.unitPrice,
      r.revenue,
    ]),
  ];
  return build({ name: "sales-ledger", sheets: [{ name: SALES_SHEET, rows }] });
}
