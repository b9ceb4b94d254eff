import { describe, expect, it } from "vitest";
import { EngineUnsupported, FormulaError } from "../../src/formula/engine-values";
import { parseCriteria } from "../../src/formula/excel-criteria";

const CELLS = [
  null,
  "",
  "East",
  "east",
  "Eastern",
  "West",
  0,
  5,
  12,
  "12",
  true,
  false,
  "Gizmo*",
  "Gizmo Deluxe",
];
const matches = (criteria: Parameters<typeof parseCriteria>[0]) =>
  CELLS.filter((cell) => parseCriteria(criteria)(cell));

describe("parseCriteria reads criteria as SUMIFS does", () => {
  it.each([
    ["East", ["East", "east"]],
    ["=East", ["East", "east"]],
    ["<>East", [null, "", "Eastern", "West", 0, 5, 12, "12", true, false, "Gizmo*", "Gizmo Deluxe"]],
    ["East*", ["East", "east", "Eastern"]],
    ["?est", ["West"]],
    ["Gizmo~*", ["Gizmo*"]],
    ["Gizmo*", ["Gizmo*", "Gizmo Deluxe"]],
    ["", [null, ""]],
    ["=", [null]],
    ["<>", ["", "East", "east", "Eastern", "West", 0, 5, 12, "12", true, false, "Gizmo*", "Gizmo Deluxe"]],
    [">4", [5, 12]],
    ["<=0", [0]],
    [">=12", [12]],
    ["12", [12, "12"]],
    ["TRUE", [true]],
    [">w", ["West"]],
  ] as const)("%j matches %j", (criteria, expected) => {
    expect(matches(criteria)).toEqual(expected);
  });

  it("takes numbers and booleans as equality", () => {
    expect(matches(12)).toEqual([12, "12"]);
    expect(matches(false)).toEqual([false]);
  });

  it("matches error criteria against error cells only", () => {
    const test = parseCriteria("#N/A");
    expect(test(new FormulaError("#N/A"))).toBe(true);
    expect(test("#N/A text")).toBe(false);
  });

  it("refuses dates written as text, which Excel reads by locale", () => {
    expect(() => parseCriteria(">=1/31/2024")).toThrow(EngineUnsupported);
    expect(() => parseCriteria("3-24")).toThrow(EngineUnsupported);
  });

  it("reads text that is no date in any locale as text (an age band such as 25-34)", () => {
    const band = parseCriteria("25-34");
    expect([band("25-34"), band("25-35"), band(25)]).toEqual([true, false, false]);
  });
});
