import { describe, expect, it } from "vitest";
import { parseReference } from "../../src/formula/formula-references";
import { readFormula } from "../../src/formula/formula-tokens";
import { parseRangeAddress } from "../../src/sheet/a1";

/** The A1 view of a reference: what the formula audit, R1C1 and fill-down read. */
describe("formula references", () => {
  it("keeps anchors, sheet and kind", () => {
    expect(parseReference("'Q1 ''24'!$B$2:C10").a1).toEqual({
      prefix: "'Q1 ''24'!",
      sheet: "Q1 '24",
      external: false,
      kind: "range",
      start: { row: 1, col: 1, rowAbsolute: true, colAbsolute: true },
      end: { row: 9, col: 2, rowAbsolute: false, colAbsolute: false },
    });
    expect(parseReference("[1]Prices!A1").a1).toMatchObject({
      sheet: "Prices",
      external: true,
      kind: "cell",
    });
    expect(parseReference("2:5").a1).toMatchObject({ kind: "rows", start: { row: 1, col: null } });
  });

  it("is null for names", () => {
    expect(parseReference("Sales").a1).toBeNull();
    expect(parseReference("TaxRate2024").a1).toBeNull();
  });
});

describe("one parser for the formula pipeline and the audit", () => {
  it("gives cells both their anchors and their plain range", () => {
    const { target, a1 } = parseReference("Data!$A:C");
    expect(target).toEqual({
      kind: "cells",
      sheets: ["Data"],
      range: parseRangeAddress("A:C"),
    });
    expect(a1).toMatchObject({
      prefix: "Data!",
      sheet: "Data",
      kind: "columns",
      start: { colAbsolute: true },
    });
  });

  it("keeps the implicit-intersection @ in the written prefix", () => {
    expect(parseReference("@B2").a1).toMatchObject({ prefix: "@", kind: "cell", start: { row: 1, col: 1 } });
  });

  it("reads the cells of a link to another workbook, which stays external", () => {
    const { target, a1 } = parseReference("'[Book.xlsx]My Sheet'!B2");
    expect(target).toEqual({ kind: "external", workbook: "[Book.xlsx]" });
    expect(a1).toMatchObject({ prefix: "'[Book.xlsx]My Sheet'!", sheet: "My Sheet", external: true });
  });

  it("has no A1 cells for the end of a range begun by an expression, or for tables", () => {
    expect(parseReference(":A5").a1).toBeNull();
    expect(parseReference("Table1[Amount]").a1).toBeNull();
  });
});

describe("readFormula for the audit", () => {
  it("names the function each reference is an argument of, looking through brackets", () => {
    const read = readFormula("=SUM((A1+B1))*ROUND(C1,{1,2})");
    expect(read.references.map((use) => [use.text, use.within])).toEqual([
      ["A1", "SUM"],
      ["B1", "SUM"],
      ["C1", "ROUND"],
    ]);
    expect(read.calls.map((call) => call.name)).toEqual(["SUM", "ROUND"]);
    expect(read.problems).toEqual([]);
  });

  it("keeps a structured reference whole", () => {
    expect(readFormula("=SUM(Table1[[#This Row],[Revenue]])").references).toHaveLength(1);
  });
});
