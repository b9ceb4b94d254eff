import ExcelJS from "exceljs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { AddressError } from "../../src/sheet/a1";
import { SheetNotFoundError } from "../../src/sheet/sheet-host";

const JOINED = new Date(Date.UTC(2024, 0, 15));

/** A workbook like one a user would point the CLI at, with every kind of cell value exceljs reads. */
function buildWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.addRow(["Name", "Joined", "Amount", "Double", "Note", "Link"]);
  data.addRow([
    "Ann",
    JOINED,
    10,
    { formula: "C2*2", result: 20, shareType: "shared", ref: "D2:D4" },
    { richText: [{ text: "Bold", font: { bold: true } }, { text: " and plain" }] },
    { text: "Website", hyperlink: "https://example.com" },
  ]);
  data.addRow(["Bob", null, 0.5, { sharedFormula: "D2", result: 1 }, { error: "#N/A" }, null]);
  data.addRow([
    "Cy",
    null,
    5,
    { sharedFormula: "D2", result: 10 },
    { formula: "1/0", result: { error: "#DIV/0!" } },
    true,
  ]);
  data.mergeCells("A6:B6");
  data.getCell("A6").value = "Merged total";

  const notes = workbook.addWorksheet("Q1 Notes");
  notes.getCell("C3").value = "first";
  notes.getCell("D5").value = "last";

  workbook.addWorksheet("Empty");
  return workbook;
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "slm-xlsx-"));
}

async function writeFixture(): Promise<string> {
  const file = path.join(await tempDir(), "fixture.xlsx");
  await buildWorkbook().xlsx.writeFile(file);
  return file;
}

describe("XlsxWorkbook reading a saved file", () => {
  let workbook: XlsxWorkbook;

  beforeAll(async () => {
    workbook = await XlsxWorkbook.open(await writeFixture());
  });

  it("lists the sheets in tab order", async () => {
    expect(await workbook.listSheets()).toEqual(["Data", "Q1 Notes", "Empty"]);
  });

  it("reads values as a user sees them in Excel", async () => {
    expect(await workbook.readRange("Data!A1:F4")).toEqual([
      ["Name", "Joined", "Amount", "Double", "Note", "Link"],
      ["Ann", JOINED, 10, 20, "Bold and plain", "Website"],
      ["Bob", null, 0.5, 1, "#N/A", null],
      ["Cy", null, 5, 10, "#DIV/0!", true],
    ]);
  });

  it("gives dates back as Date objects", async () => {
    const [[joined]] = (await workbook.readRange("Data!B2")) as [[unknown]];
    expect(joined).toBeInstanceOf(Date);
    expect(joined).toEqual(JOINED);
  });

  it("returns the requested shape, with nulls beyond the data", async () => {
    const grid = await workbook.readRange("Data!E4:H7");
    expect(grid).toEqual([
      ["#DIV/0!", true, null, null],
      [null, null, null, null],
      [null, null, null, null],
      [null, null, null, null],
    ]);
  });

  it("shows a merged area's value in its top-left cell only, as Excel does", async () => {
    expect(await workbook.readRange("Data!A6:B6")).toEqual([["Merged total", null]]);
  });

  it("clips whole columns to the rows in use", async () => {
    const grid = await workbook.readRange("Data!A:B");
    expect(grid).toHaveLength(6);
    expect(grid[0]).toEqual(["Name", "Joined"]);
    expect(grid[5]).toEqual(["Merged total", null]);
  });

  it("clips whole rows to the columns in use", async () => {
    expect(await workbook.readRange("Data!2:3")).toEqual([
      ["Ann", JOINED, 10, 20, "Bold and plain", "Website"],
      ["Bob", null, 0.5, 1, "#N/A", null],
    ]);
  });

  it("keeps a whole column's first row, so the grid lines up with the address", async () => {
    const grid = await workbook.readRange("'Q1 Notes'!C:D");
    expect(grid).toHaveLength(5);
    expect(grid[2]).toEqual(["first", null]);
    expect(grid[4]).toEqual([null, "last"]);
  });

  it("gives an empty grid for whole columns of an empty sheet", async () => {
    expect(await workbook.readRange("Empty!A:C")).toEqual([]);
  });

  it("reports the used range, quoting sheet names that need it", async () => {
    expect(await workbook.usedRange("Data")).toBe("Data!A1:F6");
    expect(await workbook.usedRange("Q1 Notes")).toBe("'Q1 Notes'!C3:D5");
    expect(await workbook.usedRange("Empty")).toBeNull();
  });

  it("finds sheets regardless of case, like Excel", async () => {
    expect(await workbook.readRange("data!A1")).toEqual([["Name"]]);
  });

  it("reads from the first sheet when the address names none", async () => {
    expect(await workbook.readRange("A2:A3")).toEqual([["Ann"], ["Bob"]]);
  });

  it("reads formula text, including shared formulas", async () => {
    expect(await workbook.readFormulas("Data!C2:E4")).toEqual([
      [null, "=C2*2", null],
      [null, "=C3*2", null],
      [null, "=C4*2", "=1/0"],
    ]);
  });

  it("names the missing sheet and the sheets that exist", async () => {
    const attempt = workbook.readRange("Sales!A1:B2");
    await expect(attempt).rejects.toBeInstanceOf(SheetNotFoundError);
    await expect(attempt).rejects.toThrow(
      `Sheet "Sales" was not found. The workbook's sheets are: "Data", "Q1 Notes", "Empty".`,
    );
  });

  it("rejects a malformed address with an AddressError", async () => {
    await expect(workbook.readRange("Data!A1:")).rejects.toBeInstanceOf(AddressError);
  });

  it("refuses a range too large to hold in memory, and suggests whole columns", async () => {
    await expect(workbook.readRange("Data!A1:XFD1048576")).rejects.toMatchObject({
      name: "WorkbookError",
      message: expect.stringContaining("whole columns"),
    });
  });
});

