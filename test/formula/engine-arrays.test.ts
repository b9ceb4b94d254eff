import { describe, expect, it } from "vitest";
import { evaluateFormula } from "../../src/formula/evaluate-formula";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { buildSalesWorkbook, SALES } from "./fixtures/sales-ledger";

/**
 * Array semantics of the headless engine (issue #19): operators and one-value functions run cell by
 * cell over ranges, results spill, and the dynamic-array functions plans and models write are computed.
 * Expectations come from the fixture's rows in plain TypeScript.
 */

const host = XlsxWorkbook.fromWorkbook(buildSalesWorkbook());
const run = (formula: string) => evaluateFormula(host, "Sales", formula, undefined, { allowEmpty: true });
const column = (values: readonly unknown[]) => values.map((v) => [v]);
const sortedRevenue = SALES.flatMap((r) => (r.revenue === null ? [] : [r.revenue])).sort((a, b) => b - a);

describe("regressions from issue #19", () => {
  it("a comparison over a range inside FILTER gives one TRUE/FALSE per row", async () => {
    // Excel compares text ignoring case, so the lower-case "east" row counts.
    const east = SALES.filter((r) => r.region?.toLowerCase() === "east").map((r) => r.product);
    expect(await run('=FILTER(Sales!B2:B21,Sales!$A$2:$A$21="East")')).toEqual({
      status: "ok",
      value: column(east),
    });
  });

  it("INDEX(…, SEQUENCE(n)) spills one cell per position", async () => {
    const firstSix = SALES.slice(0, 6).map((r) => r.revenue ?? 0);
    expect(await run("=INDEX(SORT(Sales!E2:E7,1,-1),SEQUENCE(3))")).toEqual({
      status: "ok",
      value: column(firstSix.sort((a, b) => b - a).slice(0, 3)),
    });
  });
});

describe("operators over ranges and arrays", () => {
  it("keeps Excel's precedence: negation before ^, then * /, + -, &, comparisons", async () => {
    expect(await run("=-2^2")).toEqual({ status: "ok", value: 4 });
    expect(await run("=2^3^2")).toEqual({ status: "ok", value: 64 });
    expect(await run('=1+2*3&"x"')).toEqual({ status: "ok", value: "7x" });
    expect(await run("=50%*4=2")).toEqual({ status: "ok", value: true });
  });

  it("stretches a row against a column, and gives #N/A where neither reaches", async () => {
    expect(await run("={1;2}*{10,20}")).toEqual({
      status: "ok",
      value: [
        [10, 20],
        [20, 40],
      ],
    });
    expect(await run("={1;2;3}+{1;2}")).toMatchObject({ status: "error", error: "#N/A" });
  });

  it("reads blanks and text numbers as Excel's arithmetic does", async () => {
    // Units holds "12" as text once; Revenue one blank (0).
    const units = SALES.reduce((total, r) => total + Number(r.units) * (r.revenue ?? 0), 0);
    expect(await run("=SUMPRODUCT(Sales!D2:D21*Sales!E2:E21)")).toEqual({ status: "ok", value: units });
    expect(await run('=SUM(--(Sales!A2:A21=""))')).toEqual({
      status: "ok",
      value: SALES.filter((r) => r.region === null).length,
    });
  });
});

describe("functions run once per cell, and the array functions", () => {
  it("lifts one-value functions and IF over a range", async () => {
    const lengths = SALES.reduce((total, r) => total + r.product.length, 0);
    expect(await run("=SUM(LEN(Sales!B2:B21))")).toEqual({ status: "ok", value: lengths });
    expect(await run('=IF(Sales!E2:E4>1000,"big","small")')).toEqual({
      status: "ok",
      value: column(SALES.slice(0, 3).map((r) => ((r.revenue ?? 0) > 1000 ? "big" : "small"))),
    });
  });

  it("LET names a value once", async () => {
    expect(await run("=LET(r,Sales!E2:E21,top,MAX(r),SUM(--(r=top)))")).toEqual({
      status: "ok",
      value: SALES.filter((r) => r.revenue === sortedRevenue[0]).length,
    });
  });

  it("DROP, CHOOSECOLS and CHOOSEROWS cut and pick", async () => {
    expect(await run("=DROP(Sales!A2:B4,1,1)")).toEqual({
      status: "ok",
      value: column(SALES.slice(1, 3).map((r) => r.product)),
    });
    expect(await run("=CHOOSECOLS(Sales!A2:F3,-1,2)")).toEqual({
      status: "ok",
      value: SALES.slice(0, 2).map((r) => [r.cost, r.product]),
    });
    expect(await run("=CHOOSEROWS(Sales!E2:E21,{1,-1})")).toEqual({
      status: "ok",
      value: column([SALES[0]?.revenue, SALES[SALES.length - 1]?.revenue]),
    });
    expect(await run("=DROP(Sales!A2:B4,5)")).toMatchObject({ status: "error", error: "#CALC!" });
  });

  it("XLOOKUP returns a whole row", async () => {
    const row = SALES[2];
    expect(await run('=XLOOKUP("Widget Pro",Sales!B2:B21,Sales!D2:F21)')).toEqual({
      status: "ok",
      value: [[row?.units, row?.revenue, row?.cost]],
    });
  });
});
