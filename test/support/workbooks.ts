import ExcelJS from "exceljs";
import os from "node:os";
import path from "node:path";
import { mkdtemp } from "node:fs/promises";

/** A small sales sheet, written to a temporary .xlsx: what a user would point the CLI at. */
export async function writeSalesWorkbook(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.addRow(["Region", "Month", "Revenue"]);
  const rows: [string, string, number][] = [
    ["East", "2024-01", 1200],
    ["West", "2024-01", 1850],
    ["East", "2024-02", 1320],
    ["West", "2024-02", 1990],
    ["North", "2024-02", 640],
    ["East", "2024-03", 1410],
    ["West", "2024-03", 2105],
    ["North", "2024-03", 700],
    ["South", "2024-03", 910],
  ];
  rows.forEach((row) => data.addRow(row));
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-wb-"));
  const file = path.join(dir, "sales.xlsx");
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Support tickets: `rows` texts drawn (skewed, like real data) from `distinct` phrasings. */
export function ticketTexts(rows: number, distinct: number): string[] {
  const topics = [
    "refund for order",
    "app crash on",
    "love the new",
    "invoice error in",
    "slow delivery to",
    "password reset for",
  ];
  const phrasings = Array.from({ length: distinct }, (_, i) => `${topics[i % topics.length]} #${i}`);
  // Zipf-like: a few phrasings are very common, most are rare.
  const weights = phrasings.map((_, i) => 1 / (i + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: rows }, (_, row) => {
    if (row < distinct) return phrasings[row]!; // every phrasing appears at least once
    let pick = random() * totalWeight;
    for (let i = 0; i < weights.length; i++) {
      pick -= weights[i]!;
      if (pick <= 0) return phrasings[i]!;
    }
    return phrasings[0]!;
  });
}

export async function writeTicketsWorkbook(
  texts: readonly string[],
  extra?: (sheet: ExcelJS.Worksheet) => void,
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.addRow(["Id", "Ticket"]);
  texts.forEach((text, index) => data.addRow([index + 1, text]));
  const labels = workbook.addWorksheet("Labels");
  ["billing", "bug", "praise"].forEach((label) => labels.addRow([label]));
  extra?.(data);
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-wb-"));
  const file = path.join(dir, "tickets.xlsx");
  await workbook.xlsx.writeFile(file);
  return file;
}

export async function readColumn(
  file: string,
  sheet: string,
  column: string,
  rows: number,
): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const worksheet = workbook.getWorksheet(sheet)!;
  return Array.from({ length: rows }, (_, i) => worksheet.getCell(`${column}${i + 2}`).value);
}
