/**
 * `npm run bench -- context`: the formula prompt's sheet context for a 100-row and a 100,000-row
 * sheet of 20 columns. Its size must depend on the columns, not the rows: < 10% apart and
 * ≤ 1,500 tokens. Baseline in the same run: the same rows sent as a plain table dump.
 */
import ExcelJS from "exceljs";
import { countTokens } from "gpt-tokenizer";
import { XlsxWorkbook } from "../src/host/xlsx/xlsx-workbook";
import { encodeTable } from "../src/sheet/table-text";
import { encodeFormulaContext } from "../src/tasks/formula-context";
import { timed, type BenchmarkReport } from "./report";

const COLUMNS = 20;
const REGIONS = ["East", "West", "North", "South"];
const PRODUCTS = ["Widget", "Gadget", "Gizmo", "Doohickey", "Sprocket", "Thingamajig"];

/** A sales-like sheet: ids, categories, dates, amounts and free text, seeded so runs agree. */
function salesSheet(rows: number): XlsxWorkbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sales");
  const headers = [
    "Order ID",
    "Date",
    "Region",
    "Product",
    "Units",
    "Unit Price",
    "Revenue",
    "Customer",
    "Channel",
    "Discount",
  ];
  for (let c = headers.length; c < COLUMNS; c++) headers.push(`Metric ${c - headers.length + 1}`);
  sheet.addRow(headers);
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let r = 0; r < rows; r++) {
    const units = 1 + Math.floor(random() * 50);
    const price = Math.round(random() * 20000) / 100;
    const row: (string | number | Date)[] = [
      `ORD-${String(r + 1).padStart(6, "0")}`,
      new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 365) * 86_400_000),
      REGIONS[Math.floor(random() * REGIONS.length)]!,
      PRODUCTS[Math.floor(random() * PRODUCTS.length)]!,
      units,
      price,
      Math.round(units * price * 100) / 100,
      `Customer ${Math.floor(random() * 5000)}`,
      random() < 0.5 ? "Online" : "Retail",
      Math.round(random() * 30) / 100,
    ];
    for (let c = row.length; c < COLUMNS; c++) row.push(Math.round(random() * 1e6) / 100);
    sheet.addRow(row);
  }
  return XlsxWorkbook.fromWorkbook(workbook);
}

export async function run(): Promise<BenchmarkReport> {
  const rows: (string | number)[][] = [];
  const tokens: number[] = [];
  for (const size of [100, 100_000]) {
    const host = salesSheet(size);
    const { ms, result } = await timed(() => encodeFormulaContext(host, "Sales"));
    const dump = encodeTable(await host.readRange(`Sales!A1:T${size + 1}`), {
      maxRows: size,
      maxChars: Number.MAX_SAFE_INTEGER,
    });
    const dumpTokens =
      size <= 100
        ? countTokens(dump.text)
        : Math.round((countTokens(dump.text.slice(0, 200_000)) * dump.text.length) / 200_000);
    tokens.push(result.tokens);
    rows.push([
      size.toLocaleString("en-US"),
      COLUMNS,
      result.tokens,
      dumpTokens.toLocaleString("en-US"),
      (dumpTokens / result.tokens).toFixed(0) + "×",
      (ms / 1000).toFixed(2),
    ]);
  }
  const [small, large] = tokens as [number, number];
  const difference = Math.abs(large - small) / small;
  const failedTargets: string[] = [];
  if (difference >= 0.1)
    failedTargets.push(`100 vs 100,000 rows differ by ${(difference * 100).toFixed(1)}% (target < 10%)`);
  if (Math.max(small, large) > 1500) failedTargets.push(`${Math.max(small, large)} tokens > 1,500`);
  return {
    title: "context: formula prompt size, 100 vs 100,000 rows × 20 columns",
    columns: [
      "rows",
      "columns",
      "context tokens",
      "plain dump tokens (baseline)",
      "dump/context",
      "encode s",
    ],
    rows,
    notes: [
      "Tokens counted with gpt-tokenizer (o200k BPE). The plain dump is every row as a pipe table (encodeTable without caps); for 100,000 rows it is extrapolated from its first 200,000 characters.",
      `Difference between the two sheets: ${(difference * 100).toFixed(1)}% (target < 10%); largest ${Math.max(small, large)} tokens (target ≤ 1,500). ${failedTargets.length ? "MISSED" : "Both met."}`,
    ],
    failedTargets,
  };
}
