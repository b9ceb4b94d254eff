import { beforeAll, describe, expect, it } from "vitest";
import { auditFormulas, auditSheet, type FormulaAudit } from "../../src/analysis/formula-audit";
import { severityAtLeast } from "../../src/analysis/finding";
import { cleanSalesSheet, plantedSalesSheet, type PlantedFormulaProblem } from "./fixtures/formula-sheets";
import { reopen } from "./fixtures/workbook-tools";

describe("formula audit of a sheet with one planted issue of each kind", () => {
  let audit: FormulaAudit;
  let planted: PlantedFormulaProblem[];

  beforeAll(async () => {
    const fixture = plantedSalesSheet();
    planted = fixture.planted;
    audit = await auditSheet(await reopen(fixture.workbook), "Sales");
  });

  const at = (address: string, kind: string) =>
    audit.findings.find((f) => f.address === address && f.kind === kind);

  it("plants every kind of issue", () => {
    expect(new Set(planted.map((p) => p.kind))).toEqual(
      new Set([
        "error-value",
        "inconsistent-formula",
        "hard-coded-constant",
        "short-range",
        "blank-reference",
        "volatile-function",
      ]),
    );
  });

  it("reports every planted issue at its cell, and no other", () => {
    const found = audit.findings.map((f) => `${f.kind} ${f.address}`).sort();
    expect(found).toEqual(planted.map((p) => `${p.kind} ${p.address}`).sort());
  });

  it("names the likely cause of each error value", () => {
    expect(at("Sales!J2", "error-value")?.reason).toContain("divides by Sales!K2, which is 0");
    expect(at("Sales!J3", "error-value")?.reason).toContain("VLOOKUP");
    expect(at("Sales!J3", "error-value")?.fix).toContain(
      '=IFNA(VLOOKUP("Sprocket",A2:C13,3,FALSE), "not found")',
    );
    expect(at("Sales!J5", "error-value")).toMatchObject({ formula: null, severity: "error" });
    expect(at("Sales!J5", "error-value")?.reason).toContain("typed or pasted");
    expect(at("Sales!J6", "error-value")?.reason).toContain("comes from Sales!J2");
  });

  it("compares neighbours in R1C1 and points at the formula to copy", () => {
    const finding = at("Sales!D7", "inconsistent-formula");
    expect(finding).toMatchObject({ formula: "=B7*C6", r1c1: "=RC[-2]*R[-1]C[-1]", severity: "warning" });
    expect(finding?.reason).toContain("=RC[-2]*RC[-1]");
    expect(finding?.fix).toContain("Sales!D6");
  });

  it("says where a short range should end", () => {
    const finding = at("Sales!D14", "short-range");
    expect(finding?.reason).toContain("D12:D13 (2 rows)");
    expect(finding?.fix).toContain("Extend D2:D11 to D2:D13");
  });

  it("reports constants, blank inputs and volatile functions with their details", () => {
    expect(at("Sales!E14", "hard-coded-constant")?.reason).toContain("1.05");
    expect(at("Sales!D9", "blank-reference")?.reason).toContain("Sales!C9");
    expect(at("Sales!L2", "volatile-function")).toMatchObject({ severity: "info" });
    expect(at("Sales!L3", "volatile-function")).toMatchObject({ severity: "warning" });
    expect(at("Sales!L3", "volatile-function")?.fix).toContain("INDEX");
  });

  it("counts the formulas it read", () => {
    expect(audit.formulaCount).toBe(12 * 2 + 3 + 5);
  });
});

describe("formula audit of the clean sheet", () => {
  it("finds nothing", async () => {
    const audit = await auditSheet(await reopen(cleanSalesSheet()), "Sales");
    expect(audit.formulaCount).toBe(27);
    expect(audit.findings).toEqual([]);
  });
});

describe("formula audit details", () => {
  const sheet = (formulas: (string | null)[][], values: (number | string | null)[][]) =>
    auditFormulas({ sheet: "S", origin: { row: 0, col: 0 }, values, formulas });

  it("reports a constant copied down a column once, for the whole run", () => {
    const values = [
      [1, 1.2],
      [2, 2.4],
      [3, 3.6],
    ];
    const formulas = [
      [null, "=A1*1.2"],
      [null, "=A2*1.2"],
      [null, "=A3*1.2"],
    ];
    expect(sheet(formulas, values).findings).toEqual([
      expect.objectContaining({ kind: "hard-coded-constant", address: "S!B1:B3", r1c1: "=RC[-1]*1.2" }),
    ]);
  });

  it("leaves 0, 1, exponents and function arguments alone", () => {
    const values = [[2, 5]];
    const formulas = [[null, "=ROUND(A1^2+1-0,2)*1"]];
    expect(sheet(formulas, values).findings).toEqual([]);
  });

  it("does not call the first row of a running total inconsistent", () => {
    const values = [
      [5, 5],
      [3, 8],
      [2, 10],
      [4, 14],
    ];
    const formulas = [
      [null, "=A1"],
      [null, "=B1+A2"],
      [null, "=B2+A3"],
      [null, "=B3+A4"],
    ];
    expect(sheet(formulas, values).findings).toEqual([]);
  });

  it("accepts a blank input the formula tests for", () => {
    const values = [[null, ""]];
    const formulas = [[null, '=IF(A1="","",A1*2)']];
    expect(sheet(formulas, values).findings.filter((f) => f.kind === "blank-reference")).toEqual([]);
  });

  it("does not judge cells outside a partial read", () => {
    const audit = auditFormulas({
      sheet: "S",
      origin: { row: 0, col: 0 },
      values: [[0]],
      formulas: [["=Z99*2"]],
      outsideIsBlank: false,
    });
    expect(audit.findings.filter((f) => f.kind === "blank-reference")).toEqual([]);
  });

  it("gives errors the worst severity", () => {
    const audit = sheet([["=1/0"]], [["#DIV/0!"]]);
    expect(audit.findings.every((f) => severityAtLeast(f.severity, "error"))).toBe(true);
  });
});
