/** What executing a plan gives: a small table of results and every number it computed. */

export type ResultCell = string | number | null;

export interface PlanResult {
  /** Header of each result column. */
  columns: string[];
  rows: ResultCell[][];
  /** Every number the computation produced (result cells, counts, totals): what prose may state. */
  numbers: number[];
  /** Data rows that met the filters, of all data rows. */
  rowsIncluded: number;
  rowsTotal: number;
  /** Data quirks that affect the result: text numbers counted, blanks and errors left out. */
  notes: string[];
  /** Result rows left out of `rows` (a long list), so no one reads a cut list as whole. */
  rowsOmitted: number;
}
