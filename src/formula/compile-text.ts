import type { CompiledFormula, CompileEnv } from "./compile-types";
import { textLiteral } from "./formula-literals";
import { PlanError } from "./plan-error";
import { describeType } from "./plan-conditions";
import { resolveColumn, rowCell } from "./plan-references";
import type { PlanOf } from "./plan-schema";
import type { TableColumn } from "./table-context";

/**
 * Text columns computed row by row. before/after/split use LEFT/MID/FIND/SUBSTITUTE, which every Excel
 * since 2007 has, rather than TEXTBEFORE/TEXTAFTER/TEXTSPLIT, which Excel 2021 still lacks; the
 * delimiter appended inside FIND makes a row without the delimiter give the whole text (before) or
 * blank (after) instead of #VALUE!.
 */
export function compileText(plan: PlanOf<"text">, env: CompileEnv): CompiledFormula {
  const { context, placement } = env;
  const columns = plan.columns.map((name) => {
    const column = resolveColumn(context, name, "text column");
    refuseDates(column, plan.operation);
    return column;
  });
  const refs = columns.map((column) => rowCell(context, column, placement));
  const [first] = columns;
  const [ref] = refs;
  if (!first || !ref) throw new PlanError("A text plan needs at least one column.");
  if (plan.operation === "join") {
    if (columns.length < 2) throw new PlanError("join needs two or more columns.");
    const delimiter = plan.delimiter ?? " ";
    const names = columns.map((column) => column.header).join(", ");
    return fill(
      `=TEXTJOIN(${textLiteral(delimiter)},TRUE,${refs.join(",")})`,
      `Joins ${names} with ${JSON.stringify(delimiter)} between them, skipping blanks.`,
    );
  }
  if (columns.length !== 1)
    throw new PlanError(`${plan.operation} works on one column; ${columns.length} were given.`);

  switch (plan.operation) {
    case "trim":
      return fill(`=TRIM(${ref})`, `${first.header} without leading, trailing or repeated spaces.`);
    case "upper":
      return fill(`=UPPER(${ref})`, `${first.header} in capital letters.`);
    case "lower":
      return fill(`=LOWER(${ref})`, `${first.header} in small letters.`);
    case "proper":
      return fill(`=PROPER(${ref})`, `${first.header} with each word capitalised.`);
    case "before": {
      const d = textLiteral(requireDelimiter(plan));
      return fill(
        `=LEFT(${ref},FIND(${d},${ref}&${d})-1)`,
        `The part of ${first.header} before the first ${d}, or all of it when there is none.`,
      );
    }
    case "after": {
      const delimiter = requireDelimiter(plan);
      const d = textLiteral(delimiter);
      return fill(
        `=MID(${ref},FIND(${d},${ref}&${d})+${delimiter.length},LEN(${ref}))`,
        `The part of ${first.header} after the first ${d}, or blank when there is none.`,
      );
    }
    case "split": {
      const d = textLiteral(requireDelimiter(plan));
      const part = plan.part;
      if (part === undefined) throw new PlanError("split needs part: which piece to take, 1 for the first.");
      // Widen every delimiter to LEN(text) spaces, then cut the part-th slice of that width and trim it.
      const start = part === 1 ? "1" : `${part === 2 ? "" : `${part - 1}*`}LEN(${ref})+1`;
      return fill(
        `=TRIM(MID(SUBSTITUTE(${ref},${d},REPT(" ",LEN(${ref}))),${start},LEN(${ref})))`,
        `Piece ${part} of ${first.header} split at each ${d}, trimmed; blank when there are fewer pieces.`,
      );
    }
  }
}

function requireDelimiter(plan: PlanOf<"text">): string {
  if (!plan.delimiter) throw new PlanError(`${plan.operation} needs delimiter, such as " " or ",".`);
  return plan.delimiter;
}

function refuseDates(column: TableColumn, operation: string): void {
  // Text functions see a date as its serial number (45292), which is never what was meant.
  if (column.type === "date") {
    throw new PlanError(`${operation} works on text, but "${column.header}" holds ${describeType(column)}.`);
  }
}

function fill(formula: string, explanation: string): CompiledFormula {
  return { formula, explanation, fillDown: true, warnings: [] };
}
