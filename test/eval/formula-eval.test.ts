import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formulaPlanSchema } from "../../src/formula/plan-schema";
import { buildWorkbooks, CASES } from "./dataset";
import { matches } from "./grading/compare";
import { Grader } from "./grading/grader";
import { failures, runFormulaEval, type EvalReport } from "./runner";
import { FAULTS } from "./scripted/faults";

/**
 * The formula eval in CI (the same runner as `npm run eval -- formula`): scripted-good proves the
 * compiler correct by execution on every case; scripted-weak proves that every planted fault is caught
 * and handled as designed, that nothing unsafe is ever offered, and that no wrong formula gets through
 * the plan path.
 */

const describeCase = (o: EvalReport["outcomes"][number]) =>
  `${o.id} ${o.status} [${o.attempts.join(" > ")}] ${o.formula ?? "(none)"}: got ${o.got}, want ${o.want}`;

describe("the formula eval dataset", () => {
  it("has at least 60 unique requests over five workbooks, covering every plan kind", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.ask)).size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => c.workbook)).size).toBeGreaterThanOrEqual(5);
    const kinds = new Set(CASES.map((c) => c.goodPlan.kind));
    for (const option of formulaPlanSchema.options) expect(kinds).toContain(option.shape.kind.value);
    expect(CASES.some((c) => c.tableName)).toBe(true);
  });
});

describe("the grader", () => {
  let grader: Grader;
  beforeAll(() => {
    grader = new Grader(buildWorkbooks());
  });
  afterAll(() => grader.destroy());

  it("tells a wrong formula from a right one, and reads tables and fill-down like Excel", () => {
    const ledger = (formula: string) => grader.evaluate("budget-vs-actual", "Budget", formula, "H1");
    expect(ledger("=SUM(Budget!$E$2:$E$17)")).toBe(1122000);
    expect(matches(ledger("=SUM(Budget!$E$2:$E$16)"), { kind: "value", value: 1122000 })).toBe(false);
    // AVERAGEIFS and MAXIFS skip the Actual typed as text; RANK.EQ ranks only numbers.
    expect(ledger('=MAXIFS(Budget!$F$2:$F$17,Budget!$B$2:$B$17,"it")')).toBe(88740);
    expect(ledger('=AVERAGEIFS(Budget!$F$2:$F$17,Budget!$A$2:$A$17,"Laptops")')).toEqual({
      error: "#DIV/0!",
    });
    expect(ledger('=FILTER(Budget!$A$2:$A$17,Budget!$B$2:$B$17="Legal","none")')).toBe("none");
    const stock = grader.fillDown(
      "inventory",
      "Stock",
      "=SUM(INDEX(StockTable[On Hand],1):StockTable[@[On Hand]])",
      "J2",
      [2, 3],
    );
    expect(stock).toEqual([120, 155]);
  });
});

describe("npm run eval -- formula", () => {
  it("scripted-good: every case is correct by execution", async () => {
    const report = await runFormulaEval({ model: "scripted-good" });
    expect(report.outcomes.filter((o) => !o.correct).map(describeCase)).toEqual([]);
    expect(report.summary.correct).toBe(report.summary.cases);
    expect(report.summary.noVerified).toBe(0);
    // The headless engine vouches for every good answer, dynamic arrays included (issue #19).
    const notVerified = report.outcomes.filter((o) => o.status === "not-verified").map((o) => o.id);
    expect(notVerified).toEqual([]);
    expect(failures(report)).toEqual([]);
  }, 60_000);

  it("scripted-weak: every planted fault is handled as designed, nothing unsafe, no plan-path slip", async () => {
    const report = await runFormulaEval({ model: "scripted-weak" });
    const { summary, outcomes } = report;
    for (const fault of FAULTS)
      expect(outcomes.filter((o) => o.fault === fault).length, fault).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.asDesigned).map(describeCase)).toEqual([]);
    expect(summary.unsafeOffered).toBe(0);
    expect(summary.slippedPlan).toBe(0);
    // The off-by-one ranges are error-free, so they slip through the free-form path, and are counted.
    expect(summary.slippedFreeForm).toBe(outcomes.filter((o) => o.fault === "off-by-one").length);
    const stopped = outcomes.filter((o) => o.fault === "dangerous" || o.fault === "never-recovers");
    expect(stopped.every((o) => o.status === "no-verified-formula" && o.formula === null)).toBe(true);
    expect(failures(report)).toEqual([]);
  }, 60_000);
});
