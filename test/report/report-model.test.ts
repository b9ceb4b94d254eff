import { beforeAll, describe, expect, it } from "vitest";
import { findDataIssues } from "../../src/analysis/data-findings";
import { readTable, tableFromRange } from "../../src/analysis/table";
import { checkNumbers } from "../../src/report/number-check";
import { buildReport, buildReportFromHost, NothingToReportError } from "../../src/report/report-model";
import type { Report } from "../../src/report/report-types";
import { newSheetName } from "../../src/report/sheet-name";
import { plantedOrders, TODAY } from "../analysis/fixtures/order-tables";
import { reopen } from "../analysis/fixtures/workbook-tools";

describe("the report model on twenty orders with one planted problem of each kind", () => {
  let report: Report;

  beforeAll(async () => {
    const host = await reopen(plantedOrders().workbook);
    report = await buildReportFromHost(host, { sheet: "Orders" }, { today: TODAY });
  });

  it("describes the used range: its size, a profile per column and exact finding counts", async () => {
    expect(report).toMatchObject({ tableName: "Orders", source: "Orders!A1:H21", rows: 20, columns: 8 });
    expect(report.generated).toMatch(/^2025-06-(29|30)$/); // local date of TODAY (midnight UTC)
    expect(report.profiles.map((p) => p.header)).toContain("Unit Price");
    const amount = report.profiles.find((p) => p.header === "Amount");
    expect(amount).toMatchObject({ type: "number", count: 20, min: 120, max: 250_000, median: 240 });
    const table = await readTable(await reopen(plantedOrders().workbook), "Orders!A1:H21");
    const all = findDataIssues(table, { today: TODAY, maxPerColumnKind: Infinity }).findings;
    expect(report.counts.total).toBe(all.length);
    expect(report.counts.bySeverity).toEqual({ error: 1, warning: all.length - 1, info: 0 });
    expect(report.topFindings[0]).toMatchObject({
      severity: "error",
      kind: "duplicate-key",
      address: "Orders!A9",
    });
  });

  it("charts the main measure (outliers apart), the categories, and the trend by month", () => {
    const byTitle = Object.fromEntries(report.charts.map((chart) => [chart.title, chart]));
    expect(report.charts.map((c) => c.kind)).toEqual([
      "histogram",
      "histogram",
      "top-categories",
      "top-categories",
      "trend",
    ]);
    const amount = byTitle["Distribution of Amount"]!;
    expect(amount.categories.at(-1)).toBe("above 330");
    expect(amount.values.at(-1)).toBe(1);
    expect(amount.values.reduce((a, b) => a + b, 0)).toBe(20);
    expect(byTitle["Most common Region"]).toMatchObject({
      categories: ["South", "West", "East", "North", "east", "West ", "Nort"],
    });
    expect(byTitle["Most common State"]?.values[0]).toBe(11);
    // The dates typed as 1024 and 2099 are findings, not the ends of the time axis.
    const trend = byTitle["Total Amount by month"]!;
    expect(trend.categories).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]);
    expect(trend.values.reduce((a, b) => a + b, 0)).toBeGreaterThan(250_000);
  });

  it("states its facts as sentences the facts-only summary passes the check with", () => {
    expect(report.facts[0]?.text).toBe('Orders!A1:H21 ("Orders") has 20 data rows and 8 columns.');
    expect(report.facts.map((f) => f.topic)).toContain("trend");
    const { narrative } = report;
    expect(narrative.source).toBe("facts-only");
    expect(narrative.summary).toContain("found 14 issues: 1 error, 13 warnings and 0 notes");
    expect(checkNumbers([narrative.summary, ...narrative.highlights], report.facts)).toEqual([]);
  });

  it("refuses a range with no data rows", async () => {
    const empty = tableFromRange("Data!A1:C1", [["Region", "Month", "Revenue"]]);
    await expect(buildReport(empty, "Data!A1:C1")).rejects.toThrow(NothingToReportError);
    await expect(buildReport(empty, "Data!A1:C1")).rejects.toThrow(/no data rows/);
  });
});

describe("report sheet names", () => {
  it("fit Excel's 31 characters by shortening the table's name, never the date", () => {
    const name = newSheetName("Report", "Quarterly revenue by region and product", "2025-06-30", []);
    expect(name).toBe("Report Quarterly rev 2025-06-30");
    expect(name.length).toBeLessThanOrEqual(31);
  });

  it("drop the characters Excel forbids and number repeats, ignoring case", () => {
    expect(newSheetName("Report", "Q1/Q2 [draft]", "2025-06-30", [])).toBe("Report Q1 Q2 draft 2025-06-30");
    const taken = ["report sales 2025-06-30", "Report Sales 2025-06-30 (2)"];
    expect(newSheetName("Report", "Sales", "2025-06-30", taken)).toBe("Report Sales 2025-06-30 (3)");
  });
});
