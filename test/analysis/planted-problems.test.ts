import { describe, expect, it } from "vitest";
import { severityAtLeast } from "../../src/analysis/finding";
import { cellAddress, checkLikeTheCli, plantProblems } from "../support/planted-problems";
import { cleanTable } from "../support/planted-tables";

/** Issue #19's misses, through what `excel-slm validate` runs. */
describe("data checks on the misses reported in issue #19", () => {
  it("flags the sentinel date 1900-01-01 in a date column", async () => {
    const table = cleanTable("orders", 7, 200);
    const dates = table.columns.findIndex((column) => column.header === "Order Date");
    table.columns[dates]!.values[40] = new Date(Date.UTC(1900, 0, 1));
    const findings = await checkLikeTheCli(table);
    const found = findings.find((f) => f.address === cellAddress(table, 40, dates));
    expect(found).toMatchObject({ kind: "implausible-date", severity: "warning" });
    expect(found?.reason).toContain("placeholder");
  });

  it("flags #N/A in a number column as an error value", async () => {
    const table = cleanTable("orders", 7, 200);
    const amounts = table.columns.findIndex((column) => column.header === "Amount");
    table.columns[amounts]!.values[17] = { error: "#N/A" };
    const findings = await checkLikeTheCli(table);
    expect(findings.find((f) => f.address === cellAddress(table, 17, amounts))).toMatchObject({
      kind: "error-value",
      severity: "error",
      value: "#N/A",
    });
  });

  it("does not flag valid addresses u0@… – u9@… next to u10@… and later", async () => {
    const table = cleanTable("employees", 3, 150);
    const findings = await checkLikeTheCli(table);
    expect(findings.filter((f) => f.header === "Login")).toEqual([]);
  });

  it("still flags a broken address among them", async () => {
    const table = cleanTable("employees", 3, 150);
    const login = table.columns.findIndex((column) => column.header === "Login");
    table.columns[login]!.values[5] = "u5 at corp.example";
    const findings = await checkLikeTheCli(table);
    expect(findings.filter((f) => f.header === "Login").map((f) => [f.kind, f.address])).toEqual([
      ["pattern-break", cellAddress(table, 5, login)],
    ]);
  });
});

describe("data checks on generated tables", () => {
  const templates = ["orders", "usCustomers", "ukContacts", "inventory", "employees"] as const;

  it.each(templates)("raise no warning on a clean %s table", async (template) => {
    const findings = await checkLikeTheCli(cleanTable(template, 11, 150));
    expect(findings.filter((f) => severityAtLeast(f.severity, "warning"))).toEqual([]);
  });

  it.each(templates)("find the problems planted in a %s table", async (template) => {
    const table = plantProblems(cleanTable(template, 11, 150), 11, 1);
    const findings = await checkLikeTheCli(table);
    const flagged = new Set(
      findings.filter((f) => severityAtLeast(f.severity, "warning")).map((f) => `${f.kind} ${f.address}`),
    );
    const missed = table.planted.filter(
      (p) => !flagged.has(`${p.kind} ${p.address}`) && p.what !== "synonym",
    );
    expect(table.planted.length).toBeGreaterThan(5);
    expect(missed).toEqual([]);
  });
});
