import { describe, expect, it } from "vitest";
import type { CellGrid } from "../../src/sheet/cells";
import { encodeTable, formatCellText } from "../../src/sheet/table-text";

const SALES: CellGrid = [
  ["Region", "Month", "Revenue"],
  ["East", "2024-01", 1200],
  ["West", "2024-01", 1850],
];

function salesRows(count: number): CellGrid {
  const rows: CellGrid = [["Region", "Revenue"]];
  for (let i = 0; i < count; i++) rows.push([`R${i + 1}`, i * 10]);
  return rows;
}

describe("encodeTable", () => {
  it("writes column letters, row numbers and the header row as pipe-separated lines", () => {
    const table = encodeTable(SALES, { firstRowIsHeader: true });
    expect(table.text).toBe(
      [
        "row | A | B | C",
        "1 | Region | Month | Revenue",
        "2 | East | 2024-01 | 1200",
        "3 | West | 2024-01 | 1850",
      ].join("\n"),
    );
    expect(table).toMatchObject({ rowsIncluded: 2, rowsTotal: 2, columns: 3, truncated: false, note: "" });
  });

  it("numbers rows and letters columns from where the range sits on the sheet", () => {
    const table = encodeTable(SALES, { firstRowIsHeader: true, origin: { row: 4, col: 25 } });
    expect(table.text.split("\n")[0]).toBe("row | Z | AA | AB");
    expect(table.text.split("\n")[1]).toBe("5 | Region | Month | Revenue");
    expect(table.text.split("\n")[3]).toMatch(/^7 \| West/);
  });

  it("counts every row as data when there is no header row", () => {
    const table = encodeTable(SALES);
    expect(table.rowsTotal).toBe(3);
    expect(table.rowsIncluded).toBe(3);
  });

  it("renders values the way a person reads them", () => {
    const grid: CellGrid = [
      ["Date", "Sum", "Paid", "Blank", "Note"],
      [new Date(Date.UTC(2024, 2, 5)), 0.1 + 0.2, true, null, "a|b\nsecond line"],
      [new Date(Date.UTC(2024, 2, 5, 14, 30)), 1 / 3, false, "", "#N/A"],
    ];
    const lines = encodeTable(grid, { firstRowIsHeader: true }).text.split("\n");
    expect(lines[2]).toBe("2 | 2024-03-05 | 0.3 | TRUE |  | a\\|b\\nsecond line");
    expect(lines[3]).toBe("3 | 2024-03-05 14:30 | 0.333333333333333 | FALSE |  | #N/A");
  });

  it("trims trailing empty rows and columns, but keeps inner blanks", () => {
    const grid: CellGrid = [
      ["Name", null, "Score", null, ""],
      ["Ann", null, 3, null, null],
      [null, null, null, null, null],
      ["", null, null],
    ];
    const table = encodeTable(grid, { firstRowIsHeader: true });
    expect(table.columns).toBe(3);
    expect(table.rowsTotal).toBe(1);
    expect(table.text).toBe("row | A | B | C\n1 | Name |  | Score\n2 | Ann |  | 3");
  });

  it("pads short rows so every line has the same columns", () => {
    const table = encodeTable([["a", "b", "c"], ["d"]]);
    expect(table.text.split("\n")[2]).toBe("2 | d |  | ");
  });

  it("says so when the range is empty", () => {
    expect(encodeTable([[null, ""], []])).toMatchObject({
      text: "",
      rowsTotal: 0,
      columns: 0,
      note: "The range is empty.",
    });
    expect(encodeTable([]).note).toBe("The range is empty.");
  });

  it("shows at most 50 data rows by default and tells the model the rest were left out", () => {
    const table = encodeTable(salesRows(1200), { firstRowIsHeader: true });
    expect(table.rowsIncluded).toBe(50);
    expect(table.rowsTotal).toBe(1200);
    expect(table.truncated).toBe(true);
    expect(table.note).toBe("Showing 50 of 1,200 data rows; the rest were left out.");
    const lines = table.text.split("\n");
    expect(lines).toHaveLength(52);
    expect(lines.at(-1)).toBe("51 | R50 | 490");
  });

  it("honours maxRows, and says 'rows' when there is no header", () => {
    const table = encodeTable(salesRows(10), { maxRows: 3 });
    expect(table.rowsIncluded).toBe(3);
    expect(table.note).toBe("Showing 3 of 11 rows; the rest were left out.");
  });

  it("stops adding rows before the text passes maxChars", () => {
    const table = encodeTable(salesRows(500), { firstRowIsHeader: true, maxRows: 1000, maxChars: 300 });
    expect(table.text.length).toBeLessThanOrEqual(300);
    expect(table.rowsIncluded).toBeGreaterThan(5);
    expect(table.rowsIncluded).toBeLessThan(500);
    expect(table.note).toBe(`Showing ${table.rowsIncluded} of 500 data rows; the rest were left out.`);
  });

  it("stays within the default budget of 6000 characters", () => {
    const grid: CellGrid = [["Text"], ...Array.from({ length: 49 }, () => ["x".repeat(190)])];
    const table = encodeTable(grid, { firstRowIsHeader: true });
    expect(table.text.length).toBeLessThanOrEqual(6000);
    expect(table.rowsIncluded).toBeLessThan(49);
    expect(table.note).toMatch(/^Showing \d+ of 49 data rows; the rest were left out\.$/);
  });

  it("cuts long cells with an ellipsis and mentions it", () => {
    const table = encodeTable([["Comment"], ["abcdefghijklmnop"]], {
      firstRowIsHeader: true,
      maxCellChars: 8,
    });
    expect(table.text.split("\n")[2]).toBe("2 | abcdefg…");
    expect(table.truncated).toBe(true);
    expect(table.note).toBe('1 long cell was cut to 8 characters (marked "…").');
  });

  it("never splits an emoji when cutting", () => {
    const table = encodeTable([["😀😀😀😀"]], { maxCellChars: 3 });
    expect(table.text.split("\n")[1]).toBe("1 | 😀😀…");
  });

  it("leaves out columns of a very wide sheet and says which were kept", () => {
    const header = Array.from({ length: 40 }, (_, i) => `Column number ${i + 1}`);
    const table = encodeTable([header, header.map((_, i) => i)], { firstRowIsHeader: true, maxChars: 400 });
    expect(table.columns).toBeLessThan(40);
    expect(table.columns).toBeGreaterThan(0);
    expect(table.text.length).toBeLessThanOrEqual(400);
    expect(table.note).toMatch(/^Showing columns A–[A-Z]+ of A–AN; the other columns were left out\.$/);
  });
});

describe("formatCellText", () => {
  it("shows a time-only value without Excel's day-zero date", () => {
    expect(formatCellText(new Date(Date.UTC(1899, 11, 30, 9, 5, 7)))).toBe("09:05:07");
  });

  it("prints large and negative-zero numbers plainly", () => {
    expect(formatCellText(1234567.891)).toBe("1234567.891");
    expect(formatCellText(-0)).toBe("0");
  });
});
