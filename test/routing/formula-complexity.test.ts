import { describe, expect, it } from "vitest";
import { measureFormula, scoreFormulaComplexity } from "../../src/routing/formula-complexity";

describe("formula complexity", () => {
  it("a simple formula scores low with nothing to explain", () => {
    const result = scoreFormulaComplexity("=SUM(A1:A10)");
    expect(result.score).toBe(0);
    expect(result.reasons).toEqual([]);
    expect(result.metrics).toMatchObject({ nestingDepth: 1, functionCalls: 1, otherSheets: 0 });
  });

  it("measures nesting, calls, LET/LAMBDA, dynamic arrays, array constants, spills and other sheets", () => {
    const metrics = measureFormula(
      "=LET(data,FILTER(Sales!A2:C100,Sales!C2:C100>0),total,SUM(INDEX(data,,3)),MAP({1,2},LAMBDA(x,x*total))+'Other Sheet'!B1+[Book.xlsx]Rates!A1+D1#)",
    );
    expect(metrics).toMatchObject({
      nestingDepth: 3,
      usesLet: true,
      usesLambda: true,
      lambdaHelpers: 1,
      dynamicArrayFunctions: 1,
      arrayConstants: 1,
      spillReferences: 1,
      otherSheets: 3,
      externalWorkbooks: 1,
      unreadable: false,
    });
    expect(metrics.functionCalls).toBe(6); // LET, FILTER, SUM, INDEX, MAP, LAMBDA
  });

  it("a nested LET/LAMBDA formula over other sheets scores high, with one reason per factor", () => {
    const result = scoreFormulaComplexity(
      '=LET(r,XLOOKUP(A2,Data!A:A,Data!B:B),IF(ISNA(r),IFERROR(VLOOKUP(A2,Old!A:C,3,FALSE),""),ROUND(r*(1+Tax!B1),2)))',
    );
    expect(result.score).toBeGreaterThanOrEqual(40);
    expect(result.reasons.join("; ")).toMatch(/nested 4 deep \(\+24\)/);
    expect(result.reasons.join("; ")).toMatch(/uses LET variables \(\+12\)/);
    expect(result.reasons.join("; ")).toMatch(/refers to 3 other sheet\(s\) \(\+18\)/);
  });

  it("the score grows with nesting", () => {
    const nested = (depth: number) => `=${"ABS(".repeat(depth)}A1${")".repeat(depth)}`;
    const scores = [1, 3, 6, 9].map((depth) => scoreFormulaComplexity(nested(depth)).score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).toBe(4);
  });

  it("text inside strings is not mistaken for calls or sheets", () => {
    const metrics = measureFormula('="SUM(Sheet2!A1)"&A1');
    expect(metrics).toMatchObject({ functionCalls: 0, otherSheets: 0 });
  });

  it("an unreadable formula is scored on length and says so", () => {
    const result = scoreFormulaComplexity(`=SUM(${"A1,".repeat(200)}`);
    expect(result.reasons.join(" ")).toMatch(/characters long/);
  });
});
