import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { profileColumn, profileTable, type ColumnProfile } from "../../src/analysis/column-profile";
import { readTable, type AnalysisTable } from "../../src/analysis/table";
import { addSheet, day, reopen } from "./fixtures/workbook-tools";

/** A small team list on sheet "Team Data" at B3, so addresses need quoting and an offset. */
async function teamTable(): Promise<AnalysisTable> {
  const workbook = new ExcelJS.Workbook();
  addSheet(
    workbook,
    "Team Data",
    [
      ["Name", "Score", "Joined", "Active", "Mixed"],
      ["Ann", 10, day("2024-01-01"), true, 1],
      ["Bob", 20, day("2024-03-01"), false, "x"],
      ["Cy", null, day("2024-02-01"), true, 2],
      ["Ann", 40, null, true, "y"],
      ["Dee", "30", day("2024-01-01"), true, "   "],
    ],
    "B3",
  );
  return readTable(await reopen(workbook), "'Team Data'!B3:F8");
}

describe("profileTable on a small table", () => {
  let profiles: ColumnProfile[];

  beforeAll(async () => {
    profiles = profileTable(await teamTable());
  });

  const column = (header: string): ColumnProfile => {
    const found = profiles.find((profile) => profile.header === header);
    if (!found) throw new Error(`no column ${header}`);
    return found;
  };

  it("names each column by header, sheet letter and data address", () => {
    expect(profiles.map((p) => [p.header, p.letter, p.address])).toEqual([
      ["Name", "B", "'Team Data'!B4:B8"],
      ["Score", "C", "'Team Data'!C4:C8"],
      ["Joined", "D", "'Team Data'!D4:D8"],
      ["Active", "E", "'Team Data'!E4:E8"],
      ["Mixed", "F", "'Team Data'!F4:F8"],
    ]);
  });

  it("profiles a text column", () => {
    expect(column("Name")).toMatchObject({
      type: "text",
      typeShare: 1,
      count: 5,
      blanks: 0,
      distinct: 4,
      textLength: { min: 2, max: 3 },
      min: null,
      mean: null,
      topValues: [
        { value: "Ann", count: 2 },
        { value: "Bob", count: 1 },
        { value: "Cy", count: 1 },
        { value: "Dee", count: 1 },
      ],
    });
  });

  it("profiles numbers, counting a number stored as text and keeping it out of the statistics", () => {
    const score = column("Score");
    expect(score).toMatchObject({
      type: "mixed",
      typeShare: 0.75,
      kinds: { number: 3, text: 1, date: 0, boolean: 0, error: 0 },
      count: 4,
      blanks: 1,
      distinct: 4,
      numbersAsText: 1,
      min: 10,
      max: 40,
      median: 20,
    });
    expect(score.mean).toBeCloseTo(70 / 3, 10);
    expect(score.topValues.map((top) => top.value)).toEqual([10, 20, 40, "30"]);
  });

  it("profiles dates as dates", () => {
    const joined = column("Joined");
    expect(joined).toMatchObject({ type: "date", count: 4, blanks: 1, distinct: 3 });
    expect(joined.min).toEqual(day("2024-01-01"));
    expect(joined.max).toEqual(day("2024-03-01"));
    // Middle two of Jan 1, Jan 1, Feb 1, Mar 1.
    expect(joined.median).toEqual(new Date((day("2024-01-01").getTime() + day("2024-02-01").getTime()) / 2));
    expect(joined.topValues[0]).toEqual({ value: day("2024-01-01"), count: 2 });
  });

  it("profiles booleans", () => {
    expect(column("Active")).toMatchObject({
      type: "boolean",
      typeShare: 1,
      distinct: 2,
      topValues: [
        { value: true, count: 4 },
        { value: false, count: 1 },
      ],
    });
  });

  it("calls a half-and-half column mixed, counts a cell of spaces as blank and summarises its numbers", () => {
    expect(column("Mixed")).toMatchObject({
      type: "mixed",
      typeShare: 0.5,
      count: 4,
      blanks: 1,
      min: 1,
      max: 2,
      mean: 1.5,
      median: 1.5,
    });
  });
});

describe("profile outliers and edge cases", () => {
  const table = (values: (number | string | null)[]): AnalysisTable => ({
    sheet: "Data",
    origin: { row: 0, col: 0 },
    grid: [["Value"], ...values.map((value) => [value])],
    hasHeader: true,
  });

  it("flags a far value with both tests and names its cell", () => {
    const profile = profileColumn(table([10, 11, 12, 13, 12, 11, 10, 12, 13, 11, 400]), 0);
    expect(profile.outliers).toEqual([
      expect.objectContaining({ dataRow: 10, address: "Data!A12", value: 400, method: "MAD+IQR" }),
    ]);
    expect(profile.spread).toMatchObject({ median: 12, q1: 11, q3: 12.5 });
  });

  it("says nothing about outliers with too few numbers", () => {
    expect(profileColumn(table([1, 2, 1000]), 0).outliers).toEqual([]);
  });

  it("profiles an empty column as empty", () => {
    expect(profileColumn(table([null, "", null]), 0)).toMatchObject({
      type: "empty",
      typeShare: 0,
      count: 0,
      blanks: 3,
      distinct: 0,
      topValues: [],
      min: null,
    });
  });

  it("counts error values apart from the types", () => {
    const profile = profileColumn(table([1, 2, "#N/A", 3]), 0);
    expect(profile.kinds.error).toBe(1);
    expect(profile).toMatchObject({ type: "number", typeShare: 1, count: 4 });
  });

  it("profiles a table without a header, naming columns by letter", () => {
    const profiles = profileTable({ origin: { row: 4, col: 2 }, grid: [[1], [2]], hasHeader: false });
    expect(profiles[0]).toMatchObject({ header: "Column C", address: "C5:C6", count: 2 });
  });
});
