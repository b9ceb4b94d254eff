import type { EngineArgument, EngineFunction, EngineScalar } from "fast-formula-parser";
import {
  argBoolean,
  argGrid,
  argNumber,
  argText,
  EngineUnsupported,
  FormulaError,
  isEngineError,
  isOmitted,
  toText,
} from "./engine-values";
import { wildcardRegex } from "./excel-criteria";

/**
 * Text functions the engine lacks (UPPER, SUBSTITUTE, TEXTJOIN, TEXTBEFORE, TEXTAFTER) or gets wrong
 * (LEN and TRIM of a blank cell, TRIM keeping inner double spaces, SEARCH ignoring ~ escapes).
 */

function search(args: EngineArgument[]): number {
  const [find, within, start] = args;
  const text = argText(within);
  const from = Math.trunc(argNumber(start, 1));
  if (from < 1 || from > text.length + 1) throw FormulaError.VALUE;
  const pattern = argText(find);
  if (pattern === "") return from;
  const found = wildcardRegex(pattern, false).exec(text.slice(from - 1));
  if (!found) throw FormulaError.VALUE;
  return from + found.index;
}

function substitute(args: EngineArgument[]): string {
  const [textArg, oldArg, newArg, instanceArg] = args;
  const text = argText(textArg);
  const old = argText(oldArg);
  const replacement = argText(newArg);
  if (old === "") return text;
  if (isOmitted(instanceArg)) return text.split(old).join(replacement);
  const instance = Math.trunc(argNumber(instanceArg));
  if (instance < 1) throw FormulaError.VALUE;
  let at = -1;
  for (let n = 0; n < instance; n++) {
    at = text.indexOf(old, at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at) + replacement + text.slice(at + old.length);
}

function textJoin(args: EngineArgument[]): string {
  const [delimiterArg, ignoreArg, ...parts] = args;
  const delimiter = argText(delimiterArg);
  const ignoreEmpty = argBoolean(ignoreArg, true);
  const values: EngineScalar[] = parts.flatMap((part) => (isOmitted(part) ? [null] : argGrid(part).flat()));
  const texts = values.map((value) => {
    if (isEngineError(value)) throw value;
    return toText(value);
  });
  const joined = (ignoreEmpty ? texts.filter((text) => text !== "") : texts).join(delimiter);
  if (joined.length > 32_767) throw FormulaError.VALUE;
  return joined;
}

/** TEXTBEFORE/TEXTAFTER with instance_num and match_mode; match_end is not modelled. */
function textAround(args: EngineArgument[], before: boolean): EngineScalar {
  const [textArg, delimiterArg, instanceArg, modeArg, endArg, notFoundArg] = args;
  if (argNumber(endArg, 0) !== 0)
    throw new EngineUnsupported(`${before ? "TEXTBEFORE" : "TEXTAFTER"} with match_end`);
  if (delimiterArg?.isArray || Array.isArray(delimiterArg?.value)) {
    throw new EngineUnsupported("TEXTBEFORE/TEXTAFTER with several delimiters");
  }
  const text = argText(textArg);
  const delimiter = argText(delimiterArg);
  const instance = Math.trunc(argNumber(instanceArg, 1));
  if (instance === 0 || Math.abs(instance) > text.length + 1) throw FormulaError.VALUE;
  const ignoreCase = argNumber(modeArg, 0) === 1;
  const haystack = ignoreCase ? text.toLowerCase() : text;
  const needle = ignoreCase ? delimiter.toLowerCase() : delimiter;

  const positions: number[] = [];
  if (needle === "") positions.push(instance > 0 ? 0 : text.length);
  else
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
      positions.push(at);
  const at = instance > 0 ? positions[instance - 1] : positions[positions.length + instance];
  if (at === undefined)
    return isOmitted(notFoundArg) ? FormulaError.NA : (notFoundArg?.value as EngineScalar);
  return before ? text.slice(0, at) : text.slice(at + delimiter.length);
}

export const TEXT_FUNCTIONS: Record<string, EngineFunction> = {
  LEN: (text) => argText(text, "").length,
  // Excel's TRIM removes only the space character (32), and collapses inner runs to one.
  TRIM: (text) => argText(text, "").replace(/ +/g, " ").replace(/^ | $/g, ""),
  UPPER: (text) => argText(text, "").toUpperCase(),
  LOWER: (text) => argText(text, "").toLowerCase(),
  SEARCH: (...args) => search(args),
  SUBSTITUTE: (...args) => substitute(args),
  TEXTJOIN: (...args) => textJoin(args),
  TEXTBEFORE: (...args) => textAround(args, true),
  TEXTAFTER: (...args) => textAround(args, false),
};
