import { describe, expect, it } from "vitest";
import { findSpellingVariants } from "../../src/analysis/category-variants";
import { editDistance, isAbbreviationOf, isTruncationOf } from "../../src/analysis/text-similarity";

const counts = (entries: [string, number][]): Map<string, number> => new Map(entries);

describe("text similarity", () => {
  it.each([
    ["north", "north", 0],
    ["nort", "north", 1],
    ["nroth", "north", 1],
    ["east", "west", 2],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("edit distance %s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it("stops past the limit", () => {
    expect(editDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
  });

  it("knows dotted short forms and cut-off words", () => {
    expect(isAbbreviationOf("calif.", "california")).toBe(true);
    expect(isAbbreviationOf("dept.", "department")).toBe(true);
    expect(isAbbreviationOf("calif", "california")).toBe(false);
    expect(isTruncationOf("nort", "north")).toBe(true);
    expect(isTruncationOf("north", "north east")).toBe(false);
    expect(isTruncationOf("ca", "california")).toBe(false);
  });
});

describe("spelling variants of categories", () => {
  it("merges case and spacing into the most used tidy spelling", () => {
    const variants = findSpellingVariants(
      counts([
        ["East", 4],
        ["east", 1],
        [" East", 2],
        ["West", 5],
      ]),
    );
    expect(variants).toEqual([
      { spelling: "east", canonical: "East", relation: "case", count: 1, canonicalCount: 4, confident: true },
      {
        spelling: " East",
        canonical: "East",
        relation: "spacing",
        count: 2,
        canonicalCount: 4,
        confident: true,
      },
    ]);
  });

  it("offers rare look-alikes as candidates, confident when they are rare", () => {
    const variants = findSpellingVariants(
      counts([
        ["North", 9],
        ["Nort", 1],
        ["California", 30],
        ["Calif.", 1],
        ["Nevada", 12],
        ["Nevda", 2],
      ]),
    );
    expect(variants.map((v) => [v.spelling, v.canonical, v.relation, v.confident])).toEqual([
      ["Nort", "North", "near-duplicate", true],
      ["Calif.", "California", "abbreviation", true],
      ["Nevda", "Nevada", "near-duplicate", true],
    ]);
  });

  it("only suggests a common look-alike, since it may be a category of its own", () => {
    const [variant] = findSpellingVariants(
      counts([
        ["Chairs", 10],
        ["Chair", 8],
      ]),
    );
    expect(variant).toMatchObject({ spelling: "Chair", canonical: "Chairs", confident: false });
  });

  it("leaves different numbers, different first letters and short words apart", () => {
    expect(
      findSpellingVariants(
        counts([
          ["Q1", 5],
          ["Q2", 1],
          ["Size 10", 5],
          ["Size 12", 1],
          ["Mark Lee", 5],
          ["Park Lee", 1],
          ["Mr", 5],
          ["Ms", 1],
          ["North", 5],
          ["North East", 1],
        ]),
      ),
    ).toEqual([]);
  });
});
