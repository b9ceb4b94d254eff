import { SlmError } from "../errors/slm-error";

/**
 * An analysis plan that does not fit the table (an unknown column, a sum over a text column, a date
 * compared with "March"). The message is written to go back to the model as is in the repair loop,
 * and to the user when repair runs out: it says what was wrong and what would be right.
 */
export class AnalysisPlanError extends SlmError {
  override name = "AnalysisPlanError";
  constructor(message: string) {
    super("bad-output", message);
  }
}
