import { describe, expect, it } from "vitest";
import { checkNumbers } from "../../src/report/number-check";
import { statedValues } from "../../src/report/number-tokens";
import type { ReportFact } from "../../src/report/report-types";

const FACTS: ReportFact[] = [
  {
    topic: "measure",
    text: '"Revenue" (number): 9 values, 9 distinct; from 640 to 2,105, mean 1,347.22, median 1,320, total 12,125.',
    numbers: [9, 9, 0, 640, 2105, 12125 / 9, 1320, 12125],
  },
  {
    topic: "category",
    text: '"Region" (text): 9 values, 4 distinct; most common "East" (3, 33.3%), "West" (3, 33.3%).',
    numbers: [9, 4, 0, 3, 1 / 3, 3, 1 / 3],
  },
  {
    topic: "trend",
    text:
      "Total Revenue by month, 3 months (2024-01: 3,050; 2024-02: 3,950; 2024-03: 5,125): 3,050 in 2024-01, " +
      "5,125 in 2024-03 (+68.03%); highest 5,125 in 2024-03.",
    numbers: [3050, 5125, 5125, 3, 2075 / 3050],
  },
];

describe("the narrative number check", () => {
  it.each([
    "Revenue averaged 1,347.22 per row.",
    "Revenue averaged about 1,347 (1.35k, roughly 1,350 or 1,300).",
    "The total was $12,125, or 12.1 thousand.",
    "East and West each hold 33% of the rows (a third: 33.3 percent).",
    "Monthly revenue rose 68% from January, peaking in March 2024 at 5,125.",
    "It fell by 68.03%.", // the sign is in the words
    "Values run from 640 to 2,105 over 9 rows, 2024-01 to 2024-03, all in 2024.",
    "The 2nd region and Q1 figures refer to cells such as C10.", // ordinals, labels and addresses are not claims
  ])("accepts the facts however they are rounded or written: %s", (text) => {
    expect(checkNumbers([text], FACTS)).toEqual([]);
  });

  it.each([
    ["Revenue grew 40% in March.", ["40%"]],
    ["Revenue averaged about 1,000.", ["1,000"]], // a coarse rounding of 1,347 is not the fact
    ["March brought in 3,400.", ["3,400"]],
    ["Sales doubled since 2023.", ["2023"]],
    ["April 2024 was quiet, as was 2024-04.", ["2024-04", "April 2024"]],
    ["The mean was 1.5k.", ["1.5k"]],
    ["Seven regions: 7 in all, a share of 0.4.", ["7", "0.4"]],
  ])("rejects an invented number: %s", (text, invented) => {
    expect(checkNumbers([text], FACTS)).toEqual(invented);
  });

  it("reads numbers with their precision, units and dates as dates", () => {
    const stated = statedValues("Up 12.5% to $1,347.22 (1.3k) by 5 March 2024; 250,000 was 1 million short.");
    expect(stated.map((s) => s.text)).toEqual([
      "5 March 2024",
      "12.5%",
      "$1,347.22",
      "1.3k",
      "250,000",
      "1 million",
    ]);
    expect(stated[0]).toMatchObject({ kind: "date", iso: "2024-03-05" });
    expect(stated[1]).toMatchObject({ kind: "number", value: 12.5, percent: true, resolution: 0.1 });
    expect(stated[3]).toMatchObject({ value: 1300, resolution: 100, coarse: true });
    expect(stated[4]).toMatchObject({ value: 250_000, resolution: 10_000, coarse: true });
  });
});
