/**
 * What every check reports, whether it looked at data or formulas: where, how bad, why in plain words,
 * and what to do. The words are final for the deterministic report; a model may later retell them.
 */
export type Severity = "info" | "warning" | "error";

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor];
}

export interface Finding<Kind extends string> {
  kind: Kind;
  severity: Severity;
  /** A1 address with the sheet when known: "Data!C7", or a block such as "Data!D2:D40". */
  address: string;
  /** Sheet position (0-based) of the address's first cell. */
  row: number;
  col: number;
  reason: string;
  fix: string;
}
