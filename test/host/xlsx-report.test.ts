import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../src/analysis/table";
import { chartPng, chartSvg } from "../../src/host/node/chart-images";
import { findingsLayout, runDataChecks } from "../../src/report/data-checks";
import { buildReportFromHost } from "../../src/report/report-model";
import { REPORT_SECTIONS } from "../../src/report/report-layout";
import type { ChartSpec, Report } from "../../src/report/report-types";
import { addReportSheet, writeLayout } from "../../src/host/xlsx/xlsx-report";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { plantedOrders, TODAY } from "../analysis/fixtures/order-tables";

/** Column A of a sheet, top to bottom, as text. */
function columnA(sheet: ExcelJS.Worksheet): string[] {
  const texts: string[] = [];
  sheet.eachRow((row) => texts.push(String(row.getCell(1).value ?? "")));
  return texts;
}

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  expect(view.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

async function saveAndReopen(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const reopened = new ExcelJS.Workbook();
  await reopened.xlsx.load(await workbook.xlsx.writeBuffer());
  return reopened;
}

describe("the report written with exceljs", () => {
  let workbook: ExcelJS.Workbook;
  let report: Report;

  beforeAll(async () => {
    workbook = plantedOrders().workbook;
    report = await buildReportFromHost(
      XlsxWorkbook.fromWorkbook(workbook),
      { sheet: "Orders" },
      { today: TODAY },
    );
  });

  it("adds a sheet with every section and one chart picture per chart, leaving the data sheet alone", async () => {
    const before = JSON.stringify(workbook.getWorksheet("Orders")!.getSheetValues());
    const written = await addReportSheet(workbook, report);
    expect(written).toEqual({ sheet: `Report Orders ${report.generated}`, images: report.charts.length });

    const reopened = await saveAndReopen(workbook);
    expect(reopened.worksheets.map((s) => s.name)).toEqual(["Orders", written.sheet]);
    expect(JSON.stringify(reopened.getWorksheet("Orders")!.getSheetValues())).toBe(before);
    const sheet = reopened.getWorksheet(written.sheet)!;
    const cells = columnA(sheet);
    for (const section of REPORT_SECTIONS) expect(cells).toContain(section);
    expect(cells).toContain("Data report: Orders");
    expect(cells).toContain("Orders!A9"); // the error finding, first in Key findings
    expect(cells).toContain("Distribution of Amount");
    expect(sheet.getCell("A1").font?.bold).toBe(true);

    const images = sheet.getImages();
    expect(images).toHaveLength(5);
    for (const image of images) {
      const media = reopened.getImage(Number(image.imageId));
      expect(media.extension).toBe("png");
      expect(pngSize(media.buffer as unknown as Uint8Array)).toEqual({ width: 640, height: 320 });
      expect(image.range.tl.col).toBe(3); // beside the chart's data in A:B
    }
  });
});

describe("chart pictures (echarts SVG, rasterised by resvg)", () => {
  const spec: ChartSpec = {
    kind: "trend",
    title: "Total Revenue by month",
    categoryTitle: "Month",
    valueTitle: "Total Revenue",
    categories: ["2024-01", "2024-02", "2024-03"],
    values: [3050, 3950, 5125],
  };

  it("draws the spec as an SVG line chart with its title and labels", () => {
    const svg = chartSvg(spec);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("Total Revenue by month");
    expect(svg).toContain("2024-02");
  });

  it("rasterises it to a PNG of the requested size", async () => {
    expect(pngSize(await chartPng({ ...spec, kind: "histogram" }, { width: 400, height: 200 }))).toEqual({
      width: 400,
      height: 200,
    });
  });

  it("draws the picture it says: a white page with the bars in Excel's blue, readable by any PNG decoder", async () => {
    const bars = { ...spec, kind: "top-categories" as const };
    const image = PNG.sync.read(Buffer.from(await chartPng(bars, { width: 400, height: 200 })));
    const pixel = (x: number, y: number) => [
      ...image.data.subarray((y * 400 + x) * 4, (y * 400 + x) * 4 + 4),
    ];
    expect(pixel(0, 0)).toEqual([255, 255, 255, 255]);
    let blue = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      if (image.data[i] === 0x44 && image.data[i + 1] === 0x72 && image.data[i + 2] === 0xc4) blue++;
    }
    // Three bars of a 400 × 200 chart cover thousands of pixels.
    expect(blue).toBeGreaterThan(2000);
  });
});

describe("the data-check findings sheet", () => {
  it("lists every finding under a header, with the counts on top", async () => {
    const workbook = plantedOrders().workbook;
    const table = await readTable(XlsxWorkbook.fromWorkbook(workbook), "Orders!A1:H21");
    const result = runDataChecks(table, "Orders!A1:H21", { today: TODAY });
    writeLayout(workbook, "Checks", findingsLayout(result, "2025-06-30"));
    const sheet = (await saveAndReopen(workbook)).getWorksheet("Checks")!;
    expect(sheet.getCell("A3").value).toBe(
      "14 issues in Orders!A1:H21 (20 rows): 1 error, 13 warnings and 0 notes.",
    );
    const cells = columnA(sheet);
    const header = cells.indexOf("Cell");
    expect(cells.slice(header + 1)).toHaveLength(14);
    expect(cells).toContain("Orders!G16");
  });
});
