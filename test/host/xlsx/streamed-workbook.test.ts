import ExcelJS from "exceljs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamedWorkbook } from "../../../src/host/xlsx/streamed-workbook";
import { isDateFormatCode } from "../../../src/host/xlsx/xlsx-parts";
import { XlsxWorkbook } from "../../../src/host/xlsx/xlsx-workbook";
import { SheetNotFoundError } from "../../../src/sheet/sheet-host";

/**
 * The streamed reader must read what the exceljs host reads, cell for cell: every kind of value,
 * merged areas, dates by their number format, formulas by their cached results, several sheets.
 */
function buildWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.addRow(["Name", "Joined", "Amount", "Double", "Note", "Flag", "Time"]);
  data.addRow([
    "Ann",
    new Date(Date.UTC(2024, 0, 15)),
    10,
    { formula: "C2*2", result: 20, shareType: "shared", ref: "D2:D4" },
    { richText: [{ text: "Bold", font: { bold: true } }, { text: " & <plain>" }] },
    true,
    new Date(Date.UTC(2024, 0, 15, 13, 45)),
  ]);
  data.addRow(["Bob", null, 0.5, { sharedFormula: "D2", result: 1 }, { error: "#N/A" }, false, null]);
  data.addRow([
    "Cy",
    null,
    -5,
    { sharedFormula: "D2", result: -10 },
    { formula: "1/0", result: { error: "#DIV/0!" } },
  ]);
  data.getCell("C3").numFmt = "0.00%"; // a number format that is not a date
  data.getCell("B4").value = 45000;
  data.getCell("B4").numFmt = 'yyyy"-"mm"-"dd';
  data.getCell("G4").value = { formula: 'TEXT(B4,"yyyy")', result: "2023" };
  data.getCell("H10").numFmt = "@"; // styled but empty: not part of the used range
  data.mergeCells("A6:B6");
  data.getCell("A6").value = "Merged total";
  data.getCell("A7").value = { text: "Website", hyperlink: "https://example.com" };
  data.getCell("C7").value = "  spaces kept  ";

  const notes = workbook.addWorksheet("Q1 Notes");
  notes.getCell("C3").value = "first";
  notes.getCell("D5").value = "last";
  workbook.addWorksheet("Empty");
  workbook.views = [
    { activeTab: 1, firstSheet: 0, x: 0, y: 0, width: 10000, height: 20000, visibility: "visible" },
  ];
  return workbook;
}

describe("StreamedWorkbook reads what XlsxWorkbook reads", () => {
  let dir: string;
  let file: string;
  let streamed: StreamedWorkbook;
  let full: XlsxWorkbook;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-streamed-"));
    file = path.join(dir, "fixture.xlsx");
    await buildWorkbook().xlsx.writeFile(file);
    [streamed, full] = await Promise.all([StreamedWorkbook.open(file), XlsxWorkbook.open(file)]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists the same sheets and opens on the same one", async () => {
    expect(await streamed.listSheets()).toEqual(["Data", "Q1 Notes", "Empty"]);
    expect(streamed.activeSheet).toBe("Q1 Notes");
    expect(await streamed.readRange("C3:D5")).toEqual(await full.readRange("C3:D5"));
  });

  it.each(["Data", "Q1 Notes", "Empty", "data"])(
    "gives the same used range and values on %s",
    async (sheet) => {
      const used = await streamed.usedRange(sheet);
      expect(used).toBe(await full.usedRange(sheet));
      if (used === null) return;
      expect(await streamed.readRange(used)).toEqual(await full.readRange(used));
      expect(await streamed.readRange(`'${sheet}'!A:H`)).toEqual(await full.readRange(`'${sheet}'!A:H`));
    },
  );

  it("reads dates by their format, errors as text and merged areas from their top-left cell", async () => {
    const grid = await streamed.readRange("Data!A2:G7");
    expect(grid[0]).toEqual([
      "Ann",
      new Date(Date.UTC(2024, 0, 15)),
      10,
      20,
      "Bold & <plain>",
      true,
      new Date(Date.UTC(2024, 0, 15, 13, 45)),
    ]);
    expect(grid[1]![2]).toBe(0.5);
    expect(grid[1]![4]).toBe("#N/A");
    expect(grid[2]![1]).toEqual(new Date(Date.UTC(2023, 2, 15)));
    expect(grid[2]![4]).toBe("#DIV/0!");
    expect(grid[4]!.slice(0, 2)).toEqual(["Merged total", null]);
    expect(grid[5]![0]).toBe("Website");
    expect(grid[5]![2]).toBe("  spaces kept  ");
  });

  it("says which sheets exist when one is not there, and refuses a read of billions of cells", async () => {
    await expect(streamed.readRange("Nope!A1")).rejects.toBeInstanceOf(SheetNotFoundError);
    await expect(streamed.readRange("Data!A1:XFD1048576")).rejects.toMatchObject({
      name: "WorkbookError",
      message: expect.stringContaining("at most 5,000,000"),
    });
  });

  it("words a missing file and a file that is not a workbook as XlsxWorkbook does", async () => {
    const notWorkbook = path.join(dir, "notes.xlsx");
    await writeFile(notWorkbook, "Region,Revenue\nEast,1200\n");
    for (const bad of [path.join(dir, "missing.xlsx"), notWorkbook, dir]) {
      const streamedError = await StreamedWorkbook.open(bad).catch((error: unknown) => error);
      const fullError = await XlsxWorkbook.open(bad).catch((error: unknown) => error);
      expect(streamedError).toMatchObject({ name: "WorkbookError", kind: "input" });
      expect((streamedError as Error).message).toBe((fullError as Error).message);
    }
  });

  it("reads 1904-based dates and inline strings written by other tools", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet("Old Mac");
    sheet.getCell("A1").value = new Date(Date.UTC(2001, 5, 30));
    const old = path.join(dir, "mac.xlsx");
    await workbook.xlsx.writeFile(old);
    const host = await StreamedWorkbook.open(old);
    expect(await host.readRange("'Old Mac'!A1")).toEqual(
      await (await XlsxWorkbook.open(old)).readRange("'Old Mac'!A1"),
    );

    const inline = path.join(dir, "inline.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inline, useSharedStrings: false });
    writer.addWorksheet("S").addRow(["inline text", 3]).commit();
    await writer.commit();
    expect(await (await StreamedWorkbook.open(inline)).readRange("S!A1:B1")).toEqual([["inline text", 3]]);
  });
});

describe("date formats", () => {
  it("tells date codes from number codes with letters in quotes or brackets", () => {
    for (const code of ["yyyy-mm-dd", "d/m/yy h:mm", "[$-409]mmm d, yyyy", "hh:mm:ss"])
      expect(isDateFormatCode(code)).toBe(true);
    for (const code of ["0.00", '#,##0 "days"', "[Red]0.0", "0.00\\h", "@"])
      expect(isDateFormatCode(code)).toBe(false);
  });
});
