import { RESPONSES, SURVEY_SHEET as sheet, type SurveyResponse } from "../workbooks/survey";
import { column, fill, list, value, type EvalCase } from "./case";
import {
  alphabetical,
  average,
  compared,
  distinct,
  excelTrim,
  inMonth,
  isoWeekday,
  monthEnd,
  numbers,
  quarter,
  same,
  serial,
} from "./excel-semantics";

const workbook = "survey";
const FIRST = 2;
const LAST = FIRST + RESPONSES.length - 1;
const CELL = "I2";
const where = (test: (r: SurveyResponse) => boolean) => RESPONSES.filter(test);
/** NPS answers that are real numbers: the one imported as text ("9") takes part in no count. */
const nps = numbers(RESPONSES.map((r) => r.nps));
/** Rows used for fill-down checks of NPS rules: not row 14, whose NPS is text. */
const CLEAN_NPS_ROWS = [0, 1, 2, 3, 4, 5];

export const SURVEY_CASES: EvalCase[] = [
  {
    id: "survey-01",
    workbook,
    sheet,
    ask: "Average satisfaction score",
    goodPlan: { kind: "aggregate", function: "average", valueColumn: "Satisfaction", criteria: [] },
    expected: value(average(RESPONSES.map((r) => r.satisfaction))),
  },
  {
    id: "survey-02",
    workbook,
    sheet,
    ask: "How many respondents would recommend us?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Would Recommend", operator: "equals", value: true }],
    },
    expected: value(where((r) => r.recommend).length),
  },
  {
    id: "survey-03",
    workbook,
    sheet,
    ask: "Number of promoters (NPS of 9 or 10)",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "NPS", operator: "at_least", value: 9 }],
    },
    expected: value(nps.filter((n) => n >= 9).length),
  },
  {
    id: "survey-04",
    workbook,
    sheet,
    ask: "Average NPS of respondents in Germany",
    goodPlan: {
      kind: "aggregate",
      function: "average",
      valueColumn: "NPS",
      criteria: [{ column: "Country", operator: "equals", value: "Germany" }],
    },
    expected: value(average(where((r) => r.country === "Germany").map((r) => r.nps))),
  },
  {
    id: "survey-05",
    workbook,
    sheet,
    ask: "How many comments mention price?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Comments", operator: "contains", value: "price" }],
    },
    expected: value(where((r) => (r.comment ?? "").toLowerCase().includes("price")).length),
  },
  {
    id: "survey-06",
    workbook,
    sheet,
    ask: "How many responses came in during May 2024?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Submitted", operator: "in_month", value: "2024-05" }],
    },
    expected: value(where((r) => inMonth(r.submitted, 2024, 5)).length),
  },
  {
    id: "survey-07",
    workbook,
    sheet,
    ask: "Countries that answered, A to Z",
    goodPlan: { kind: "unique", column: "Country", sorted: true },
    expected: column(alphabetical(distinct(RESPONSES.map((r) => r.country)))),
  },
  {
    id: "survey-08",
    workbook,
    sheet,
    ask: "Promoter, Passive or Detractor from the NPS",
    cell: CELL,
    goodPlan: {
      kind: "condition",
      rules: [
        { column: "NPS", operator: "at_least", value: 9, result: "Promoter" },
        { column: "NPS", operator: "at_least", value: 7, result: "Passive" },
      ],
      otherwise: "Detractor",
    },
    expected: fill(RESPONSES, FIRST, CLEAN_NPS_ROWS, (r) => {
      const score = Number(r.nps);
      return score >= 9 ? "Promoter" : score >= 7 ? "Passive" : "Detractor";
    }),
  },
  {
    id: "survey-09",
    workbook,
    sheet,
    ask: "Tidy the comments: remove the extra spaces",
    cell: CELL,
    goodPlan: { kind: "text", operation: "trim", columns: ["Comments"] },
    expected: fill(RESPONSES, FIRST, [0, 1, 3, 6], (r) => excelTrim(r.comment)),
  },
  {
    id: "survey-10",
    workbook,
    sheet,
    ask: "Country name in capitals",
    cell: CELL,
    goodPlan: { kind: "text", operation: "upper", columns: ["Country"] },
    expected: fill(RESPONSES, FIRST, [0, 1, 2], (r) => r.country.toUpperCase()),
  },
  {
    id: "survey-11",
    workbook,
    sheet,
    ask: "Weekday each response came in, Monday = 1",
    cell: CELL,
    goodPlan: { kind: "date", operation: "weekday", column: "Submitted" },
    expected: fill(RESPONSES, FIRST, [0, 1, 2, 3, 4, 5, 6], (r) => isoWeekday(r.submitted)),
  },
  {
    id: "survey-12",
    workbook,
    sheet,
    ask: "Calendar quarter of each submission",
    cell: CELL,
    goodPlan: { kind: "date", operation: "quarter", column: "Submitted" },
    expected: fill(RESPONSES, FIRST, [0, 20, 39], (r) => quarter(r.submitted)),
  },
  {
    id: "survey-13",
    workbook,
    sheet,
    ask: "End of the month each response was submitted in",
    cell: CELL,
    goodPlan: { kind: "date", operation: "month_end", column: "Submitted" },
    expected: fill(RESPONSES, FIRST, [0, 20, 39], (r) => serial(monthEnd(r.submitted))),
  },
  {
    id: "survey-14",
    workbook,
    sheet,
    ask: "Response IDs and satisfaction of unhappy French customers (satisfaction 2 or less)",
    goodPlan: {
      kind: "filter",
      returnColumns: ["Response ID", "Satisfaction"],
      criteria: [
        { column: "Country", operator: "equals", value: "France" },
        { column: "Satisfaction", operator: "at_most", value: 2 },
      ],
    },
    // Excel reads a skipped (blank) answer as 0 here, so it counts as unhappy and spills as 0.
    expected: list(
      where((r) => r.country === "France" && compared(r.satisfaction) <= 2).map((r) => [
        r.id,
        r.satisfaction ?? 0,
      ]),
    ),
  },
  {
    id: "survey-15",
    workbook,
    sheet,
    ask: "Net Promoter Score: percent promoters minus percent detractors",
    goodPlan: {
      kind: "free_form",
      formula:
        `=(COUNTIFS(Responses!$F$2:$F$${LAST},">=9")-COUNTIFS(Responses!$F$2:$F$${LAST},"<=6"))` +
        `/COUNT(Responses!$F$2:$F$${LAST})*100`,
    },
    expected: value(
      ((nps.filter((n) => n >= 9).length - nps.filter((n) => n <= 6).length) / nps.length) * 100,
    ),
  },
  {
    id: "survey-16",
    workbook,
    sheet,
    ask: "How many respondents aged 25-34 live in Spain?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [
        { column: "Age Group", operator: "equals", value: "25-34" },
        { column: "Country", operator: "equals", value: "Spain" },
      ],
    },
    expected: value(where((r) => r.ageGroup === "25-34" && same(r.country, "Spain")).length),
  },
];
