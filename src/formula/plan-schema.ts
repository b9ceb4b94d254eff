import { z } from "zod";

/**
 * Formula plans: what the model fills in instead of writing a formula. The model chooses the operation,
 * the columns (by header text) and the criteria; compile-plan.ts turns that into a formula with exact
 * ranges. The schemas stay flat and small because Ollama compiles them into a decoding grammar, and
 * every field carries a description because the model reads them.
 */

const column = (what: string) =>
  z.string().min(1).describe(`${what}: a header from the table's header row, spelled exactly as shown.`);

/** A cell value in a plan. Dates are text in YYYY-MM-DD form. */
export const planValueSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .describe("A value to compare with: a number, true/false, text, or a date written YYYY-MM-DD.");

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "greater_than",
  "at_least",
  "less_than",
  "at_most",
  "between",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "is_blank",
  "not_blank",
  "in_month",
  "in_year",
] as const;

export const conditionOperatorSchema = z
  .enum(CONDITION_OPERATORS)
  .describe(
    "How the column is tested. at_least is >=, at_most is <=. between needs value and valueTo (both " +
      "included). contains/not_contains/starts_with/ends_with are for text, ignoring case. is_blank and " +
      "not_blank need no value. in_month needs a date column and value YYYY-MM; in_year needs value YYYY.",
  );

export const criterionSchema = z.object({
  column: column("The column to test"),
  operator: conditionOperatorSchema,
  value: planValueSchema.optional(),
  valueTo: planValueSchema.optional().describe("The upper end, only for between."),
});

export const aggregatePlanSchema = z
  .object({
    kind: z.literal("aggregate"),
    function: z
      .enum(["sum", "count", "average", "max", "min"])
      .describe("sum, average, max and min need valueColumn; count counts the rows that meet the criteria."),
    valueColumn: column("The column to add up, average or take the max/min of").optional(),
    criteria: z
      .array(criterionSchema)
      .max(8)
      .describe("Conditions a row must meet to be included, all at once; [] for every row."),
  })
  .describe("One number over the table, such as total Revenue for East in 2024 (SUMIFS and friends).");

export const lookupPlanSchema = z
  .object({
    kind: z.literal("lookup"),
    lookupValue: planValueSchema
      .optional()
      .describe(
        "The value to find, when it is a fixed value. Give exactly one of lookupValue/lookupColumn/lookupCell.",
      ),
    lookupColumn: column(
      "For a column filled down the table: this row's column holding the value to find",
    ).optional(),
    lookupCell: z.string().optional().describe("A cell such as H2 where the user types the value to find."),
    matchColumn: column("The column searched for the value"),
    returnColumn: column("The column whose value is returned from the matching row"),
    ifNotFound: planValueSchema.optional().describe("What to show when nothing matches; omit to show #N/A."),
  })
  .describe("Find a value in one column and return the value from another column of the same row.");

export const arithmeticPlanSchema = z
  .object({
    kind: z.literal("arithmetic"),
    left: column("The first operand"),
    operator: z
      .enum(["add", "subtract", "multiply", "divide"])
      .describe("subtract is left minus right; divide is left divided by right."),
    right: z
      .union([z.string(), z.number()])
      .describe("The second operand: a header from the header row, or a number."),
  })
  .describe(
    "A new column computed row by row from two columns (or a column and a number); divide shows blank instead of #DIV/0!.",
  );

export const percentChangePlanSchema = z
  .object({
    kind: z.literal("percent_change"),
    fromColumn: column("The earlier or base value"),
    toColumn: column("The later or new value"),
  })
  .describe(
    "A new column with the change from fromColumn to toColumn as a fraction (0.1 = 10%), row by row.",
  );

export const conditionRuleSchema = z.object({
  column: column("The column to test"),
  operator: conditionOperatorSchema,
  value: planValueSchema.optional(),
  valueTo: planValueSchema.optional().describe("The upper end, only for between."),
  result: planValueSchema.describe("What the new column shows when this rule is the first one that holds."),
});

export const conditionPlanSchema = z
  .object({
    kind: z.literal("condition"),
    rules: z.array(conditionRuleSchema).min(1).max(8).describe("Tested in order; the first that holds wins."),
    otherwise: planValueSchema.describe("What the new column shows when no rule holds."),
  })
  .describe("A new column with a label or value chosen by conditions on the row (IF/IFS).");

