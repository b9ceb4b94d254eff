import { describe, expect, it } from "vitest";
import {
  addReportSheet,
  findReportTarget,
  readReportTable,
  writeReport,
} from "../../src/host/excel/report-writer";
import { buildReport } from "../../src/report/report-model";
import { reportLayout, REPORT_SECTIONS } from "../../src/report/report-layout";
import { blockAddress } from "../../src/report/sheet-layout";
import { FakeWorkbook } from "../support/excel-object-model";

const TODAY = new Date("2025-06-30T12:00:00Z");
const JAN_1_2024 = 45292; // Excel's serial number for 2024-01-01

/** Twelve sales over three months on "Sales" (dates as Excel gives them: serials with a date format). */
function salesBook(): FakeWorkbook {
  const regions = ["East", "West", "North", "East"];
  const rows: (string | number)[][] = [["Region", "Date", "Revenue", "Units"]];
  for (let i = 0; i < 12; i++) rows.push([regions[i % 4]!, JAN_1_2024 + i * 8, 1000 + i * 125, 3 + (i % 5)]);
  const book = new FakeWorkbook().addSheet("Sales", rows).addSheet("Notes", [["keep me"]]);
  for (let r = 1; r <= 12; r++) book.setNumberFormat("Sales", r, 1, "yyyy-mm-dd");
  return book.select("Sales!B3");
}

function columnA(book: FakeWorkbook, sheet: string): string[] {
  return (book.sheets.get(sheet) ?? []).map((row) => String(row[0] ?? ""));
}

async function reportInto(book: FakeWorkbook) {
  const target = await findReportTarget(book.run);
  const sheet = await addReportSheet(book.run, target.name, "2025-06-30");
  const table = await readReportTable(book.run, target.address);
  const report = await buildReport(table, target.address, { tableName: target.name, today: TODAY });
  return { target, sheet, report, result: await writeReport(book.run, report, sheet) };
}

describe("the report through Excel's object model", () => {
  it("writes a new sheet with every section and native charts, and leaves the source sheet untouched", async () => {
    const book = salesBook();
    const source = structuredClone(book.sheets.get("Sales"));
    const { target, sheet, report, result } = await reportInto(book);

    expect(target).toEqual({ address: "Sales!A1:D13", name: "Sales" });
    expect(sheet).toBe("Report Sales 2025-06-30");
    expect(result).toEqual({ sheet, charts: report.charts.length });
    expect([...book.sheets.keys()]).toEqual(["Sales", "Notes", sheet]);
    expect(book.sheets.get("Sales")).toEqual(source);
    expect(book.formats.filter((f) => f.sheet === "Sales")).toEqual([]);
    expect(book.activeSheet).toBe(sheet);

    const cells = columnA(book, sheet);
    expect(cells[0]).toBe("Data report: Sales");
    for (const section of REPORT_SECTIONS) expect(cells).toContain(section);
    expect(cells).toContain("Revenue"); // its profile row
    expect(cells.some((text) => text.includes("12 data rows and 4 columns"))).toBe(true);

    // Charts: one native chart per spec, over the data the report wrote beside it.
    const placements = reportLayout(report).charts;
    expect(book.charts).toEqual(
      placements.map((placement) => ({
        sheet,
        type: placement.spec.kind === "trend" ? "Line" : "ColumnClustered",
        source: `'${sheet}'!${blockAddress(placement.data)}`,
        seriesBy: "Columns",
        title: placement.spec.title,
        position: [expect.stringMatching(/^D\d+$/), expect.stringMatching(/^K\d+$/)],
        legendVisible: false,
      })),
    );
    expect(book.charts.map((c) => c.title)).toEqual([
      "Distribution of Revenue",
      "Distribution of Units",
      "Most common Region",
      "Total Revenue by month", // the serials read as dates through their number format
    ]);
    const trend = placements.at(-1)!;
    const data = book.sheets.get(sheet)!.slice(trend.data.row, trend.data.row + trend.data.rows);
    expect(data.map((row) => row.slice(0, 2))).toEqual([
      ["Month", "Total Revenue"],
      ["2024-01", 4750],
      ["2024-02", 6750],
      ["2024-03", 8750],
    ]);
  });

  it("formats sections and headers, and writes text as text so labels like 2024-01 stay labels", async () => {
    const book = salesBook();
    const { sheet } = await reportInto(book);
    const formats = book.formats.filter((f) => f.sheet === sheet);
    expect(formats).toContainEqual({ sheet, address: "A1", property: "font.size", value: 14 });
    expect(formats).toContainEqual(expect.objectContaining({ property: "fill.color", value: "#DDEBF7" }));
    expect(formats).toContainEqual(expect.objectContaining({ address: "J:J", property: "columnWidth" }));
    const row = columnA(book, sheet).indexOf("2024-01");
    expect(book.numberFormatAt(sheet, row, 0)).toBe("@");
    expect(book.numberFormatAt(sheet, row, 1)).toBe("General");
  });

  it("reports on the Excel table around the selection, named after it", async () => {
    const book = salesBook()
      .addTable({ name: "SalesTable", sheet: "Sales", address: "A1:D13" })
      .select("Sales!C5");
    expect(await findReportTarget(book.run)).toEqual({ address: "Sales!A1:D13", name: "SalesTable" });
  });

  it("takes a selected block clipped to the data, and the used range when the selection is in an empty area", async () => {
    expect(await findReportTarget(salesBook().select("Sales!A1:C6").run)).toEqual({
      address: "Sales!A1:C6",
      name: "Sales",
    });
    expect(await findReportTarget(salesBook().select("Sales!B:C").run)).toEqual({
      address: "Sales!B1:C13",
      name: "Sales",
    });
    expect(await findReportTarget(salesBook().select("Sales!H30").run)).toEqual({
      address: "Sales!A1:D13",
      name: "Sales",
    });
  });

  it("adds a numbered sheet when today's report sheet already exists", async () => {
    const book = salesBook().addSheet("Report Sales 2025-06-30", [["older report"]]);
    expect(await addReportSheet(book.run, "Sales", "2025-06-30")).toBe("Report Sales 2025-06-30 (2)");
    expect(book.sheets.get("Report Sales 2025-06-30")).toEqual([["older report"]]);
  });

  it("the fake refuses a duplicate sheet name when the batch syncs, as Excel does", async () => {
    const book = salesBook();
    await expect(
      book.run(async (context) => {
        context.workbook.worksheets.add("sales");
        await context.sync();
      }),
    ).rejects.toThrow(/already exists/);
  });
});
