import type { Token } from "excel-formula-tokenizer";
import { blockedReason, isExcelFunction, SAFE_CELL_INFO_TYPES } from "./excel-functions";
import { readFormula, type ReadFormula, type ReferenceUse } from "./formula-tokens";

/**
 * The gate every candidate formula passes before it is offered or written: only real Excel functions,
 * none that reach outside the workbook, and references only to this workbook's sheets (and, when known,
 * its tables and names). Problems are sentences a user can read and a model can act on.
 */

export interface SafetyOptions {
  /** The workbook's sheet names; matched case-insensitively, as Excel does. */
  sheets: readonly string[];
  /** Excel table names; when given, structured references to other tables are refused. */
  tables?: readonly string[];
  /** Defined names; any other name is refused (Excel would show #NAME?). */
  names?: readonly string[];
}

export interface SafetyReport {
  safe: boolean;
  problems: string[];
  /** Functions called, upper case, without file-format prefixes, in order of first use. */
  functions: string[];
  /** References as written (sheet!range, Table[Column], names), in order. */
  references: string[];
}

export function checkFormulaSafety(formula: string, options: SafetyOptions): SafetyReport {
  const read = readFormula(formula);
  const problems = [...read.problems];
  const functions = [...new Set(read.calls.map((call) => call.name))];

  for (const name of functions) {
    const reason = blockedReason(name);
    if (reason !== null) problems.push(`${name} is not allowed: ${reason}.`);
    else if (!isExcelFunction(name))
      problems.push(`${name} is not an Excel function (Excel would show #NAME?).`);
  }
  for (const call of read.calls) {
    if (call.name === "CELL") {
      const problem = cellInfoProblem(read.tokens, call.tokenIndex);
      if (problem) problems.push(problem);
    }
  }
  for (const reference of read.references) {
    const problem = referenceProblem(reference, read, options);
    if (problem) problems.push(problem);
  }
  return {
    safe: problems.length === 0,
    problems: [...new Set(problems)],
    functions,
    references: read.references.map((reference) => reference.text),
  };
}

function cellInfoProblem(tokens: Token[], start: number): string | null {
  const info = tokens[start + 1];
  const after = tokens[start + 2];
  const literal =
    info?.type === "operand" &&
    info.subtype === "text" &&
    (after?.type === "argument" || (after?.type === "function" && after.subtype === "stop"));
  if (literal && SAFE_CELL_INFO_TYPES.has(info.value.toLowerCase())) return null;
  if (literal && info.value.toLowerCase() === "filename") {
    return `CELL("filename") is not allowed: it reveals the workbook's folder and file name.`;
  }
  return `CELL is allowed only with a literal info type such as "address" or "contents", never "filename".`;
}

function referenceProblem(reference: ReferenceUse, read: ReadFormula, options: SafetyOptions): string | null {
  const { target, text } = reference;
  switch (target.kind) {
    case "cells": {
      const missing = target.sheets.find((sheet) => !hasName(options.sheets, sheet));
      return missing === undefined ? null : unknownSheet(missing, text, options.sheets);
    }
    case "structured": {
      if (target.table === null || options.tables === undefined || hasName(options.tables, target.table)) {
        return null;
      }
      return `Table "${target.table}" in "${text}" does not exist; the workbook's tables are: ${list(options.tables)}.`;
    }
    case "name": {
      if (target.sheet !== undefined && !hasName(options.sheets, target.sheet)) {
        return unknownSheet(target.sheet, text, options.sheets);
      }
      if (read.localNames.has(target.name.toLowerCase())) return null;
      // A bare table name (FILTER(Table1,...)) means the table's data.
      if (target.sheet === undefined && options.tables !== undefined && hasName(options.tables, target.name))
        return null;
      if (options.names !== undefined && hasName(options.names, target.name)) return null;
      return `"${text}" is neither a cell reference nor a defined name of this workbook (Excel would show #NAME?).`;
    }
    case "external":
      return `"${text}" refers to another file (${target.workbook}); formulas may only use this workbook's sheets.`;
    case "invalid":
      return `"${text}" is not a valid reference: ${target.reason}.`;
  }
}

function unknownSheet(sheet: string, text: string, sheets: readonly string[]): string {
  return `Sheet "${sheet}" in "${text}" does not exist; the workbook's sheets are: ${list(sheets)}.`;
}

function hasName(names: readonly string[], name: string): boolean {
  const folded = name.toLowerCase();
  return names.some((candidate) => candidate.toLowerCase() === folded);
}

function list(names: readonly string[]): string {
  return names.length ? names.map((name) => `"${name}"`).join(", ") : "(none)";
}
