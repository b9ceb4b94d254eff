import { build, day, type BuiltWorkbook, type Cell } from "./workbook";

/**
 * A stock list kept as an Excel table ("StockTable", sheet rows 2-26): requests about it pass the table
 * name, so plans compile to structured references (StockTable[On Hand], StockTable[@[Unit Cost]]). Two
 * items have not been counted yet (blank On Hand).
 */

export interface StockItem {
  sku: string;
  item: string;
  category: string;
  location: string;
  onHand: number | null;
  reorderLevel: number;
  unitCost: number;
  lastCounted: Date;
  supplier: string;
}

export const STOCK_SHEET = "Stock";
export const STOCK_TABLE = "StockTable";
export const STOCK_HEADERS = [
  "SKU",
  "Item",
  "Category",
  "Location",
  "On Hand",
  "Reorder Level",
  "Unit Cost",
  "Last Counted",
  "Supplier",
] as const;

type Line = [string, string, string, string, number | null, number, number, string, string];

// prettier-ignore
const LINES: Line[] = [
  ["HW-1001", "Hex bolt M8, box of 100",  "Hardware",   "Aisle 1 / Bin 4",  120,  40,  8.5,   "2024-11-04", "Fastenal"],
  ["HW-1002", "Wood screw 4x40, box",     "Hardware",   "Aisle 1 / Bin 7",  35,   50,  6.25,  "2024-11-04", "Fastenal"],
  ["EL-2001", "Cable tie 300mm, pack",    "Electrical", "Aisle 4 / Bin 2",  18,   25,  4.9,   "2024-10-28", "RS Components"],
  ["EL-2002", "LED panel 60x60",          "Electrical", "Aisle 5 / Bin 1",  9,    10,  42,    "2024-10-28", "Philips"],
  ["PL-3001", "PVC pipe 32mm, 3m",        "Plumbing",   "Yard / Rack 2",    64,   20,  11.4,  "2024-09-30", "Wavin"],
  ["SF-4001", "Safety gloves, size L",    "Safety",     "Aisle 7 / Bin 3",  null, 30,  3.75,  "2024-08-15", "Ansell"],
  ["HW-1003", "Wall plug 8mm, box",       "Hardware",   "Aisle 1 / Bin 9",  210,  60,  3.1,   "2024-11-04", "Fischer"],
  ["EL-2003", "Extension lead 4-way",     "Electrical", "Aisle 4 / Bin 6",  27,   15,  12.99, "2024-10-28", "Masterplug"],
  ["PL-3002", "Compression elbow 15mm",   "Plumbing",   "Aisle 6 / Bin 2",  140,  50,  1.85,  "2024-09-30", "Pegler"],
  ["SF-4002", "Hard hat, white",          "Safety",     "Aisle 7 / Bin 1",  22,   12,  9.6,   "2024-08-15", "JSP"],
  ["HW-1004", "Hinge 75mm, pair",         "Hardware",   "Aisle 2 / Bin 3",  48,   20,  4.2,   "2024-11-04", "Eclipse"],
  ["EL-2004", "Circuit breaker 16A",      "Electrical", "Aisle 5 / Bin 4",  6,    10,  18.5,  "2024-10-28", "Schneider"],
  ["PL-3003", "Silicone sealant, clear",  "Plumbing",   "Aisle 6 / Bin 7",  75,   30,  5.45,  "2024-09-30", "Dow"],
  ["SF-4003", "Safety glasses",           "Safety",     "Aisle 7 / Bin 5",  55,   25,  4.8,   "2024-08-15", "Uvex"],
  ["HW-1005", "Padlock 40mm",             "Hardware",   "Aisle 2 / Bin 8",  14,   10,  11.75, "2024-11-04", "Abus"],
  ["EL-2005", "Cable 2.5mm, 100m drum",   "Electrical", "Yard / Rack 5",    4,    3,   96,    "2024-10-28", "Prysmian"],
  ["PL-3004", "Ball valve 22mm",          "Plumbing",   "Aisle 6 / Bin 4",  null, 15,  7.3,   "2024-09-30", "Pegler"],
  ["SF-4004", "Hi-vis vest, XL",          "Safety",     "Aisle 8 / Bin 2",  80,   40,  2.95,  "2024-08-15", "Portwest"],
  ["HW-1006", "Cordless drill 18V",       "Hardware",   "Cage / Shelf 1",   7,    5,   129,   "2024-11-04", "Makita"],
  ["EL-2006", "Junction box IP65",        "Electrical", "Aisle 5 / Bin 7",  33,   20,  6.4,   "2024-10-28", "Wiska"],
  ["PL-3005", "Copper pipe 15mm, 3m",     "Plumbing",   "Yard / Rack 3",    26,   20,  14.2,  "2024-09-30", "Wednesbury"],
  ["SF-4005", "First aid kit",            "Safety",     "Office / Shelf 2", 3,    4,   24.5,  "2024-08-15", "St John"],
  ["HW-1007", "Tape measure 8m",          "Hardware",   "Aisle 2 / Bin 1",  19,   10,  8.9,   "2024-11-04", "Stanley"],
  ["EL-2007", "LED bulb E27, 10-pack",    "Electrical", "Aisle 4 / Bin 9",  41,   20,  15.8,  "2024-10-28", "Philips"],
  ["PL-3006", "Sink trap 40mm",           "Plumbing",   "Aisle 6 / Bin 9",  12,   10,  4.65,  "2024-09-30", "McAlpine"],
];

export const STOCK: readonly StockItem[] = LINES.map(
  ([sku, item, category, location, onHand, reorderLevel, unitCost, lastCounted, supplier]) => ({
    sku,
    item,
    category,
    location,
    onHand,
    reorderLevel,
    unitCost,
    lastCounted: day(lastCounted),
    supplier,
  }),
);

export function buildInventory(): BuiltWorkbook {
  const rows: Cell[][] = [
    [...STOCK_HEADERS],
    ...STOCK.map((s) => [
      s.sku,
      s.item,
      s.category,
      s.location,
      s.onHand,
      s.reorderLevel,
      s.unitCost,
      s.lastCounted,
      s.supplier,
    ]),
  ];
  return build({ name: "inventory", sheets: [{ name: STOCK_SHEET, rows, table: STOCK_TABLE }] });
}
