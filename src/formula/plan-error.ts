/**
 * A plan (or the table it is about) that cannot become a formula. The message is written to be fed
 * back to the model as is: it names what was wrong and what would have been right, such as the
 * table's real headers when the model named a column that does not exist.
 */
export class PlanError extends Error {
  // Callers map errors by name, so the name must survive bundling.
  override readonly name = "PlanError";
  /** The column name that matched no header, when that was the problem. */
  readonly column?: string;
  /** The table's headers, when a column could not be resolved. */
  readonly knownHeaders?: readonly string[];

  constructor(message: string, details: { column?: string; knownHeaders?: readonly string[] } = {}) {
    super(message);
    if (details.column !== undefined) this.column = details.column;
    if (details.knownHeaders !== undefined) this.knownHeaders = details.knownHeaders;
  }
}
