import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlan } from "../../src/formula/compile-plan";
import type { FormulaPlan } from "../../src/formula/plan-schema";
import { buildHrWorkbook, HR_SHEET, STAFF } from "./fixtures/hr-roster";
import { buildSalesWorkbook, SALES } from "./fixtures/sales-ledger";
import { numbers, rankOf, sum } from "./support/expectations";
import type { Graded } from "./support/hyperformula-grader";
import { checkPlan, dataRows, expectGraded, loadFixture, MODERN, type Fixture } from "./support/plan-check";

let sales: Fixture;
let hr: Fixture;
beforeAll(async () => {
  sales = await loadFixture(buildSalesWorkbook(), "Sales", "H");
  hr = await loadFixture(buildHrWorkbook(), HR_SHEET, "J");
});
afterAll(() => {
  sales.grader.destroy();
  hr.grader.destroy();
});

/** Every data row, with both engines, against values computed per row here. */
async function everyRow(
  fixture: Fixture,
  plan: FormulaPlan,
  expected: Graded[],
  hyperformula = true,
): Promise<string> {
  const checks = await checkPlan(fixture, plan, MODERN, dataRows(fixture));
  expectGraded(checks, expected, { hyperformula, ours: "verified" });
  return checks[0]?.formula ?? "";
}

const unitsOf = (units: number | string): number => Number(units);

describe("fill-down plans", () => {
  it("divides with a guard: blank instead of #DIV/0! where the divisor is 0", async () => {
    const formula = await everyRow(
      sales,
      { kind: "arithmetic", left: "Revenue", operator: "divide", right: "Units" },
      // Excel converts the text "12" when dividing, and reads a blank Revenue as 0.
      SALES.map((row) => (unitsOf(row.units) === 0 ? "" : (row.revenue ?? 0) / unitsOf(row.units))),
    );
    expect(formula).toBe('=IF($D2=0,"",$E2/$D2)');
  });

  it("subtracts and multiplies, by a column or a number", async () => {
    await everyRow(
      sales,
      { kind: "arithmetic", left: "Revenue", operator: "subtract", right: "Cost" },
      SALES.map((row) => (row.revenue ?? 0) - (row.cost ?? 0)),
    );
    const formula = await everyRow(
      sales,
      { kind: "arithmetic", left: "Units", operator: "multiply", right: 1.5 },
      SALES.map((row) => unitsOf(row.units) * 1.5),
    );
    expect(formula).toBe("=$D2*1.5");
  });

  it("computes percent change with a zero/blank base left blank", async () => {
    const formula = await everyRow(
      hr,
      { kind: "percent_change", fromColumn: "Previous Salary", toColumn: "Salary" },
      STAFF.map((person) =>
        person.previousSalary ? (person.salary - person.previousSalary) / person.previousSalary : "",
      ),
    );
    expect(formula).toBe('=IF($G4=0,"",($F4-$G4)/$G4)');
  });

  it("labels rows with IF for one rule and IFS for several", async () => {
    const single = await everyRow(
      sales,
      {
        kind: "condition",
        rules: [{ column: "Region", operator: "equals", value: "East", result: "Home" }],
        otherwise: "Away",
      },
      SALES.map((row) => ((row.region ?? "").toLowerCase() === "east" ? "Home" : "Away")),
    );
    expect(single).toBe('=IF($A2="East","Home","Away")');

    const bands = await everyRow(
      sales,
      {
        kind: "condition",
        rules: [
          { column: "Revenue", operator: "is_blank", result: "Missing" },
          { column: "Revenue", operator: "at_least", value: 1000, result: "High" },
          { column: "Date", operator: "in_month", value: "2024-02", result: "February" },
          { column: "Product", operator: "contains", value: "*", result: "Gizmo" },
        ],
        otherwise: 0,
      },
      SALES.map((row) => {
        if (row.revenue === null) return "Missing";
        if (row.revenue >= 1000) return "High";
        if (row.date.getUTCMonth() === 1) return "February";
        return row.product.includes("*") ? "Gizmo" : 0;
      }),
    );
    expect(bands).toBe(
      '=IFS($E2="","Missing",$E2>=1000,"High",AND($C2>=DATE(2024,2,1),$C2<DATE(2024,3,1)),"February",' +
        'ISNUMBER(SEARCH("~*",$B2)),"Gizmo",TRUE,0)',
    );
  });

  it("ranks with ties sharing a rank (HyperFormula has no RANK.EQ)", async () => {
    const all = numbers(SALES.map((row) => row.revenue));
    const formula = await everyRow(
      sales,
      { kind: "rank", valueColumn: "Revenue", order: "largest" },
      SALES.map((row) => rankOf(row.revenue ?? 0, all, true)),
      false,
    );
    expect(formula).toBe("=RANK.EQ($E2,Sales!$E$2:$E$21,0)");
    await everyRow(
      sales,
      { kind: "rank", valueColumn: "Revenue", order: "smallest" },
      SALES.map((row) => rankOf(row.revenue ?? 0, all, false)),
      false,
    );
  });

  it("gives each row's share of the total", async () => {
    const total = sum(SALES.map((row) => row.revenue));
    const formula = await everyRow(
      sales,
      { kind: "percent_of_total", valueColumn: "Revenue" },
      SALES.map((row) => (row.revenue ?? 0) / total),
    );
    expect(formula).toBe("=$E2/SUM(Sales!$E$2:$E$21)");
  });

  it("accumulates a running total from the first data row", async () => {
    let running = 0;
    const formula = await everyRow(
      sales,
      { kind: "running_total", valueColumn: "Revenue" },
      SALES.map((row) => (running += row.revenue ?? 0)),
    );
    expect(formula).toBe("=SUM($E$2:$E2)");
  });

  it("qualifies row references when the formula goes on another sheet", () => {
    const compiled = compilePlan({ kind: "running_total", valueColumn: "Revenue" }, sales.context, {
      ...MODERN,
      targetRow: 7,
      formulaSheet: "My Report",
    });
    expect(compiled.formula).toBe("=SUM(Sales!$E$2:$E7)");
  });
});
