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
