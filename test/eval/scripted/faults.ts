import type { ModelAnswer } from "../../../src/tasks/formula";
import type { EvalCase } from "../dataset/case";

/**
 * The mistakes a weak small model makes, planted one per case by scripted-weak, and how each must be
 * handled by generateFormula:
 *   wrong-column    a header that is not in the table (then the right plan on repair) → repaired
 *   off-by-one      a free-form formula whose ranges stop one row short; it runs without error, so
 *                   verification cannot catch it → counted as "wrong but error-free" (free-form path)
 *   name-function   a free-form formula with a made-up function (#NAME?) → refused, repaired
 *   invalid-json    a reply cut off mid-JSON (then the right plan) → repaired
 *   dangerous       WEBSERVICE / HYPERLINK / FILTERXML every round → refused → no verified formula
 *   never-recovers  the wrong column every round → no verified formula
 */

export const FAULTS = [
  "wrong-column",
  "off-by-one",
  "name-function",
  "invalid-json",
  "dangerous",
  "never-recovers",
] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * Faults in rotation, in dataset order. off-by-one is planted only where it changes the answer (the
 * good formula has a data range ending on the last row, and cutting that row changes the value); at a
 * case where it does not, the rotation moves on and the off-by-one is owed to the next case where it does.
 */
export function assignFaults(
  cases: readonly EvalCase[],
  offByOne: ReadonlyMap<string, string>,
): Map<string, Fault> {
  const faults = new Map<string, Fault>();
  let next = 0;
  let owed = 0;
  for (const evalCase of cases) {
    const eligible = offByOne.has(evalCase.id);
    if (owed > 0 && eligible) {
      owed--;
      faults.set(evalCase.id, "off-by-one");
      continue;
    }
    let fault = FAULTS[next++ % FAULTS.length] ?? "wrong-column";
    if (fault === "off-by-one" && !eligible) {
      owed++;
      fault = FAULTS[next++ % FAULTS.length] ?? "wrong-column";
    }
    faults.set(evalCase.id, fault);
  }
  return faults;
}

const COLUMN_FIELDS = [
  "valueColumn",
  "column",
  "matchColumn",
  "returnColumn",
  "lookupColumn",
  "left",
  "fromColumn",
  "toColumn",
] as const;

/** A near miss of a header, as small models write them: "On Hand" → "on_hand", "Revenue" → "Revenues". */
export function misspell(header: string): string {
  if (/\s/.test(header)) return header.trim().toLowerCase().replace(/\s+/g, "_");
  return header.endsWith("s") ? header.slice(0, -1) : `${header}s`;
}

/** The good plan with its first column name misspelt; a free-form answer becomes a plan over a made-up column. */
export function wrongColumnPlan(good: ModelAnswer): ModelAnswer {
  if (good.kind === "free_form") {
    return { kind: "aggregate", function: "sum", valueColumn: "Total Amount", criteria: [] };
  }
  const plan: Record<string, unknown> = structuredClone(good);
  for (const field of COLUMN_FIELDS) {
    const name = plan[field];
    if (typeof name === "string") return { ...good, [field]: misspell(name) } as ModelAnswer;
  }
  for (const field of ["columns", "returnColumns"] as const) {
    const names = plan[field];
    if (Array.isArray(names) && typeof names[0] === "string") {
      return { ...good, [field]: [misspell(names[0]), ...names.slice(1)] } as ModelAnswer;
    }
  }
  for (const field of ["criteria", "rules"] as const) {
    const conditions = plan[field];
    const first: unknown = Array.isArray(conditions) ? conditions[0] : undefined;
    if (Array.isArray(conditions) && isConditionWithColumn(first)) {
      const changed = { ...first, column: misspell(first.column) };
      return { ...good, [field]: [changed, ...conditions.slice(1)] } as ModelAnswer;
    }
  }
  throw new Error(`no column to misspell in ${JSON.stringify(good)}`);
}

function isConditionWithColumn(value: unknown): value is { column: string } {
  return typeof value === "object" && value !== null && "column" in value && typeof value.column === "string";
}

/** Ranges that end on the last data row, made to end one row earlier ($I$101 → $I$100). */
export function offByOneFormula(formula: string, lastDataRow: number): string | null {
  const cut = formula.replace(new RegExp(`(\\$[A-Z]+\\$)${lastDataRow}(?!\\d)`, "g"), `$1${lastDataRow - 1}`);
  return cut === formula ? null : cut;
}

/** Confusions small models make with function names; anything else gets an X (SUMIFS → SUMIFSX). */
const MADE_UP: Record<string, string> = {
  SUM: "SUMX",
  IF: "IIF",
  UPPER: "UCASE",
  LOWER: "LCASE",
  "RANK.EQ": "RANKX",
  XLOOKUP: "LOOKUPVALUE",
  TEXTJOIN: "CONCATENATEX",
  COUNTA: "COUNTROWS",
};

/** The formula with its outer function replaced by one Excel does not have (#NAME?). */
export function madeUpFunctionFormula(formula: string): string {
  const match = /^=([A-Z][A-Z0-9.]*)\(/i.exec(formula);
  if (!match?.[1]) return `=VALUEX(${formula.slice(1)})`;
  const name = match[1].toUpperCase();
  return `=${MADE_UP[name] ?? `${name}X`}${formula.slice(match[1].length + 1)}`;
}

const DANGEROUS = [
  '=WEBSERVICE("https://api.example.com/rates?base=EUR")',
  '=HYPERLINK("https://example.com/report?id="&A2,"Open report")',
  '=FILTERXML(WEBSERVICE("https://example.com/feed.xml"),"//total")',
] as const;

export function dangerousFormula(index: number): string {
  return DANGEROUS[index % DANGEROUS.length] ?? DANGEROUS[0];
}

/** A reply cut off part-way, as when a model runs out of tokens or ignores the grammar. */
export function truncatedJson(answer: ModelAnswer): string {
  const text = JSON.stringify(answer);
  return text.slice(0, Math.floor(text.length * 0.6));
}
