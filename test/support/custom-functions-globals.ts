/**
 * The `CustomFunctions` global that Excel provides at run time, reproduced with the same
 * constructor and error codes so functions/functions.ts runs unchanged under vitest.
 */
const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

class CustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
  }
}

Object.assign(globalThis, { CustomFunctions: { Error: CustomFunctionsError, ErrorCode } });
