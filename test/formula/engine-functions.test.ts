import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFormula } from "../../src/formula/evaluate-formula";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { buildHrWorkbook, HR_SHEET } from "./fixtures/hr-roster";
import { buildSalesWorkbook } from "./fixtures/sales-ledger";
import { Grader } from "./support/hyperformula-grader";
import { expectSame, oursOf } from "./support/plan-check";

/**
 * The functions src/formula adds to fast-formula-parser, and the built-ins it corrects (blank cells,
 * rounding, case in comparisons), each checked against HyperFormula on the fixtures' real data.
 */

const salesBook = buildSalesWorkbook();
const hrBook = buildHrWorkbook();
let grader: { sales: Grader; hr: Grader };
beforeAll(() => {
  grader = { sales: new Grader(salesBook), hr: new Grader(hrBook) };
});
afterAll(() => {
  grader.sales.destroy();
  grader.hr.destroy();
});

async function agree(book: "sales" | "hr", formula: string): Promise<void> {
  const host = XlsxWorkbook.fromWorkbook(book === "sales" ? salesBook : hrBook);
  const sheet = book === "sales" ? "Sales" : HR_SHEET;
  const ours = await evaluateFormula(host, sheet, formula, undefined, { allowEmpty: true });
  expect(ours.status, `${formula}: ${JSON.stringify(ours)}`).not.toBe("not-verified");
  expectSame(oursOf(ours), grader[book].evaluate(sheet, formula), formula);
}

describe("added aggregates agree with HyperFormula", () => {
  it.each([
    "=MAX(Sales!D2:D21)",
    "=MIN(Sales!E2:E21)",
    "=MAX(Sales!E8,3)",
    "=COUNTA(Sales!A2:A21)",
    "=COUNTA(Sales!E2:F21)",
    '=SUMIFS(Sales!E2:E21,Sales!A2:A21,"east")',
    '=SUMIFS(Sales!D2:D21,Sales!B2:B21,"Widget*")',
    '=SUMIFS(Sales!E2:E21,Sales!B2:B21,"?adget")',
    '=SUMIFS(Sales!E2:E21,Sales!A2:A21,"<>East",Sales!D2:D21,">=5")',
    '=COUNTIFS(Sales!A2:A21,"")',
    '=COUNTIFS(Sales!A2:A21,"=")',
    '=COUNTIFS(Sales!A2:A21,"<>")',
    "=COUNTIFS(Sales!D2:D21,12)",
    '=COUNTIFS(Sales!D2:D21,">3",Sales!E2:E21,"<1000")',
    '=MAXIFS(Sales!E2:E21,Sales!A2:A21,"West")',
    '=MINIFS(Sales!E2:E21,Sales!A2:A21,"Nowhere")',
    '=SUMIFS(Sales!E2:E21,Sales!B2:B21,"Gizmo~*")',
    "=LARGE(Sales!E2:E21,2)",
    "=SMALL(Sales!D2:D21,1)",
  ])("%s", (formula) => agree("sales", formula));
});

describe("added lookups agree with HyperFormula", () => {
  it.each([
    '=MATCH("widget pro",Prices!A2:A6,0)',
    "=MATCH(190,Prices!B2:B6,0)",
    '=MATCH("Nope",Prices!A2:A6,0)',
    '=XLOOKUP("GADGET",Prices!A2:A6,Prices!B2:B6)',
    '=XLOOKUP("Widget",Sales!B2:B21,Sales!E2:E21,0,0,-1)',
    '=XLOOKUP("Nope",Prices!A2:A6,Prices!B2:B6,"none")',
    '=INDEX(Prices!B2:B6,MATCH("Gadget",Prices!A2:A6,0))',
  ])("%s", (formula) => agree("sales", formula));
});

describe("added and corrected text functions agree with HyperFormula", () => {
  it.each([
    "=UPPER('HR Roster'!A5)",
    "=TRIM('HR Roster'!A5)",
    "=LEN('HR Roster'!A5)",
    "=LEN('HR Roster'!H4)",
    "=LEFT('HR Roster'!H4,2)",
    "=SEARCH(\"hop\",'HR Roster'!A5)",
    "=SEARCH(\"o?p\",'HR Roster'!A5)",
    '=SUBSTITUTE(\'HR Roster\'!C4,"example","test")',
    '=SUBSTITUTE("a-b-c","-","+",2)',
    "=TEXTJOIN(\", \",TRUE,'HR Roster'!B4:B7)",
    "=TEXTJOIN(\"|\",FALSE,'HR Roster'!H4:H6)",
    "=PROPER('HR Roster'!H4)",
    "=CONCATENATE('HR Roster'!H4,\"x\")",
  ])("%s", (formula) => agree("hr", formula));
});

describe("dates, rounding and comparisons with blank cells agree with HyperFormula", () => {
  it.each([
    "=YEAR('HR Roster'!E9)",
    "=ROUNDUP(MONTH('HR Roster'!D4)/3,0)",
    "=ROUNDUP(0,0)",
    "=ROUND(-2.5,0)",
    "=ROUNDDOWN(-1.99,1)",
    "=EOMONTH('HR Roster'!D4,1)",
    "=NETWORKDAYS('HR Roster'!D10,'HR Roster'!H10)",
    "=DATEDIF('HR Roster'!D4,DATE(2024,6,30),\"Y\")",
    "=WEEKDAY('HR Roster'!D10,2)",
    "='HR Roster'!H4=\"\"",
    "='HR Roster'!H4=0",
    "='HR Roster'!B4=\"ENGINEERING\"",
    "='HR Roster'!B4<\"Research\"",
    "='HR Roster'!F4>\"1\"",
    '=IF(\'HR Roster\'!G8=0,"zero","not")',
    "=SORT('HR Roster'!F4:F11,1,-1)",
    "=UNIQUE('HR Roster'!B4:B11)",
    "=SEQUENCE(2,3,10,5)",
  ])("%s", (formula) => agree("hr", formula));
});

describe("where HyperFormula departs from Excel, the evaluator follows Excel", () => {
  it.each([
    // Excel compares text in criteria alphabetically; HyperFormula gives #VALUE!.
    ["sales", '=COUNTIFS(Sales!A2:A21,">M")', 11],
    // A reference to a blank cell is 0 in Excel; HyperFormula passes the blank through.
    ["hr", "=IFERROR('HR Roster'!H4,1)", 0],
    // Excel rounds the value it shows (1.005), not its binary approximation (1.00499…).
    ["hr", "=ROUND(1.005,2)", 1.01],
  ] as const)("%s %s", async (book, formula, expected) => {
    const host = XlsxWorkbook.fromWorkbook(book === "sales" ? salesBook : hrBook);
    const result = await evaluateFormula(host, book === "sales" ? "Sales" : HR_SHEET, formula);
    expect(result).toEqual({ status: "ok", value: expected });
    expect(grader[book].evaluate(book === "sales" ? "Sales" : HR_SHEET, formula)).not.toEqual(expected);
  });
});
