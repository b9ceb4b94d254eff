import { describe, expect, it } from "vitest";
import { referenceToR1C1, toR1C1 } from "../../src/analysis/r1c1";

const D5 = { row: 4, col: 3 };

describe("A1 to R1C1, relative to the formula's cell", () => {
  it.each([
    ["=B5*C5", "=RC[-2]*RC[-1]"],
    ["=D4+D6", "=R[-1]C+R[1]C"],
    ["=$A$1*2", "=R1C1*2"],
    ["=$A5+A$5", "=RC1+R5C[-3]"],
    ["=SUM(D$2:D4)", "=SUM(R2C:R[-1]C)"],
    ["=SUM(A:A)+SUM($5:$5)", "=SUM(C[-3]:C[-3])+SUM(R5:R5)"],
    ["=Sheet2!B5+'My Sheet'!D4:E5", "=Sheet2!RC[-2]+'My Sheet'!R[-1]C:RC[1]"],
  ])("%s in D5 is %s", (a1, r1c1) => {
    expect(toR1C1(a1, D5)).toBe(r1c1);
  });

  it("leaves text, names, functions such as LOG10 and array constants alone", () => {
    expect(toR1C1('=IF(B5="A1",LOG10(D4),Sales*1.2)&{1,2;3,4}', D5)).toBe(
      '=IF(RC[-2]="A1",LOG10(R[-1]C),Sales*1.2)&{1,2;3,4}',
    );
  });

  it("gives copies of a formula the same text", () => {
    expect(toR1C1("=B2*C2", { row: 1, col: 3 })).toBe(toR1C1("=B9*C9", { row: 8, col: 3 }));
  });

  it("returns what it cannot read unchanged", () => {
    expect(referenceToR1C1("Table1[Amount]", D5)).toBe("Table1[Amount]");
    expect(toR1C1("=", D5)).toBe("=");
  });
});
