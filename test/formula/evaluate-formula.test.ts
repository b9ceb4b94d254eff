import { beforeAll, describe, expect, it } from "vitest";
import { evaluateFormula } from "../../src/formula/evaluate-formula";
import type { CellGrid } from "../../src/sheet/cells";
import type { SheetHost } from "../../src/sheet/sheet-host";
import { SheetNotFoundError } from "../../src/sheet/sheet-host";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { buildSalesWorkbook, SALES } from "./fixtures/sales-ledger";
import { serial, sum } from "./support/expectations";

/** The sales workbook, counting the reads that reach it. */
class CountingHost implements SheetHost {
  reads: string[] = [];
  constructor(private readonly inner: XlsxWorkbook) {}
  listSheets(): Promise<string[]> {
    return this.inner.listSheets();
  }
  usedRange(sheet: string): Promise<string | null> {
    return this.inner.usedRange(sheet);
  }
  readRange(address: string): Promise<CellGrid> {
    this.reads.push(address);
    return this.inner.readRange(address);
  }
}

let host: CountingHost;
beforeAll(() => {
  const workbook = buildSalesWorkbook();
  const report = workbook.getWorksheet("My Report");
  if (report) report.getCell("B3").value = "taken";
  host = new CountingHost(XlsxWorkbook.fromWorkbook(workbook));
});

const run = (formula: string, at?: string, sheet = "Sales") => evaluateFormula(host, sheet, formula, at);

describe("evaluateFormula gives values", () => {
  it("reads references through the host, once per range", async () => {
    host.reads = [];
    const result = await run("=SUM(Sales!$E$2:$E$21)/COUNT(Sales!$E$2:$E$21)+0*SUM($E$2:$E$21)");
    expect(result).toEqual({ status: "ok", value: sum(SALES.map((row) => row.revenue)) / 19 });
    expect(host.reads).toEqual(["Sales!E2:E21"]);
  });

  it("reads other sheets, whole columns and sheet names in any case", async () => {
    expect(await run("=COUNTA(prices!A:A)")).toEqual({ status: "ok", value: 6 });
    expect(await run("=Prices!B3*2", "A1", "My Report")).toEqual({ status: "ok", value: 380 });
  });

  it("gives dates as serial numbers and spilling results as rows", async () => {
    expect(await run("=Sales!C2")).toEqual({ status: "ok", value: serial(SALES[0]?.date ?? new Date()) });
    expect(await run("=SORT(UNIQUE(Sales!$B$2:$B$21))")).toEqual({
      status: "ok",
      value: [["Gadget"], ["Gizmo*"], ["Widget"], ["Widget Pro"]],
    });
  });

  it("compares text ignoring case and treats a blank as empty text, as Excel does", async () => {
    expect(await run('=IF(Sales!A16="East","yes","no")')).toEqual({ status: "ok", value: "yes" });
    expect(await run('=IF(Sales!A10="","blank","filled")')).toEqual({ status: "ok", value: "blank" });
    expect(await run("=Sales!E8=0")).toEqual({ status: "ok", value: true });
  });
});

