import { describe, expect, it } from "vitest";
import { ExcelSheetHost } from "../../src/host/excel/excel-sheet-host";
import { FakeWorkbook } from "../support/excel-object-model";

function salesBook(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Sales", [
      ["Region", "Revenue", ""],
      ["East", 100, ""],
      ["West", "", ""],
      ["North", 250, ""],
    ])
    .addSheet("Notes", []);
}

describe("ExcelSheetHost over Excel's object model (load/sync semantics)", () => {
  it("lists sheets and reads a range, with Excel's empty cells as blanks", async () => {
    const host = new ExcelSheetHost(salesBook().run);
    expect(await host.listSheets()).toEqual(["Sales", "Notes"]);
    expect(await host.readRange("Sales!A1:B3")).toEqual([
      ["Region", "Revenue"],
      ["East", 100],
      ["West", null],
    ]);
  });

  it("reads whole columns only as far as the used range", async () => {
    const host = new ExcelSheetHost(salesBook().run);
    expect(await host.readRange("Sales!A:B")).toHaveLength(4);
    expect(await host.usedRange("Sales")).toBe("Sales!A1:B4");
    expect(await host.usedRange("Notes")).toBeNull();
  });

  it("names the sheets that exist when the sheet is missing, case-insensitively like Excel", async () => {
    const host = new ExcelSheetHost(salesBook().run);
    expect(await host.readRange("sales!A2:A2")).toEqual([["East"]]);
    await expect(host.readRange("Budget!A1:B2")).rejects.toThrow(/Budget.*"Sales", "Notes"/);
  });

  it("the fake refuses reads before load and sync, as Office.js does", async () => {
    const book = salesBook();
    await expect(
      book.run(async (context) => {
        const range = context.workbook.worksheets.getItemOrNullObject("Sales").getRange("A1:B2");
        range.load("values");
        return range.values;
      }),
    ).rejects.toThrow(/call the load method.*context.sync/);
  });
});
