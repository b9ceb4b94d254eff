import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePlan } from "../../src/formula/compile-plan";
import { BLOCKED_FUNCTIONS, EXCEL_FUNCTIONS } from "../../src/formula/excel-functions";
import { checkFormulaSafety } from "../../src/formula/formula-safety";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { describeTable, type TableContext } from "../../src/formula/table-context";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { buildSalesWorkbook } from "./fixtures/sales-ledger";

const SHEETS = ["Sales", "Prices", "My Report"];
const check = (formula: string) => checkFormulaSafety(formula, { sheets: SHEETS });

describe("checkFormulaSafety accepts ordinary formulas", () => {
  it.each([
    '=SUMIFS(Sales!$E$2:$E$21,Sales!$A$2:$A$21,"East")',
    "=XLOOKUP($B2,Prices!$A$2:$A$6,Prices!$B$2:$B$6)",
    "=_xlfn.XLOOKUP(1,A:A,B:B)",
    "='My Report'!A1+sales!B2",
    "=LET(total,SUM(E2:E21),share,E2/total,ROUND(share,2))",
    "=LAMBDA(a,b,a+b)(1,2)",
    "={1,2;3,4}",
    "=SUM(Table1[[#This Row],[Revenue]])",
    "=SUM(INDEX(Table1[Revenue],1):[@Revenue])",
    '=CELL("address",A1)',
    '=IF(A1<>"",TEXTJOIN(", ",TRUE,A1:C1),"")',
  ])("%s", (formula) => {
    expect(check(formula)).toMatchObject({ safe: true, problems: [] });
  });

  it("lists the functions and references it found", () => {
    const report = check('=IFERROR(_xlfn.XLOOKUP("a",Sales!A:A,Prices!$B$2:$B$6),0)+Table1[Revenue]');
    expect(report.functions).toEqual(["IFERROR", "XLOOKUP"]);
    expect(report.references).toEqual(["Sales!A:A", "Prices!$B$2:$B$6", "Table1[Revenue]"]);
  });
});

describe("checkFormulaSafety refuses", () => {
  it.each([...BLOCKED_FUNCTIONS.keys()])("the blocked function %s, saying why", (name) => {
    const report = check(`=1+${name}("http://example.com/x")`);
    expect(report.safe).toBe(false);
    expect(report.problems[0]).toBe(`${name} is not allowed: ${BLOCKED_FUNCTIONS.get(name)}.`);
  });

  it("blocked functions hidden inside others or behind the _xlfn. prefix", () => {
    expect(check('=IFERROR(_xlfn.WEBSERVICE("http://x"),"")').problems.join()).toMatch(
      /WEBSERVICE is not allowed/,
    );
    expect(check('=LET(u,"http://x",FILTERXML(WEBSERVICE(u),"//a"))').problems).toHaveLength(2);
  });

  it('CELL("filename"), which reveals the file path, and CELL with a computed info type', () => {
    expect(check('=CELL("filename")').problems).toEqual([
      'CELL("filename") is not allowed: it reveals the workbook\'s folder and file name.',
    ]);
    expect(check('=CELL("FileName",A1)').safe).toBe(false);
    expect(check('=CELL(A1&"name",A1)').safe).toBe(false);
  });

  it("DDE links that start programs", () => {
    for (const formula of ["=cmd|'/c calc'!A0", "=@cmd|'/c calc'!A0", "=1+cmd|' /C notepad'!'A1'"]) {
      const report = check(formula);
      expect(report.safe, formula).toBe(false);
      expect(report.problems.join(" "), formula).toMatch(/DDE link/);
    }
  });

  it("references to other workbooks", () => {
    for (const formula of [
      "=[Book.xlsx]Sheet1!A1",
      "='C:\\x\\[b.xlsx]S'!A1",
      "=SUM('https://example.com/[b.xlsx]S'!A1:A9)",
      "=[1]Sheet1!A1",
      "=Book.xlsx!Revenue",
    ]) {
      const report = check(formula);
      expect(report.safe, formula).toBe(false);
      expect(report.problems.join(" "), formula).toMatch(/refers to another file/);
    }
  });

  it("sheets that do not exist, naming the real ones", () => {
    expect(check("=SUM(Salse!A1:A3)").problems).toEqual([
      'Sheet "Salse" in "Salse!A1:A3" does not exist; the workbook\'s sheets are: "Sales", "Prices", "My Report".',
    ]);
    expect(check("=Sales:Nowhere!A1").safe).toBe(false);
  });

  it("functions Excel does not have", () => {
    expect(check('=SUMIFZ(A1:A3,">1")').problems).toEqual([
      "SUMIFZ is not an Excel function (Excel would show #NAME?).",
    ]);
    expect(check('=SLMCOMPARE(A1,"=",1)').safe).toBe(false);
  });

  it("names that are not defined, tables that do not exist, and cells beyond the sheet", () => {
    expect(check("=SUM(Revenue)").problems.join()).toMatch(
      /"Revenue" is neither a cell reference nor a defined name/,
    );
    expect(checkFormulaSafety("=SUM(Revenue)", { sheets: SHEETS, names: ["revenue"] }).safe).toBe(true);
    expect(
      checkFormulaSafety("=SUM(Tabel1[Revenue])", { sheets: SHEETS, tables: ["Table1"] }).problems.join(),
    ).toMatch(/Table "Tabel1"/);
    expect(check("=SUM(A1:XFE3)").safe).toBe(false);
    expect(check("=A1048577").safe).toBe(false);
  });

  it("formulas it cannot read: unbalanced brackets, #REF!, spill references", () => {
    expect(check("=SUM((1)").problems).toEqual(["The formula's parentheses do not balance."]);
    expect(check("=Sales!#REF!+1").safe).toBe(false);
    expect(check("=SUM(A1#)").safe).toBe(false);
    expect(check("=").safe).toBe(false);
  });
});