describe("evaluateFormula reports errors in a form the model can act on", () => {
  it("Excel errors, with what they mean", async () => {
    expect(await run("=Sales!E2/Sales!D17")).toMatchObject({
      status: "error",
      error: "#DIV/0!",
      message: expect.stringMatching(/divides by zero/),
    });
    expect(await run('=XLOOKUP("Nope",Prices!A2:A6,Prices!B2:B6)')).toMatchObject({ error: "#N/A" });
    expect(await run("=INDEX(Prices!A2:A6,9)")).toMatchObject({ error: "#REF!" });
    expect(await run("=LARGE(Sales!E2:E21,30)")).toMatchObject({ error: "#NUM!" });
    expect(await run("=Sales!B2+1")).toMatchObject({ error: "#VALUE!" });
  });

  it("formulas Excel would not accept", async () => {
    expect(await run("=SUM(1,2")).toMatchObject({ status: "error", error: "refused" });
    expect(await run("=1+*2")).toMatchObject({ status: "error", error: "syntax" });
  });

  it("unsafe formulas, without running them", async () => {
    host.reads = [];
    const result = await run('=WEBSERVICE("http://example.com")&Sales!A2');
    expect(result).toMatchObject({
      status: "error",
      error: "refused",
      message: expect.stringMatching(/WEBSERVICE/),
    });
    expect(host.reads).toEqual([]);
  });

  it("an empty result, unless the caller allows one", async () => {
    expect(await run('=IF(Sales!D17=0,"",1)')).toMatchObject({ status: "error", error: "empty" });
    expect(
      await evaluateFormula(host, "Sales", '=IF(Sales!D17=0,"",1)', undefined, { allowEmpty: true }),
    ).toEqual({
      status: "ok",
      value: "",
    });
    expect(await run("=FILTER(Sales!E2:E21,Sales!E2:E21>99999)")).toMatchObject({
      status: "error",
      error: "#CALC!",
    });
    expect(await run("=Sales!A30")).toMatchObject({ status: "error", error: "empty" });
  });

  it("a value of the wrong kind when the caller says what it needs", async () => {
    const text = await evaluateFormula(host, "Sales", "=Sales!B2", undefined, { expect: "number" });
    expect(text).toMatchObject({
      status: "error",
      error: "wrong-type",
      message: expect.stringMatching(/text "Widget"/),
    });
    const list = await evaluateFormula(host, "Sales", "=Sales!E2", undefined, { expect: "array" });
    expect(list).toMatchObject({ error: "wrong-type" });
  });

  it("#SPILL! when the cells a list would fill are taken", async () => {
    const formula = "=LARGE(Sales!$E$2:$E$21,SEQUENCE(3))";
    expect(await run(formula, "B1", "My Report")).toMatchObject({
      status: "error",
      error: "#SPILL!",
      message: expect.stringMatching(/B3 is not empty/),
    });
    expect(await run(formula, "C1", "My Report")).toEqual({ status: "ok", value: [[2500], [1500], [1330]] });
  });

  it("a formula that refers to its own cell", async () => {
    expect(await run("=SUM(E2:E22)", "E22")).toMatchObject({ status: "error", error: "circular" });
  });

  it("errors inside a spilled result", async () => {
    expect(await run("=LARGE(Sales!$E$2:$E$21,SEQUENCE(21))", "C1", "My Report")).toMatchObject({
      error: "#NUM!",
      message: expect.stringMatching(/row 20/),
    });
  });

  it("refuses a sheet that does not exist", async () => {
    await expect(run("=1", undefined, "Nope")).rejects.toThrow(SheetNotFoundError);
  });
});

describe("evaluateFormula says when it cannot vouch for a result", () => {
  it("names a function the headless engine lacks", async () => {
    expect(await run('=TEXTSPLIT("a,b",",")')).toEqual({
      status: "not-verified",
      reason: "the headless engine (fast-formula-parser) has no TEXTSPLIT function",
    });
    expect(await run("=XMATCH(5,Sales!D2:D21)")).toMatchObject({
      reason: expect.stringMatching(/no XMATCH/),
    });
  });

  it("a range in a one-value position of CHOOSE, OFFSET or SUMIF's criteria (first cell only)", async () => {
    expect(await run('=SUM(CHOOSE(Sales!D2:D4,"a","b","c"))')).toMatchObject({
      status: "not-verified",
      reason: expect.stringMatching(/passes Sales!D2:D4 to CHOOSE/),
    });
    expect(await run("=SUM(SUMIF(Sales!B2:B21,Sales!B2:B4,Sales!E2:E21))")).toMatchObject({
      reason: expect.stringMatching(/passes Sales!B2:B4 to SUMIF/),
    });
  });

  it("argument forms an added function does not model", async () => {
    expect(await run('=XLOOKUP("W*",Sales!B2:B21,Sales!E2:E21,,2)')).toMatchObject({
      status: "not-verified",
      reason: expect.stringMatching(/match_mode/),
    });
    expect(await run('=SUMIFS(Sales!E2:E21,Sales!C2:C21,">=1/1/2024")')).toMatchObject({
      reason: expect.stringMatching(/date as text/),
    });
  });

  it("structured references to tables it was not told about", async () => {
    expect(await run("=SUM(Table1[Revenue])")).toMatchObject({
      status: "not-verified",
      reason: expect.stringMatching(/Table1/),
    });
  });
});