export const textPlanSchema = z
  .object({
    kind: z.literal("text"),
    operation: z
      .enum(["trim", "upper", "lower", "proper", "before", "after", "split", "join"])
      .describe(
        "trim removes extra spaces; upper/lower/proper change case; before/after take the text before or " +
          "after the first delimiter; split takes one piece (part) between delimiters; join glues columns.",
      ),
    columns: z
      .array(column("A text column"))
      .min(1)
      .max(8)
      .describe("The column to work on; join takes two or more, in order."),
    delimiter: z
      .string()
      .optional()
      .describe('The separator for before, after, split and join, such as " " or ",".'),
    part: z.number().int().min(1).optional().describe("For split: which piece, 1 for the first."),
  })
  .describe("A new text column computed row by row.");

export const datePlanSchema = z
  .object({
    kind: z.literal("date"),
    operation: z
      .enum([
        "year",
        "month",
        "quarter",
        "day",
        "weekday",
        "month_end",
        "days_between",
        "workdays_between",
        "years_between",
      ])
      .describe(
        "year/month/quarter/day/weekday (1 = Monday) of the date; month_end is the last day of its month; " +
          "days_between, workdays_between (Mon-Fri) and years_between (whole years, for age or tenure) " +
          "count from the date to endColumn, endDate or today.",
      ),
    column: column("The date column"),
    endColumn: column("For the *_between operations: the column holding the end date").optional(),
    endDate: z
      .string()
      .optional()
      .describe("For the *_between operations: a fixed end date YYYY-MM-DD; omit both end fields for today."),
  })
  .describe("A new column computed row by row from a date column.");

export const rankPlanSchema = z
  .object({
    kind: z.literal("rank"),
    valueColumn: column("The column to rank by"),
    order: z.enum(["largest", "smallest"]).describe("largest: the largest value gets rank 1."),
  })
  .describe("A new column with each row's rank within the table.");

export const topNPlanSchema = z
  .object({
    kind: z.literal("top_n"),
    valueColumn: column("The column to sort by"),
    n: z.number().int().min(1).max(100).describe("How many to list."),
    order: z.enum(["largest", "smallest"]).describe("largest for a top list, smallest for a bottom list."),
    returnColumn: column("The column to list, such as a name; omit to list the values themselves").optional(),
  })
  .describe("A list of the n largest or smallest, spilling down from one cell.");

export const uniquePlanSchema = z
  .object({
    kind: z.literal("unique"),
    column: column("The column whose distinct values are listed"),
    sorted: z.boolean().describe("true to sort the list A to Z."),
  })
  .describe("The distinct values of a column, blanks left out, spilling down from one cell.");

export const filterPlanSchema = z
  .object({
    kind: z.literal("filter"),
    returnColumns: z
      .array(column("A column to show"))
      .max(20)
      .describe("The columns to show, in table order; [] for all columns."),
    criteria: z.array(criterionSchema).min(1).max(8).describe("Conditions a row must meet, all at once."),
  })
  .describe("The rows that meet the criteria, spilling from one cell (FILTER).");

export const percentOfTotalPlanSchema = z
  .object({
    kind: z.literal("percent_of_total"),
    valueColumn: column("The column whose share of its total is computed"),
  })
  .describe("A new column with each row's share of the column total as a fraction (0.1 = 10%).");

export const runningTotalPlanSchema = z
  .object({
    kind: z.literal("running_total"),
    valueColumn: column("The column to accumulate"),
  })
  .describe("A new column with the cumulative sum from the first data row down to this row.");

export const formulaPlanSchema = z.discriminatedUnion("kind", [
  aggregatePlanSchema,
  lookupPlanSchema,
  arithmeticPlanSchema,
  percentChangePlanSchema,
  conditionPlanSchema,
  textPlanSchema,
  datePlanSchema,
  rankPlanSchema,
  topNPlanSchema,
  uniquePlanSchema,
  filterPlanSchema,
  percentOfTotalPlanSchema,
  runningTotalPlanSchema,
]);

export type PlanValue = z.infer<typeof planValueSchema>;
export type ConditionOperator = z.infer<typeof conditionOperatorSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type FormulaPlan = z.infer<typeof formulaPlanSchema>;
export type PlanKind = FormulaPlan["kind"];
export type PlanOf<K extends PlanKind> = Extract<FormulaPlan, { kind: K }>;

/** Plan kinds whose formula is written in one row and filled down beside the table (see also isFillDown). */
export const FILL_DOWN_KINDS: ReadonlySet<PlanKind> = new Set([
  "arithmetic",
  "percent_change",
  "condition",
  "text",
  "date",
  "rank",
  "percent_of_total",
  "running_total",
]);

/** Whether this plan's formula refers to its own row: the fill-down kinds, and lookups keyed on a column. */
export function isFillDown(plan: FormulaPlan): boolean {
  return FILL_DOWN_KINDS.has(plan.kind) || (plan.kind === "lookup" && plan.lookupColumn !== undefined);
}
