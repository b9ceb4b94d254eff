import { describe, expect, it } from "vitest";
import { dateText, numericText } from "../../src/analysis/cell-kind";
import { niceCeil, niceFloor } from "../../src/analysis/nice-numbers";
import { dominantShape, familyOf, fitsShape, layoutOf } from "../../src/analysis/value-shape";

describe("text that spells numbers and dates", () => {
  it.each([
    ["42", 42],
    [" 1,234.50 ", 1234.5],
    ["-0.5", -0.5],
    ["7%", 0.07],
    ["+3", 3],
  ])("%j is the number %d", (text, number) => {
    expect(numericText(text)).toBeCloseTo(number, 10);
  });

  it.each(["", "abc", "1,2", "12a", "1.2.3", "-", "."])("%j is not a number", (text) => {
    expect(numericText(text)).toBeNull();
  });

  it.each([
    ["2024-02-14", "2024-02-14"],
    ["14/02/2024", "2024-02-14"],
    ["02/14/2024", "2024-02-14"],
    ["14 Feb 2024", "2024-02-14"],
    ["Feb 14, 2024", "2024-02-14"],
  ])("%j is the date %s", (text, iso) => {
    expect(dateText(text)?.toISOString().slice(0, 10)).toBe(iso);
  });

  it.each(["2024-02-30", "31/31/2024", "INV-0001", "hello world", "12 Foo 2024"])(
    "%j is not a date",
    (text) => {
      expect(dateText(text)).toBeNull();
    },
  );
});

describe("value shapes", () => {
  it("writes layouts with A, a and 9", () => {
    expect(layoutOf("INV-0001")).toBe("AAA-9999");
    expect(layoutOf("ab-12 X")).toBe("aa-99 A");
  });

  it("recognises e-mails, phones and dates", () => {
    expect(familyOf("ann@example.com")).toBe("email");
    expect(familyOf("ann@example")).toBeNull();
    expect(familyOf("+1 (555) 010-2030")).toBe("phone");
    expect(familyOf("555-12")).toBeNull();
    expect(familyOf("2024-03-01")).toBe("date");
  });

  it("finds the dominant layout, or a family when layouts vary", () => {
    const ids = ["INV-0001", "INV-0002", "INV-0003", "INV-0004", "INV-12"];
    expect(dominantShape(ids)).toMatchObject({
      kind: "layout",
      shape: "AAA-9999",
      share: 0.8,
      example: "INV-0001",
    });
    const emails = ["a@x.com", "bob.smith@example.org", "c@y.net", "dee@z.io", "eve@w.co.uk", "broken"];
    expect(dominantShape(emails)).toMatchObject({ kind: "email" });
    expect(fitsShape("broken", { kind: "email", shape: "email" })).toBe(false);
  });

  it("finds no shape in words or in too few values", () => {
    expect(dominantShape(["Open", "Shut", "Open", "Open", "Open"])).toBeNull();
    expect(dominantShape(["A-1", "A-2"])).toBeNull();
  });
});

describe("round bounds", () => {
  it.each([
    [487.3, 500],
    [20, 20],
    [12, 20],
    [0.23, 0.25],
    [5388, 10_000],
    [-37, -25],
  ])("niceCeil(%d) is %d", (value, nice) => {
    expect(niceCeil(value)).toBe(nice);
  });

  it.each([
    [-37, -50],
    [0.3, 0.25],
    [130, 100],
  ])("niceFloor(%d) is %d", (value, nice) => {
    expect(niceFloor(value)).toBe(nice);
  });
});
