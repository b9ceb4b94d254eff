import type { Severity } from "../finding";
import type { SheetCells } from "../formula-sheet";
import { formulaFinding, type FormulaFinding } from "./formula-finding";
import { formulaRuns, runSubject } from "./formula-runs";

interface Advice {
  severity: Severity;
  effect: string;
  fix: string;
}

const CHANGING = "changes every time Excel recalculates, so the result is never fixed";
const HIDDEN =
  "recalculates on every change in the workbook (slowing large ones), and the cells it reads are hidden from " +
  "Trace Precedents and can move silently when rows or columns are inserted";

/**
 * Volatile functions recalculate on every edit anywhere. NOW and RAND are usually wanted as they are, so
 * they are noted; OFFSET and INDIRECT usually have a sturdier replacement, so they are warned about.
 */
const VOLATILE = new Map<string, Advice>(
  Object.entries({
    NOW: {
      severity: "info",
      effect: CHANGING,
      fix: "To record a fixed time, type it (Ctrl+Shift+;) instead.",
    },
    TODAY: { severity: "info", effect: CHANGING, fix: "To record a fixed date, type it (Ctrl+;) instead." },
    RAND: {
      severity: "info",
      effect: CHANGING,
      fix: "If the numbers should stay put, paste them as values (Paste Special › Values).",
    },
    RANDBETWEEN: {
      severity: "info",
      effect: CHANGING,
      fix: "If the numbers should stay put, paste them as values (Paste Special › Values).",
    },
    RANDARRAY: {
      severity: "info",
      effect: CHANGING,
      fix: "If the numbers should stay put, paste them as values (Paste Special › Values).",
    },
    OFFSET: {
      severity: "warning",
      effect: HIDDEN,
      fix: "Use INDEX, which is not volatile: e.g. A1:INDEX(A:A, n).",
    },
    INDIRECT: {
      severity: "warning",
      effect: HIDDEN,
      fix: "Refer to the cells directly, or pick among ranges with CHOOSE or INDEX instead of building addresses as text.",
    },
    INFO: {
      severity: "info",
      effect: "recalculates on every change",
      fix: "Keep it only if the live value is needed.",
    },
    CELL: {
      severity: "info",
      effect: "recalculates on every change",
      fix: "Keep it only if the live value is needed.",
    },
  } satisfies Record<string, Advice>),
);

export function volatileFunctions(cells: SheetCells): FormulaFinding[] {
  const findings: FormulaFinding[] = [];
  for (const run of formulaRuns(cells.formulas)) {
    const used = [...new Set(run.first.calls.filter((name) => VOLATILE.has(name)))];
    if (!used.length) continue;
    const advice = used.map((name) => VOLATILE.get(name) as Advice);
    const severity: Severity = advice.some((item) => item.severity === "warning") ? "warning" : "info";
    const effects = used.map((name, i) => `${name} ${advice[i]?.effect}`).join("; ");
    findings.push(
      formulaFinding(
        cells,
        run.first.at,
        {
          kind: "volatile-function",
          severity,
          r1c1: run.first.r1c1,
          reason: `${runSubject(run)} ${run.size === 1 ? "uses" : "use"} a volatile function: ${effects}.`,
          fix: [...new Set(advice.map((item) => item.fix))].join(" "),
        },
        run.last.at,
      ),
    );
  }
  return findings;
}
