import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { PlanError } from "../../src/formula/plan-error";
import { describeTable } from "../../src/formula/table-context";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { SheetNotFoundError } from "../../src/sheet/sheet-host";
import {
  buildHrWorkbook,
  HR_FIRST_ROW,
  HR_HEADER_ROW,
  HR_HEADERS,
  HR_LAST_ROW,
  HR_SHEET,
} from "./fixtures/hr-roster";
import { buildSalesWorkbook, SALES_FIRST_ROW, SALES_HEADERS, SALES_LAST_ROW } from "./fixtures/sales-ledger";

const host = (workbook: ExcelJS.Workbook) => XlsxWorkbook.fromWorkbook(workbook);

describe("describeTable", () => {
  it("finds the headers, letters, data rows and column types of a ledger", async () => {
    const context = await describeTable(host(buildSalesWorkbook()), "Sales");
    expect(context).toMatchObject({
      sheet: "Sales",
      headerRow: 1,
      firstDataRow: SALES_FIRST_ROW,
      lastDataRow: SALES_LAST_ROW,
    });
    expect(context.columns.map((column) => [column.header, column.letter, column.type])).toEqual([
      ["Region", "A", "text"],
      ["Product", "B", "text"],
      ["Date", "C", "date"],
      ["Units", "D", "number"],
      ["Revenue", "E", "number"],
      ["Cost", "F", "number"],
    ]);
    expect(context.columns.map((column) => column.header)).toEqual([...SALES_HEADERS]);
    const units = context.columns.find((column) => column.header === "Units");
    expect(units).toMatchObject({ textNumbers: 1, blanks: 0 });
    expect(context.columns.find((column) => column.header === "Revenue")).toMatchObject({ blanks: 1 });
    expect(context.columns.find((column) => column.header === "Product")).toMatchObject({ wildcards: 3 });
    expect(context.tableName).toBeUndefined();
  });

  it("skips a title row above the headers", async () => {
    const context = await describeTable(host(buildHrWorkbook()), HR_SHEET);
    expect(context).toMatchObject({
      headerRow: HR_HEADER_ROW,
      firstDataRow: HR_FIRST_ROW,
      lastDataRow: HR_LAST_ROW,
    });
    expect(context.columns.map((column) => column.header)).toEqual([...HR_HEADERS]);
    expect(context.columns.find((column) => column.header === "Leave Date")).toMatchObject({
      type: "date",
      blanks: 6,
    });
  });

  it("uses a given range as is, its first row being the headers, and carries a table name", async () => {
    const context = await describeTable(host(buildSalesWorkbook()), "Sales", {
      range: "B1:C6",
      tableName: "Ledger",
    });
    expect(context).toMatchObject({ headerRow: 1, firstDataRow: 2, lastDataRow: 6, tableName: "Ledger" });
    expect(context.columns.map((column) => column.header)).toEqual(["Product", "Date"]);
    await expect(
      describeTable(host(buildSalesWorkbook()), "Sales", { range: "Prices!A1:B3" }),
    ).rejects.toThrow(/is on sheet "Prices", not on "Sales"/);
  });

  it("leaves a Total row out of the data, and stops at two blank rows", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Budget");
    sheet.addRows([
      ["Item", "Amount", "Paid"],
      ["Rent", 1200, true],
      ["Food", "450", false],
      ["Total", 1650, null],
      [],
      [],
      ["Notes", "draft"],
    ]);
    const context = await describeTable(host(workbook), "Budget");
    expect(context).toMatchObject({ firstDataRow: 2, lastDataRow: 3, totalRow: 4 });
    // "450" typed as text among numbers is a slip in a number column, counted so formulas can warn.
    expect(context.columns.map((column) => [column.type, column.textNumbers])).toEqual([
      ["text", 0],
      ["number", 1],
      ["boolean", 0],
    ]);
  });

  it("calls a column of number-like text codes text, not numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Codes").addRows([
      ["Code", "Empty"],
      ["001", null],
      ["002", null],
    ]);
    const context = await describeTable(host(workbook), "Codes", { range: "A1:B3" });
    expect(context.columns.map((column) => [column.type, column.textNumbers])).toEqual([
      ["text", 0],
      ["empty", 0],
    ]);
  });

  it("refuses an empty sheet and reports a missing one", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Blank");
    await expect(describeTable(host(workbook), "Blank")).rejects.toThrow(PlanError);
    await expect(describeTable(host(workbook), "Nope")).rejects.toThrow(SheetNotFoundError);
  });
});
