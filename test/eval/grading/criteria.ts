/**
 * Excel's criteria matching (COUNTIF, SUMIFS, AVERAGEIFS...), from its documentation, for the grader's
 * AVERAGEIFS: an optional operator (= <> < <= > >=) and a value. A number matches numbers (and, for = and
 * <>, text that reads as that number); text matches text ignoring case, with * ? wildcards and ~ escapes;
 * "" matches blanks and "<>" anything that is not blank.
 */

export type Scalar = number | string | boolean | null;

const OPERATOR = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/;

export function matchesCriterion(cell: Scalar, criterion: Scalar): boolean {
  if (typeof criterion === "number") return numberOf(cell) === criterion;
  if (typeof criterion === "boolean") return cell === criterion;
  const [, operator = "", rest = ""] = OPERATOR.exec(criterion ?? "") ?? [];
  const negate = operator === "<>";
  const blank = cell === null || cell === "";
  if (rest === "") return operator === "" || operator === "=" ? blank : negate ? !blank : false;
  const number = numericText(rest);
  if (number !== null) {
    if (operator === "" || operator === "=" || negate) return (numberOf(cell) === number) !== negate;
    return typeof cell === "number" && compare(cell - number, operator);
  }
  if (/^(true|false)$/i.test(rest)) {
    const wanted = rest.toLowerCase() === "true";
    return (cell === wanted) !== negate;
  }
  if (operator === "" || operator === "=" || negate) {
    return (typeof cell === "string" && wildcard(rest).test(cell)) !== negate;
  }
  return typeof cell === "string" && compare(cell.toLowerCase().localeCompare(rest.toLowerCase()), operator);
}

function compare(difference: number, operator: string): boolean {
  switch (operator) {
    case "<":
      return difference < 0;
    case "<=":
      return difference <= 0;
    case ">":
      return difference > 0;
    default:
      return difference >= 0;
  }
}

function numberOf(cell: Scalar): number | null {
  if (typeof cell === "number") return cell;
  return typeof cell === "string" ? numericText(cell) : null;
}

function numericText(text: string): number | null {
  return /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : null;
}

/** * is any run, ? any one character, ~* ~? ~~ the character itself; the whole cell must match. */
function wildcard(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? "";
    const next = pattern[i + 1];
    if (char === "~" && next !== undefined && "*?~".includes(next)) {
      source += `\\${next}`;
      i++;
    } else if (char === "*") source += "[\\s\\S]*";
    else if (char === "?") source += "[\\s\\S]";
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}
