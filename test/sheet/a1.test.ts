import { describe, expect, it } from "vitest";
import {
  AddressError,
  MAX_COLUMNS,
  MAX_ROWS,
  columnIndexToLetter,
  columnLetterToIndex,
  formatRangeAddress,
  parseRangeAddress,
} from "../../src/sheet/a1";

describe("column letters", () => {
  it.each([
    ["A", 0],
    ["Z", 25],
    ["AA", 26],
    ["AZ", 51],
    ["ZZ", 701],
    ["AAA", 702],
    ["XFD", MAX_COLUMNS - 1],
  ])("%s is column %i, and back", (letters, index) => {
    expect(columnLetterToIndex(letters)).toBe(index);
    expect(columnIndexToLetter(index)).toBe(letters);
  });

  it("accepts lower case", () => {
    expect(columnLetterToIndex("ab")).toBe(27);
  });

  it("rejects columns beyond XFD and things that are not letters", () => {
    expect(() => columnLetterToIndex("XFE")).toThrow(AddressError);
    expect(() => columnLetterToIndex("A1")).toThrow(/A to XFD/);
    expect(() => columnIndexToLetter(MAX_COLUMNS)).toThrow(AddressError);
    expect(() => columnIndexToLetter(-1)).toThrow(AddressError);
  });
});

describe("parseRangeAddress", () => {
  it("reads a sheet and a range as 0-based inclusive corners", () => {
    expect(parseRangeAddress("Data!A1:C10")).toEqual({
      sheet: "Data",
      start: { row: 0, col: 0 },
      end: { row: 9, col: 2 },
    });
  });

  it("reads quoted sheet names, including doubled quotes", () => {
    expect(parseRangeAddress("'My Sheet'!B2:D4")).toMatchObject({
      sheet: "My Sheet",
      start: { row: 1, col: 1 },
      end: { row: 3, col: 3 },
    });
    expect(parseRangeAddress("'Bob''s data'!A1").sheet).toBe("Bob's data");
  });

  it("ignores $ signs and reads a single cell as a one-cell range", () => {
    expect(parseRangeAddress("Sheet1!$B$2")).toEqual({
      sheet: "Sheet1",
      start: { row: 1, col: 1 },
      end: { row: 1, col: 1 },
    });
    expect(parseRangeAddress("$A1:B$3").end).toEqual({ row: 2, col: 1 });
  });

  it("leaves the sheet undefined when none is named", () => {
    const range = parseRangeAddress("B2:C3");
    expect(range.sheet).toBeUndefined();
    expect(range.start).toEqual({ row: 1, col: 1 });
  });

  it("marks whole columns and whole rows so a host can clip them", () => {
    expect(parseRangeAddress("Data!A:C")).toEqual({
      sheet: "Data",
      start: { row: 0, col: 0 },
      end: { row: MAX_ROWS - 1, col: 2 },
      wholeColumns: true,
    });
    expect(parseRangeAddress("Data!2:5")).toEqual({
      sheet: "Data",
      start: { row: 1, col: 0 },
      end: { row: 4, col: MAX_COLUMNS - 1 },
      wholeRows: true,
    });
  });

  it("normalises reversed corners", () => {
    expect(parseRangeAddress("Data!C10:A1")).toMatchObject({
      start: { row: 0, col: 0 },
      end: { row: 9, col: 2 },
    });
    expect(parseRangeAddress("B1:A3")).toMatchObject({ start: { row: 0, col: 0 }, end: { row: 2, col: 1 } });
  });

  it("tolerates surrounding spaces and lower-case letters", () => {
    expect(parseRangeAddress("  data!a1:c2 ")).toMatchObject({ sheet: "data", end: { row: 1, col: 2 } });
  });

  it("says what is wrong and shows a valid address", () => {
    expect(() => parseRangeAddress("Data!A1:")).toThrow(
      `Range "Data!A1:" is not a valid A1 address: the end after ':' is missing (example: 'Data'!A1:C10).`,
    );
  });

  it.each([
    ["", /it is empty/],
    ["Data!", /cell address is missing/],
    ["!A1", /sheet name before '!' is empty/],
    ["'Data!A1", /quote around the sheet name is not closed/],
    ["'Data'A1", /followed by '!'/],
    ["Data!A0", /rows start at 1/],
    ["Data!A1048577", /beyond the last row/],
    ["Data!XFE1", /beyond the last column, XFD/],
    ["Data!A1:B", /both ends/],
    ["Data!A", /whole column is written A:A/],
    ["Data!A1:B2:C3", /more than one ':'/],
    ["Sales", /"Sales" is not a cell, column or row/],
    ["Data!R1C1", /is not a cell/],
  ])("rejects %j", (address, reason) => {
    let error: unknown;
    try {
      parseRangeAddress(address);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AddressError);
    expect((error as Error).name).toBe("AddressError");
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/\(example: '.*'!A1:C10\)\.$/);
  });

  it("uses the user's sheet name in the example", () => {
    expect(() => parseRangeAddress("My Sheet!A1:")).toThrow("(example: 'My Sheet'!A1:C10)");
  });
});

describe("formatRangeAddress", () => {
  it.each([
    "Data!A1:C10",
    "'My Sheet'!B2:D4",
    "'Bob''s'!A1",
    "Data!A:C",
    "Data!2:5",
    "B2",
    "'2024'!A1:B2",
    "'A1'!C3",
    "Sheet_1.x!AA10:XFD1048576",
  ])("writes %s back the same way", (address) => {
    expect(formatRangeAddress(parseRangeAddress(address))).toBe(address);
  });

  it("gives the canonical form: no $, corners in order, quotes only where needed", () => {
    expect(formatRangeAddress(parseRangeAddress("'Data'!$C$10:$A$1"))).toBe("Data!A1:C10");
  });

  it("quotes sheet names that contain spaces or punctuation", () => {
    const range = { start: { row: 0, col: 0 }, end: { row: 1, col: 1 } };
    expect(formatRangeAddress({ ...range, sheet: "Q1 Sales" })).toBe("'Q1 Sales'!A1:B2");
    expect(formatRangeAddress({ ...range, sheet: "Q1-Sales" })).toBe("'Q1-Sales'!A1:B2");
    expect(formatRangeAddress({ ...range, sheet: "It's" })).toBe("'It''s'!A1:B2");
  });
});
