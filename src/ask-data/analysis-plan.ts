import { z } from "zod";
import { criterionSchema } from "../formula/plan-schema";

/**
 * Analysis plans: what the local model answers with for a question about a table, instead of
 * numbers. The model chooses what to compute and names columns by header; execute-plan.ts computes
 * it on every row. Conditions are the formula plans' own (criterionSchema), so "Region equals East"
 * means the same in an answer and in the formula offered with it. The schema stays flat and small
 * because Ollama compiles it into a decoding grammar, and every field is described for the model.
 */

const column = (what: string) =>
  z.string().min(1).describe(`${what}: a header from the table's header row, spelled exactly as shown.`);

export const AGGREGATE_FUNCTIONS = [
  "sum",
  "count",
  "average",
  "min",
  "max",
  "median",
  "distinct_count",
  "share_of_total",
] as const;

export const aggregateFunctionSchema = z
  .enum(AGGREGATE_FUNCTIONS)
  .describe(
    "count counts rows and needs no column; distinct_count counts different values of the column; " +
      "share_of_total is each group's sum as a fraction of the total sum (needs groupBy); the rest need a number column.",
  );

const filters = z
  .array(criterionSchema)
  .max(8)
  .describe("Conditions a row must meet to be included, all at once; [] for every row.");

export const periodSchema = z
  .enum(["none", "year", "quarter", "month"])
  .describe("For a date column in groupBy: group by its year, quarter or month; none groups by the value.");

export const aggregateStepSchema = z
  .object({
    kind: z.literal("aggregate"),
    function: aggregateFunctionSchema,
    column: column("The column to add up, average, etc.; omit for count").optional(),
    filters,
    groupBy: z
      .array(column("A column to group by"))
      .max(2)
      .describe("[] for one number over all included rows; one or two columns for a number per group."),
    period: periodSchema.optional(),
    sort: z
      .enum(["largest", "smallest", "table"])
      .optional()
      .describe("Order of the groups: largest first, smallest first, or as they first appear."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe("Keep only the first N groups (top/bottom N)."),
  })
  .describe("Numbers computed over rows: a total, or one per group, such as Sum of Revenue by Region.");

export const compareStepSchema = z
  .object({
    kind: z.literal("compare"),
    function: aggregateFunctionSchema,
    column: column("The column to add up, average, etc.; omit for count").optional(),
    filters,
    compareColumn: column("The column that tells the two groups or periods apart"),
    first: z
      .union([z.string(), z.number()])
      .describe(
        "The first (earlier) group: a value of compareColumn, or for a date column YYYY, YYYY-MM or YYYY-Qn.",
      ),
    second: z.union([z.string(), z.number()]).describe("The second (later) group, written the same way."),
  })
  .describe("Two groups or periods side by side, with the difference and the % change from first to second.");

export const listRowsStepSchema = z
  .object({
    kind: z.literal("list_rows"),
    filters,
    columns: z.array(column("A column to show")).max(12).describe("The columns to show; [] for all."),
    sortColumn: column("The column to sort by").optional(),
    order: z.enum(["largest", "smallest"]).optional().describe("largest: descending; smallest: ascending."),
    limit: z.number().int().min(1).max(1000).optional().describe("Show at most this many rows."),
  })
  .describe("The rows that meet the conditions, such as the five largest orders.");

export const describeStepSchema = z
  .object({
    kind: z.literal("describe"),
    column: column("The column to describe"),
    filters,
  })
  .describe(
    "A column's profile: how many values and blanks, distinct values, and for numbers min, max, sum, average, median.",
  );

export const beyondPlansSchema = z
  .object({
    kind: z.literal("beyond_plans"),
    reason: z.string().describe("Why no computation answers it, e.g. it asks to explain why or to predict."),
  })
  .describe("Only when the question needs reasoning no computation above can give.");

export const analysisPlanSchema = z.discriminatedUnion("kind", [
  aggregateStepSchema,
  compareStepSchema,
  listRowsStepSchema,
  describeStepSchema,
  beyondPlansSchema,
]);

export type AnalysisPlan = z.infer<typeof analysisPlanSchema>;
export type ComputablePlan = Exclude<AnalysisPlan, { kind: "beyond_plans" }>;
export type AggregateFunction = z.infer<typeof aggregateFunctionSchema>;
export type Period = z.infer<typeof periodSchema>;
export type AggregatePlan = z.infer<typeof aggregateStepSchema>;
export type ComparePlan = z.infer<typeof compareStepSchema>;
export type ListRowsPlan = z.infer<typeof listRowsStepSchema>;
export type DescribePlan = z.infer<typeof describeStepSchema>;
