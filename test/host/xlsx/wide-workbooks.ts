import ExcelJS from "exceljs";

/**
 * A wide, mixed table of `rows` × 20 columns (ids, dates, categories, numbers, e-mails, booleans,
 * sparse notes, numbers stored as text), written with exceljs' streaming writer so a 100,000-row
 * fixture costs seconds and flat memory. Seeded (mulberry32): every run writes the same cells.
 * Used by the streaming-read tests and by `npm run bench -- scale-io`.
 */
export const WIDE_HEADER = [
  "Invoice ID",
  "Date",
  "Region",
  "Product",
  "Qty",
  "Unit Price",
  "Amount",
  "Discount",
  "Email",
  "Phone",
  "Customer",
  "Paid",
  "Notes",
  "Score",
  "Ship Date",
  "Code",
  "Rating",
  "Weight",
  "Misc",
  "Status",
];

const REGIONS = ["North", "South", "East", "West", "Central", "Overseas"];
const NAMES = ["Ann", "Bob", "Chen", "Dana", "Eve", "Farid", "Gita", "Hugo"];
const DAY_MS = 86_400_000;
const START = Date.UTC(2020, 0, 1);

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Row `index` (0-based, below the header) of the wide table; the same `random` sequence gives the same rows. */
function wideRow(index: number, random: () => number): ExcelJS.CellValue[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const qty = integer(1, 50);
  const price = Math.round((2 + random() * 398) * 100) / 100;
  const name = pick(NAMES);
  const score = Math.round(random() * 10_000) / 100;
  return [
    `INV-${String(index + 1).padStart(7, "0")}`,
    new Date(START + integer(0, 1_800) * DAY_MS),
    pick(REGIONS),
    `Product ${integer(1, 30)}`,
    qty,
    price,
    Math.round(price * qty * 100) / 100,
    random() < 0.3 ? null : Math.round(random() * 25) / 100,
    `${name.toLowerCase()}.${index}@example.com`,
    `+1 555-${String(integer(0, 9_999)).padStart(4, "0")}`,
    `${name} ${pick(NAMES)}son`,
    random() < 0.6,
    random() < 0.9 ? null : `Call back about order ${index}`,
    random() < 0.02 ? String(score) : score,
    new Date(START + integer(0, 1_900) * DAY_MS),
    `${pick(["AB", "CD", "EF"])}-${integer(1_000, 9_999)}`,
    integer(1, 5),
    Math.round(random() * 50_000) / 1_000,
    random() < 0.5 ? integer(0, 1_000) : pick(NAMES),
    pick(["Open", "Closed", "Pending"]),
  ];
}

/** Sheet `sheet` (default "Data") with the header in row 1 and `rows` rows of the wide table below it. */
export async function writeWideWorkbook(file: string, rows: number, sheet = "Data"): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.addRow(WIDE_HEADER).commit();
  const random = seededRandom(20_240_601);
  for (let i = 0; i < rows; i++) worksheet.addRow(wideRow(i, random)).commit();
  worksheet.commit();
  await workbook.commit();
}