describe("the function lists", () => {
  it("allow modern and classic Excel functions and never a blocked one", () => {
    for (const name of [
      "XLOOKUP",
      "FILTER",
      "SORTBY",
      "UNIQUE",
      "LET",
      "LAMBDA",
      "TEXTBEFORE",
      "TEXTAFTER",
      "TEXTSPLIT",
    ]) {
      expect(EXCEL_FUNCTIONS.has(name), name).toBe(true);
    }
    for (const name of [
      "IFS",
      "MAXIFS",
      "MINIFS",
      "SUMIFS",
      "NETWORKDAYS",
      "EOMONTH",
      "DATEDIF",
      "VLOOKUP",
      "RANK.EQ",
    ]) {
      expect(EXCEL_FUNCTIONS.has(name), name).toBe(true);
    }
    expect(EXCEL_FUNCTIONS.size).toBeGreaterThan(450);
    for (const name of BLOCKED_FUNCTIONS.keys()) expect(EXCEL_FUNCTIONS.has(name), name).toBe(false);
  });
});

describe("formulas built from plans", () => {
  let context: TableContext;
  beforeAll(async () => {
    context = await describeTable(XlsxWorkbook.fromWorkbook(buildSalesWorkbook()), "Sales");
  });

  const INJECTION = '=WEBSERVICE("http://x")';

  it("keep injected formula text a quoted string, never a call", () => {
    const plans: FormulaPlan[] = [
      {
        kind: "aggregate",
        function: "sum",
        valueColumn: "Revenue",
        criteria: [{ column: "Region", operator: "equals", value: INJECTION }],
      },
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Product", operator: "contains", value: INJECTION }],
      },
      {
        kind: "aggregate",
        function: "count",
        criteria: [{ column: "Product", operator: "starts_with", value: INJECTION }],
      },
      {
        kind: "lookup",
        lookupValue: INJECTION,
        matchColumn: "Product",
        returnColumn: "Revenue",
        ifNotFound: INJECTION,
      },
      {
        kind: "condition",
        rules: [{ column: "Region", operator: "not_equals", value: INJECTION, result: INJECTION }],
        otherwise: INJECTION,
      },
      { kind: "text", operation: "join", columns: ["Region", "Product"], delimiter: INJECTION },
      { kind: "text", operation: "before", columns: ["Product"], delimiter: '")&WEBSERVICE("http://x")&("' },
      {
        kind: "filter",
        returnColumns: [],
        criteria: [{ column: "Region", operator: "ends_with", value: INJECTION }],
      },
    ];
    for (const plan of plans) {
      for (const xlookup of [true, false]) {
        if (plan.kind === "filter" && !xlookup) continue;
        const { formula } = compilePlan(plan, context, { xlookup });
        const report = checkFormulaSafety(formula, { sheets: SHEETS });
        expect(report.safe, formula).toBe(true);
        expect(report.functions, formula).not.toContain("WEBSERVICE");
      }
    }
  });

  it("stay safe whatever text a model puts in a criterion", () => {
    const operators = [
      "equals",
      "not_equals",
      "contains",
      "not_contains",
      "starts_with",
      "ends_with",
    ] as const;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom(...operators), (value, operator) => {
        fc.pre(value !== "");
        const plan: FormulaPlan = {
          kind: "aggregate",
          function: "count",
          criteria: [{ column: "Product", operator, value }],
        };
        const { formula } = compilePlan(plan, context, { xlookup: true });
        const report = checkFormulaSafety(formula, { sheets: SHEETS });
        expect(report.problems).toEqual([]);
        expect(report.functions).toEqual(["COUNTIFS"]);
      }),
      { numRuns: 300 },
    );
  });
});
