import { beforeAll, describe, expect, it } from "vitest";
import { findDataIssues, type DataReport } from "../../src/analysis/data-findings";
import { severityAtLeast } from "../../src/analysis/finding";
import { readTable, type AnalysisTable } from "../../src/analysis/table";
import { cleanOrders, plantedOrders, TODAY, type PlantedProblem } from "./fixtures/order-tables";
import { reopen } from "./fixtures/workbook-tools";

describe("data findings on a table with one planted problem of each kind", () => {
  let report: DataReport;
  let planted: PlantedProblem[];

  beforeAll(async () => {
    const fixture = plantedOrders();
    planted = fixture.planted;
    const table = await readTable(await reopen(fixture.workbook), "Orders!A1:H21");
    report = findDataIssues(table, { today: TODAY });
  });

  it("plants every kind of problem (so the test below covers them all)", () => {
    expect(new Set(planted.map((p) => p.kind))).toEqual(
      new Set([
        "type-mismatch",
        "number-as-text",
        "date-as-text",
        "blank",
        "duplicate-key",
        "outlier",
        "category-variant",
        "pattern-break",
        "implausible-date",
      ]),
    );
  });

  it("reports every planted problem at its cell, as a warning or worse", () => {
    for (const problem of planted) {
      const found = report.findings.find((f) => f.kind === problem.kind && f.address === problem.address);
      expect(found, `${problem.kind} at ${problem.address} (${problem.what})`).toBeDefined();
      expect(severityAtLeast(found?.severity ?? "info", "warning")).toBe(true);
      expect(found?.reason).toBeTruthy();
      expect(found?.fix).toBeTruthy();
    }
  });

  it("reports nothing of a planted kind at the other cells of that column", () => {
    for (const problem of planted) {
      const column = problem.address.replace(/\d+$/, "");
      const sameKindInColumn = report.findings
        .filter((f) => f.kind === problem.kind && f.address.replace(/\d+$/, "") === column)
        .map((f) => f.address);
      const expected = planted
        .filter((p) => p.kind === problem.kind && p.address.replace(/\d+$/, "") === column)
        .map((p) => p.address);
      expect(sameKindInColumn.sort()).toEqual(expected.sort());
    }
  });

  it("raises no warning that was not planted", () => {
    const plantedCells = new Set(planted.map((p) => `${p.kind} ${p.address}`));
    const unplanted = report.findings
      .filter((f) => severityAtLeast(f.severity, "warning"))
      .filter((f) => !plantedCells.has(`${f.kind} ${f.address}`));
    expect(unplanted).toEqual([]);
  });

  it("explains each kind with the facts behind it", () => {
    const at = (address: string) => report.findings.find((f) => f.address === address);
    expect(at("Orders!A9")).toMatchObject({ severity: "error", header: "Invoice ID", value: "INV-0004" });
    expect(at("Orders!A9")?.reason).toContain("Orders!A5");
    expect(at("Orders!G16")).toMatchObject({ method: "MAD+IQR", value: 250_000 });
    expect(at("Orders!G16")?.reason).toMatch(/robust z-score .* IQR fence/);
    expect(at("Orders!C10")).toMatchObject({ mergeInto: "North" });
    expect(at("Orders!D12")).toMatchObject({ mergeInto: "California" });
    expect(at("Orders!C6")?.reason).toContain("extra spaces");
    expect(at("Orders!A13")?.reason).toContain("AAA-9999");
    expect(at("Orders!B15")?.reason).toContain("2025-06-30");
  });

  it("profiles the table alongside the findings", () => {
    expect(report.profiles.map((p) => p.header)).toContain("Amount");
    expect(report.omitted).toEqual([]);
  });
});

describe("data findings on a clean, realistic table", () => {
  it("raise nothing of severity warning or higher", async () => {
    const workbook = await reopen(cleanOrders());
    const used = (await workbook.usedRange("Sales")) ?? "";
    expect(used).toBe("Sales!B2:L42");
    const report = findDataIssues(await readTable(workbook, used), { today: TODAY });
    expect(report.findings.filter((f) => severityAtLeast(f.severity, "warning"))).toEqual([]);
  });
});

describe("data findings at scale", () => {
  const table = (rows: number, amount: (i: number) => number | null): AnalysisTable => ({
    sheet: "Big",
    origin: { row: 0, col: 0 },
    grid: [["Line", "Amount"], ...Array.from({ length: rows }, (_, i) => [`Line ${i + 1}`, amount(i)])],
    hasHeader: true,
  });

  it("caps the findings per column and kind and counts the rest", () => {
    const report = findDataIssues(
      table(2_000, (i) => (i % 40 === 0 ? null : i % 97)),
      {
        today: TODAY,
        maxPerColumnKind: 10,
      },
    );
    expect(report.findings.filter((f) => f.kind === "blank")).toHaveLength(10);
    expect(report.omitted).toEqual([{ header: "Amount", address: "Big!B2:B2001", kind: "blank", count: 40 }]);
  });

  it("leaves fully blank rows alone: they separate blocks rather than miss values", () => {
    const grid = table(30, (i) => 100 + i).grid;
    grid[13] = [null, null];
    const report = findDataIssues({ ...table(0, () => 0), grid }, { today: TODAY });
    expect(report.findings).toEqual([]);
  });
});
