import { formatRangeAddress, parseRangeAddress } from "../sheet/a1";
import type { CompiledFormula, CompileEnv } from "./compile-types";
import { escapeWildcards, plainLiteral } from "./formula-literals";
import { PlanError } from "./plan-error";
import { valueLiteral } from "./plan-conditions";
import { columnRange, resolveColumn, rowCell } from "./plan-references";
import type { PlanOf, PlanValue } from "./plan-schema";

/**
 * XLOOKUP where Excel has it, INDEX/MATCH where it does not. Both match exactly; a missing key shows
 * #N/A unless the plan says what to show instead.
 */
export function compileLookup(plan: PlanOf<"lookup">, env: CompileEnv): CompiledFormula {
  const { context, options } = env;
  const source = options.lookupTable ?? context;
  const match = resolveColumn(source, plan.matchColumn, "matchColumn");
  const result = resolveColumn(source, plan.returnColumn, "returnColumn");
  const matchRange = columnRange(source, match);
  const returnRange = columnRange(source, result);
  // MATCH reads * ? ~ in a text key as wildcards; XLOOKUP's exact mode does not.
  const key = lookupKey(plan, env, (value) =>
    valueLiteral(
      match,
      !options.xlookup && typeof value === "string" ? escapeWildcards(value) : value,
      "lookupValue",
    ),
  );
  const fallback = plan.ifNotFound === undefined ? undefined : plainLiteral(plan.ifNotFound);
  const formula = options.xlookup
    ? `=XLOOKUP(${[key.expression, matchRange, returnRange, ...(fallback ? [fallback] : [])].join(",")})`
    : fallback
      ? `=IFNA(INDEX(${returnRange},MATCH(${key.expression},${matchRange},0)),${fallback})`
      : `=INDEX(${returnRange},MATCH(${key.expression},${matchRange},0))`;
  const otherwise = fallback ? ` (${plan.ifNotFound === "" ? "blank" : fallback} when there is none)` : "";
  return {
    formula,
    explanation: `Finds ${key.description} in ${match.header} and returns the matching ${result.header}${otherwise}.`,
    fillDown: key.fillDown,
    warnings: [],
  };
}

interface Key {
  expression: string;
  description: string;
  fillDown: boolean;
}

function lookupKey(plan: PlanOf<"lookup">, env: CompileEnv, literal: (value: PlanValue) => string): Key {
  const given = [plan.lookupValue, plan.lookupColumn, plan.lookupCell].filter((field) => field !== undefined);
  if (given.length !== 1) {
    throw new PlanError(
      "A lookup needs exactly one of lookupValue (a fixed value), lookupColumn (this row's column, for a " +
        `column filled down) or lookupCell (a cell such as H2); ${given.length} were given.`,
    );
  }
  if (plan.lookupValue !== undefined) {
    const show = typeof plan.lookupValue === "string" ? `"${plan.lookupValue}"` : String(plan.lookupValue);
    return { expression: literal(plan.lookupValue), description: show, fillDown: false };
  }
  if (plan.lookupColumn !== undefined) {
    const column = resolveColumn(env.context, plan.lookupColumn, "lookupColumn");
    const cell = rowCell(env.context, column, env.placement);
    // MATCH would read "Gizmo*" in a key cell as a wildcard; escape ~ * ? when the column holds any.
    const escaped =
      !env.options.xlookup && column.wildcards > 0
        ? `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${cell},"~","~~"),"*","~*"),"?","~?")`
        : cell;
    return {
      expression: escaped,
      description: `this row's ${column.header}`,
      fillDown: true,
    };
  }
  return {
    expression: inputCell(plan.lookupCell ?? "", env),
    description: `the value in ${plan.lookupCell}`,
    fillDown: false,
  };
}

/** The cell the user types the key into, made absolute so the formula can be copied anywhere. */
function inputCell(address: string, env: CompileEnv): string {
  let range;
  try {
    range = parseRangeAddress(address);
  } catch {
    throw new PlanError(`lookupCell must be a single cell such as H2 (got "${address}").`);
  }
  if (
    range.start.row !== range.end.row ||
    range.start.col !== range.end.col ||
    range.wholeColumns ||
    range.wholeRows
  ) {
    throw new PlanError(`lookupCell must be a single cell such as H2 (got "${address}").`);
  }
  const sheet = range.sheet ?? env.placement.sheet;
  const qualified = sheet.toLowerCase() !== env.placement.sheet.toLowerCase();
  const plain = formatRangeAddress(qualified ? { ...range, sheet } : { start: range.start, end: range.end });
  return plain.replace(/([A-Z]+)(\d+)$/, "$$$1$$$2");
}
