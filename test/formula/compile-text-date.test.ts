import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlan, PlanError } from "../../src/formula/compile-plan";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { AS_OF, buildHrWorkbook, HR_SHEET, STAFF } from "./fixtures/hr-roster";
import { day, excelTrim, isoWeekday, monthEnd, serial, wholeYears, workdays } from "./support/expectations";
import type { Graded } from "./support/hyperformula-grader";
import { checkPlan, dataRows, expectGraded, loadFixture, MODERN, type Fixture } from "./support/plan-check";

let hr: Fixture;
beforeAll(async () => {
  hr = await loadFixture(buildHrWorkbook(), HR_SHEET, "J");
});
afterAll(() => hr.grader.destroy());

async function everyRow(plan: FormulaPlan, expected: Graded[]): Promise<string> {
  const checks = await checkPlan(hr, plan, MODERN, dataRows(hr));
  expectGraded(checks, expected, { hyperformula: true, ours: "verified" });
  return checks[0]?.formula ?? "";
}

const before = (text: string, delimiter: string): string => text.split(delimiter)[0] ?? "";
const after = (text: string, delimiter: string): string => {
  const at = text.indexOf(delimiter);
  return at === -1 ? "" : text.slice(at + delimiter.length);
};

describe("text plans (on a sheet whose name needs quotes)", () => {
  it("trims and changes case", async () => {
    expect(
      await everyRow(
        { kind: "text", operation: "trim", columns: ["Name"] },
        STAFF.map((p) => excelTrim(p.name)),
      ),
    ).toBe("=TRIM($A4)");
    await everyRow(
      { kind: "text", operation: "upper", columns: ["Department"] },
      STAFF.map((p) => p.department.toUpperCase()),
    );
    await everyRow(
      { kind: "text", operation: "lower", columns: ["Name"] },
      STAFF.map((p) => p.name.toLowerCase()),
    );
    await everyRow(
      { kind: "text", operation: "proper", columns: ["Email"] },
      STAFF.map((p) =>
        p.email.replace(/[a-z]+/gi, (word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()),
      ),
    );
  });

  it("takes the text before and after the first delimiter, whole/blank when it is missing", async () => {
    const user = await everyRow(
      { kind: "text", operation: "before", columns: ["Email"], delimiter: "@" },
      STAFF.map((p) => before(p.email, "@")),
    );
    expect(user).toBe('=LEFT($C4,FIND("@",$C4&"@")-1)');
    const surname = await everyRow(
      { kind: "text", operation: "after", columns: ["Name"], delimiter: " " },
      STAFF.map((p) => after(p.name, " ")),
    );
    expect(surname).toBe('=MID($A4,FIND(" ",$A4&" ")+1,LEN($A4))');
    await everyRow(
      { kind: "text", operation: "before", columns: ["Name"], delimiter: " " },
      STAFF.map((p) => before(p.name, " ")),
    );
  });

  it("takes one piece of a split, trimmed, blank when there are fewer pieces", async () => {
    for (const part of [1, 2, 3]) {
      await everyRow(
        { kind: "text", operation: "split", columns: ["Name"], delimiter: " ", part },
        STAFF.map((p) => excelTrim(p.name.split(" ")[part - 1] ?? "")),
      );
    }
  });

  it("joins columns with a delimiter, skipping blanks", async () => {
    const formula = await everyRow(
      { kind: "text", operation: "join", columns: ["Department", "Email"], delimiter: " / " },
      STAFF.map((p) => `${p.department} / ${p.email}`),
    );
    expect(formula).toBe('=TEXTJOIN(" / ",TRUE,$B4,$C4)');
  });

  it("refuses text operations on dates and split without a part", () => {
    expect(() =>
      compilePlan({ kind: "text", operation: "upper", columns: ["Hire Date"] }, hr.context, MODERN),
    ).toThrow(/works on text, but "Hire Date" holds dates/);
    expect(() =>
      compilePlan(
        { kind: "text", operation: "split", columns: ["Name"], delimiter: " " },
        hr.context,
        MODERN,
      ),
    ).toThrow(PlanError);
  });
});

describe("date plans", () => {
  it("takes year, month, quarter, day, weekday and month end", async () => {
    const hires = STAFF.map((p) => p.hireDate);
    await everyRow(
      { kind: "date", operation: "year", column: "Hire Date" },
      hires.map((d) => d.getUTCFullYear()),
    );
    await everyRow(
      { kind: "date", operation: "month", column: "Hire Date" },
      hires.map((d) => d.getUTCMonth() + 1),
    );
    const quarter = await everyRow(
      { kind: "date", operation: "quarter", column: "Hire Date" },
      hires.map((d) => Math.floor(d.getUTCMonth() / 3) + 1),
    );
    expect(quarter).toBe("=ROUNDUP(MONTH($D4)/3,0)");
    await everyRow(
      { kind: "date", operation: "day", column: "Hire Date" },
      hires.map((d) => d.getUTCDate()),
    );
    await everyRow({ kind: "date", operation: "weekday", column: "Hire Date" }, hires.map(isoWeekday));
    await everyRow(
      { kind: "date", operation: "month_end", column: "Hire Date" },
      hires.map((d) => serial(monthEnd(d))),
    );
  });

  it("computes age in whole years to a fixed date, blank where the birth date is missing", async () => {
    const formula = await everyRow(
      { kind: "date", operation: "years_between", column: "Birth Date", endDate: AS_OF },
      STAFF.map((p) => (p.birthDate ? wholeYears(p.birthDate, day(AS_OF)) : "")),
    );
    expect(formula).toBe('=IF($E4="","",DATEDIF($E4,DATE(2024,6,30),"Y"))');
  });

  it("computes tenure to the leave date, blank for people still here", async () => {
    await everyRow(
      { kind: "date", operation: "years_between", column: "Hire Date", endColumn: "Leave Date" },
      STAFF.map((p) => (p.leaveDate ? wholeYears(p.hireDate, p.leaveDate) : "")),
    );
    await everyRow(
      { kind: "date", operation: "days_between", column: "Hire Date", endColumn: "Leave Date" },
      STAFF.map((p) => (p.leaveDate ? serial(p.leaveDate) - serial(p.hireDate) : "")),
    );
  });

  it("counts working days with NETWORKDAYS", async () => {
    const formula = await everyRow(
      { kind: "date", operation: "workdays_between", column: "Hire Date", endDate: AS_OF },
      STAFF.map((p) => workdays(p.hireDate, day(AS_OF))),
    );
    expect(formula).toBe("=NETWORKDAYS($D4,DATE(2024,6,30))");
  });

  it("counts to TODAY() when no end is given", () => {
    const compiled = compilePlan(
      { kind: "date", operation: "years_between", column: "Hire Date" },
      hr.context,
      MODERN,
    );
    expect(compiled.formula).toBe('=DATEDIF($D4,TODAY(),"Y")');
    expect(compiled.explanation).toBe("Whole years from Hire Date to today.");
  });

  it("refuses a date operation on a column without dates, and a malformed end date", () => {
    expect(() =>
      compilePlan({ kind: "date", operation: "year", column: "Salary" }, hr.context, MODERN),
    ).toThrow(/needs a column of dates, but "Salary" holds numbers/);
    expect(() =>
      compilePlan(
        { kind: "date", operation: "days_between", column: "Hire Date", endDate: "30/06/2024" },
        hr.context,
        MODERN,
      ),
    ).toThrow(/YYYY-MM-DD/);
  });
});

describe("sheet names that need quotes", () => {
  it("are quoted in every range", async () => {
    const checks = await checkPlan(
      hr,
      { kind: "aggregate", function: "average", valueColumn: "Salary", criteria: [] },
      MODERN,
    );
    expect(checks[0]?.formula).toBe("=AVERAGE('HR Roster'!$F$4:$F$11)");
    expectGraded(checks, [STAFF.reduce((total, p) => total + p.salary, 0) / STAFF.length], {
      hyperformula: true,
      ours: "verified",
    });
    const rank = compilePlan({ kind: "rank", valueColumn: "Salary", order: "largest" }, hr.context, MODERN);
    expect(rank.formula).toBe("=RANK.EQ($F4,'HR Roster'!$F$4:$F$11,0)");
  });
});