describe("XlsxWorkbook.open errors", () => {
  it("says the file is missing and to check the path", async () => {
    const missing = path.join(await tempDir(), "nope.xlsx");
    await expect(XlsxWorkbook.open(missing)).rejects.toMatchObject({
      name: "WorkbookError",
      message: `Cannot open "${missing}": no such file or folder. Check the path.`,
    });
  });

  it("mentions the working folder for a relative path", async () => {
    await expect(XlsxWorkbook.open("no-such-dir/sales.xlsx")).rejects.toThrow(
      `relative paths start from ${process.cwd()}`,
    );
  });

  it("says a folder is not a workbook", async () => {
    await expect(XlsxWorkbook.open(await tempDir())).rejects.toThrow(/is a folder, not a file/);
  });

  it("says when a file is not an .xlsx workbook", async () => {
    const csv = path.join(await tempDir(), "sales.xlsx");
    await writeFile(csv, "Region,Revenue\nEast,1200\n");
    await expect(XlsxWorkbook.open(csv)).rejects.toMatchObject({
      name: "WorkbookError",
      message: expect.stringContaining(`"${csv}" is not an .xlsx workbook`),
    });
  });
});

describe("XlsxWorkbook writing", () => {
  it("writes values and saves them to a file that reads back the same", async () => {
    const workbook = XlsxWorkbook.fromWorkbook(buildWorkbook());
    await workbook.writeCells("Data!G1:G3", [["Category"], ["Retail"], [null]]);
    await workbook.writeCells("'Q1 Notes'!A1", [[1.5, true, JOINED]]);
    const file = path.join(await tempDir(), "out.xlsx");
    await workbook.save(file);

    const reopened = await XlsxWorkbook.open(file);
    expect(await reopened.readRange("Data!G1:G3")).toEqual([["Category"], ["Retail"], [null]]);
    expect(await reopened.readRange("'Q1 Notes'!A1:C1")).toEqual([[1.5, true, JOINED]]);
    expect(await reopened.readRange("Data!D2")).toEqual([[20]]);
  });

  it("refuses a grid whose shape does not match the range", async () => {
    const workbook = XlsxWorkbook.fromWorkbook(buildWorkbook());
    await expect(workbook.writeCells("Data!G1:G3", [["a"], ["b"]])).rejects.toThrow(
      `Cannot write 2×1 values to "Data!G1:G3" (3×1).`,
    );
    expect(await workbook.readRange("Data!G1")).toEqual([[null]]);
  });

  it("explains a save into a folder that does not exist", async () => {
    const workbook = XlsxWorkbook.fromWorkbook(buildWorkbook());
    const file = path.join(await tempDir(), "missing-folder", "out.xlsx");
    await expect(workbook.save(file)).rejects.toThrow(`Could not save "${file}": no such file or folder.`);
  });
});
