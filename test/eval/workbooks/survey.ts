import { build, day, pick, seeded, type BuiltWorkbook, type Cell } from "./workbook";

/**
 * Answers to a customer survey, 40 responses (sheet rows 2-41) from a fixed seed: two skipped
 * Satisfaction answers, one NPS imported as text ("9"), free-text comments with stray spaces, and
 * TRUE/FALSE in "Would Recommend".
 */

export interface SurveyResponse {
  id: number;
  submitted: Date;
  country: string;
  ageGroup: string;
  satisfaction: number | null;
  nps: number | string;
  recommend: boolean;
  comment: string | null;
}

export const SURVEY_SHEET = "Responses";
export const SURVEY_HEADERS = [
  "Response ID",
  "Submitted",
  "Country",
  "Age Group",
  "Satisfaction",
  "NPS",
  "Would Recommend",
  "Comments",
] as const;

const COUNTRIES = ["Germany", "France", "Spain", "United Kingdom", "Italy"] as const;
const AGE_GROUPS = ["18-24", "25-34", "35-44", "45-54", "55+"] as const;
const COMMENTS = [
  "Great service",
  "  Delivery was slow  ",
  "Too expensive for the price",
  null,
  "Love the app",
  "price went up again",
  "Support  was helpful",
  null,
  "Easy to order",
  "Good value for the price",
] as const;

function generate(): SurveyResponse[] {
  const random = seeded(7);
  const rows: SurveyResponse[] = [];
  for (let i = 0; i < 40; i++) {
    const satisfaction = 1 + Math.floor(random() * 5);
    // NPS follows satisfaction loosely: 0-10.
    const nps = Math.min(10, Math.max(0, satisfaction * 2 + Math.floor(random() * 3) - 1));
    rows.push({
      id: 501 + i,
      submitted: new Date(day("2024-04-01").getTime() + Math.floor(i * 2.2) * 86_400_000),
      country: pick(random, COUNTRIES),
      ageGroup: pick(random, AGE_GROUPS),
      satisfaction,
      nps,
      recommend: nps >= 7,
      comment: COMMENTS[i % COMMENTS.length] ?? null,
    });
  }
  const at = (index: number): SurveyResponse => {
    const row = rows[index];
    if (!row) throw new Error(`no survey row ${index}`);
    return row;
  };
  at(5).satisfaction = null;
  at(28).satisfaction = null;
  at(12).nps = "9";
  at(12).recommend = true;
  return rows;
}

export const RESPONSES: readonly SurveyResponse[] = generate();

export function buildSurvey(): BuiltWorkbook {
  const rows: Cell[][] = [
    [...SURVEY_HEADERS],
    ...RESPONSES.map((r) => [
      r.id,
      r.submitted,
      r.country,
      r.ageGroup,
      r.satisfaction,
      r.nps,
      r.recommend,
      r.comment,
    ]),
  ];
  return build({ name: "survey", sheets: [{ name: SURVEY_SHEET, rows }] });
}
