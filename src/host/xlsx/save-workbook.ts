import type ExcelJS from "exceljs";
import { writeFileAtomically } from "../node/atomic-file";

/**
 * Saves a workbook so that a failed save never damages the file already there: exceljs builds the
 * whole file in memory, and writeFileAtomically puts it in place.
 */
export async function saveWorkbookAtomically(workbook: ExcelJS.Workbook, file: string): Promise<void> {
  const bytes = await workbook.xlsx.writeBuffer();
  // exceljs declares its own Buffer type; in Node writeBuffer resolves to a Node Buffer.
  await writeFileAtomically(file, bytes as unknown as Uint8Array);
}
