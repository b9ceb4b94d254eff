import { describe, expect, it } from "vitest";
import { FakeWorkbook } from "./excel-object-model";

/** The fake must behave like Office.js where the product relies on it, or tests over it prove nothing. */
function book(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Data", [
      ["Name", "Score"],
      ["Ada", 90],
      ["Bo", 70],
    ])
    .addSheet("Other Sheet", []);
}

describe("the fake Excel object model: writes", () => {
  it("applies value writes at sync, not before, and logs them", async () => {
    const workbook = book();
    await workbook.run(async (context) => {
      const cell = context.workbook.worksheets.getItem("Data").getRange("C2");
      cell.values = [["ok"]];
      expect(workbook.valueAt("Data", 1, 2)).toBe("");
      await context.sync();
      expect(workbook.valueAt("Data", 1, 2)).toBe("ok");
    });
    expect(workbook.writes).toEqual([{ sheet: "Data", address: "C2", kind: "values", grid: [["ok"]] }]);
  });

  it("stores written formulas with the value the test gave them, never the formula text as a value", async () => {
    const workbook = book().setFormulaResult("=B2*2", 180);
    await workbook.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRange("C2:C3").formulas = [["=B2*2"], ["=B3*2"]];
      const read = sheet.getRange("C2:C3");
      read.load("values,formulas,valueTypes");
      await context.sync();
      expect(read.formulas).toEqual([["=B2*2"], ["=B3*2"]]);
      expect(read.values).toEqual([[180], [""]]);
      expect(read.valueTypes).toEqual([["Double"], ["Empty"]]);
    });
  });

  it("enters '=...' written as values as a formula, except in cells formatted as text", async () => {
    const workbook = book();
    await workbook.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRange("D1").numberFormat = [["@"]];
      sheet.getRange("C1:D1").values = [["=A1", "=A1"]];
      await context.sync();
    });
    expect(workbook.formulaAt("Data", 0, 2)).toBe("=A1");
    expect(workbook.formulaAt("Data", 0, 3)).toBeUndefined();
    expect(workbook.valueAt("Data", 0, 3)).toBe("=A1");
  });

  it("leaves cells given null unchanged and rejects a grid of the wrong shape at sync", async () => {
    const workbook = book();
    await workbook.run(async (context) => {
      context.workbook.worksheets.getItem("Data").getRange("A2:B2").values = [
        [null as unknown as string, 91],
      ];
      await context.sync();
    });
    expect(workbook.sheets.get("Data")?.[1]).toEqual(["Ada", 91]);
    await expect(
      workbook.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRange("A2:B2").values = [["x"]];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("clears contents and records calculation requests", async () => {
    const workbook = book();
    await workbook.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRange("B2:B3");
      range.clear("Contents");
      range.calculate();
      context.workbook.application.calculate("Full");
      await context.sync();
    });
    expect(workbook.valueAt("Data", 1, 1)).toBe("");
    expect(workbook.calculations).toEqual([
      { scope: "range", address: "Data!B2:B3" },
      { scope: "application", type: "Full" },
    ]);
  });
});

describe("the fake Excel object model: reading and navigating", () => {
  it("throws when a property is read before load and sync", async () => {
    await book().run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRange("A1:B3");
      range.load("rowCount");
      expect(() => range.rowCount).toThrow(/not available/);
      await context.sync();
      expect(range.rowCount).toBe(3);
      expect(() => range.columnCount).toThrow(/not available/);
    });
  });

  it("navigates like Office.js: getCell, offsets, resizing, rows, columns, last row", async () => {
    await book().run(async (context) => {
      const table = context.workbook.worksheets.getItem("Data").getRange("A1:B3");
      const ranges = [
        table.getCell(1, 1),
        table.getOffsetRange(1, 2),
        table.getResizedRange(-1, 1),
        table.getRow(2),
        table.getColumn(1),
        table.getLastRow(),
      ];
      ranges.forEach((range) => range.load(["address", "rowIndex", "columnIndex"]));
      await context.sync();
      expect(ranges.map((range) => range.address)).toEqual([
        "Data!B2",
        "Data!C2:D4",
        "Data!A1:C2",
        "Data!A3:B3",
        "Data!B1:B3",
        "Data!A3:B3",
      ]);
      expect([ranges[1]!.rowIndex, ranges[1]!.columnIndex]).toEqual([1, 2]);
    });
  });

  it("reports text, cell counts and the worksheet of a range", async () => {
    await book().run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRange("A2:B2");
      range.load("text,cellCount");
      const sheet = range.worksheet;
      sheet.load("name");
      await context.sync();
      expect(range.text).toEqual([["Ada", "90"]]);
      expect(range.cellCount).toBe(2);
      expect(sheet.name).toBe("Data");
    });
  });
});

describe("the fake Excel object model: selection", () => {
  it("gives the selected range, the active cell, and refuses getSelectedRange on several areas", async () => {
    const workbook = book().select("Data!B2:B3");
    await workbook.run(async (context) => {
      const selected = context.workbook.getSelectedRange();
      const active = context.workbook.getActiveCell();
      selected.load("address");
      active.load("address");
      await context.sync();
      expect([selected.address, active.address]).toEqual(["Data!B2:B3", "Data!B2"]);
    });
    workbook.select("Data!A2,A3:B3");
    await expect(
      workbook.run(async (context) => {
        context.workbook.getSelectedRange().load("address");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidSelection" });
    await workbook.run(async (context) => {
      const areas = context.workbook.getSelectedRanges();
      areas.load("address,areaCount");
      await context.sync();
      expect([areas.address, areas.areaCount]).toEqual(["Data!A2, Data!A3:B3", 2]);
    });
  });

  it("selects ranges and RangeAreas at sync, activating their sheet and firing selection handlers", async () => {
    const workbook = book();
    const events: string[] = [];
    await workbook.run(async (context) => {
      context.workbook.onSelectionChanged.add(async () => void events.push("workbook"));
      context.workbook.worksheets
        .getItem("Other Sheet")
        .onSelectionChanged.add(async (event) => void events.push(`${event.type} ${event.address}`));
      await context.sync();
    });
    await workbook.run(async (context) => {
      context.workbook.worksheets.getItem("Other Sheet").getRanges("A2,A5:A6").select();
      await context.sync();
    });
    expect(workbook.selection).toBe("'Other Sheet'!A2,'Other Sheet'!A5:A6");
    expect(workbook.activeSheet).toBe("Other Sheet");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events.sort()).toEqual(["WorksheetSelectionChanged A2,A5:A6", "workbook"]);
  });
});
