import { describe, expect, it } from "vitest";
import {
  checkInScratchSheet,
  qualifyReferences,
  scratchUnsuitable,
} from "../../src/host/excel/scratch-check";
import { FakeWorkbook } from "../support/excel-object-model";

/** Excel computes the formula once on a hidden scratch sheet that is always deleted again. */
describe("the scratch-sheet check in Excel", () => {
  function book(): FakeWorkbook {
    return new FakeWorkbook().addSheet("Sales", [
      ["Region", "Revenue"],
      ["West", 10],
    ]);
  }

  it("reads Excel's value and deletes the hidden sheet; the user's sheet is untouched", async () => {
    const workbook = book();
    workbook.formulaResults.set("=SUM(Sales!$B$2:$B$2)", 10);
    const result = await checkInScratchSheet(
      workbook.run,
      { sheet: "Sales", cell: "D1" },
      "=SUM(Sales!$B$2:$B$2)",
    );
    expect(result).toEqual({ status: "ok", value: 10 });
    expect([...workbook.sheets.keys()]).toEqual(["Sales"]);
    expect(workbook.deletedSheets).toHaveLength(1);
    expect([...workbook.sheetVisibility.values()]).toEqual(["Hidden"]);
    expect(workbook.writes.every((write) => write.sheet !== "Sales")).toBe(true);
  });

  it("reports Excel's error value, e.g. a function this Excel does not have", async () => {
    const workbook = book();
    workbook.formulaResults.set("=XLOOKUP2(1,Sales!$A:$A,Sales!$B:$B)", "#NAME?");
    const result = await checkInScratchSheet(
      workbook.run,
      { sheet: "Sales", cell: "D1" },
      "=XLOOKUP2(1,Sales!$A:$A,Sales!$B:$B)",
    );
    expect(result).toEqual({ status: "error", value: "#NAME?" });
    expect([...workbook.sheets.keys()]).toEqual(["Sales"]);
  });

  it("points references without a sheet at the formula's sheet, leaving strings, names and functions alone", () => {
    expect(qualifyReferences("=$C2*$D2", "Orders")).toBe("=Orders!$C2*Orders!$D2");
    expect(qualifyReferences('=IF(A2="B2 ""C3""",SUM($B$2:$B$9),LOG10(C1))', "My Sheet")).toBe(
      "=IF('My Sheet'!A2=\"B2 \"\"C3\"\"\",SUM('My Sheet'!$B$2:$B$9),LOG10('My Sheet'!C1))",
    );
    expect(qualifyReferences("=SUM(Data!A:A)+'Q1 2024'!B2+Table1[Revenue]+rate2024", "Sales")).toBe(
      "=SUM(Data!A:A)+'Q1 2024'!B2+Table1[Revenue]+rate2024",
    );
    expect(qualifyReferences("=SUM(A:A)/COUNT(2:2)", "Sales")).toBe("=SUM(Sales!A:A)/COUNT(Sales!2:2)");
    expect(qualifyReferences("=SUM(Sales!$B$2:$B$9,C2:C9)", "Sales")).toBe(
      "=SUM(Sales!$B$2:$B$9,Sales!C2:C9)",
    );
  });

  it("checks a row formula on the scratch sheet with its references pointed back at its own sheet", async () => {
    const workbook = book();
    workbook.formulaResults.set("=Sales!$B2*2", 20);
    const result = await checkInScratchSheet(workbook.run, { sheet: "Sales", cell: "D2" }, "=$B2*2");
    expect(result).toEqual({ status: "ok", value: 20 });
    expect(scratchUnsuitable("=[@Revenue]*2")).toMatch(/the table the formula sits in/);
    expect(
      await checkInScratchSheet(workbook.run, { sheet: "Sales", cell: "D2" }, "=[@Revenue]*2"),
    ).toMatchObject({
      status: "skipped",
    });
  });

  it("deletes the scratch sheet even when writing the formula fails", async () => {
    const workbook = book();
    await expect(
      checkInScratchSheet(workbook.run, { sheet: "Sales", cell: "XFE1" }, "=Sales!$B$2"),
    ).rejects.toThrow();
    expect([...workbook.sheets.keys()]).toEqual(["Sales"]);
  });
});
