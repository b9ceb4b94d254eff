import { SlmError } from "../../errors/slm-error";
import type { ValidationSuggestion } from "../../analysis/validation-rules";
import { rangeAt } from "./cell-writes";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * Puts suggested data-validation rules on their columns. Validation never changes a value, but a
 * column may already carry a rule of the user's: such columns are reported first and replaced
 * only when the caller says the user agreed. Every rule uses a "Warning" alert, so a person can
 * still keep an unusual but right value.
 */
export interface ExistingRules {
  /** Addresses of the suggestions' ranges that already have a rule (type other than "None"). */
  withRule: string[];
}

export async function readExistingRules(
  excel: ExcelBatch,
  suggestions: readonly ValidationSuggestion[],
): Promise<ExistingRules> {
  return excel(async (context) => {
    const validations = suggestions.map((suggestion) => {
      const validation = rangeAt(context, suggestion.address).dataValidation;
      validation.load("type");
      return { address: suggestion.address, validation };
    });
    await context.sync();
    return {
      withRule: validations
        .filter(({ validation }) => validation.type !== "None")
        .map(({ address }) => address),
    };
  });
}

export class ExistingRulesNeedConfirmation extends SlmError {
  override name = "ExistingRulesNeedConfirmation";
  constructor(readonly addresses: string[]) {
    super(
      "needs-confirmation",
      `${addresses.length} ${addresses.length === 1 ? "column already has" : "columns already have"} a validation rule (${addresses.join(", ")}); confirm replacing ${addresses.length === 1 ? "it" : "them"}.`,
    );
  }
}

/** Applies the rules in one batch; returns the addresses ruled. */
export async function applyValidationRules(
  excel: ExcelBatch,
  suggestions: readonly ValidationSuggestion[],
  options: { replaceExisting: boolean },
): Promise<string[]> {
  if (!options.replaceExisting) {
    const existing = await readExistingRules(excel, suggestions);
    if (existing.withRule.length > 0) throw new ExistingRulesNeedConfirmation(existing.withRule);
  }
  return excel(async (context) => {
    for (const suggestion of suggestions) {
      const validation = rangeAt(context, suggestion.address).dataValidation;
      validation.clear();
      validation.rule = suggestion.rule as Excel.DataValidationRule;
      validation.errorAlert = suggestion.errorAlert as Excel.DataValidationErrorAlert;
    }
    await context.sync();
    return suggestions.map((suggestion) => suggestion.address);
  });
}

/** Takes the rules off again (the "Remove" after applying). */
export async function removeValidationRules(excel: ExcelBatch, addresses: readonly string[]): Promise<void> {
  await excel(async (context) => {
    for (const address of addresses) rangeAt(context, address).dataValidation.clear();
    await context.sync();
  });
}
