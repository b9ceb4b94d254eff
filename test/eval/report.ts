import os from "node:os";
import type { CaseOutcome } from "./results";
import type { EvalReport } from "./runner";
import { FAULTS } from "./scripted/faults";

/** The eval's tables, in Markdown (printed, and appended to docs/benchmarks.md with --record). */

type Row = (string | number)[];

function table(columns: string[], rows: Row[]): string {
  const header = `| ${columns.join(" | ")} |\n|${columns.map(() => "---").join("|")}|`;
  return [header, ...rows.map((row) => `| ${row.map(String).join(" | ")} |`)].join("\n");
}

const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : "—");
const ms = (value: number) => value.toFixed(0);

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function summaryTable(report: EvalReport): string {
  const s = report.summary;
  return table(
    [
      "model",
      "cases",
      "correct by execution",
      "verified",
      "not verified",
      "no verified formula",
      "refused (cases)",
      "mean repair rounds",
      "latency mean / p95 ms",
      "unsafe offered",
      "wrong but error-free: plan / free-form",
    ],
    [
      [
        report.model,
        s.cases,
        `${s.correct} (${pct(s.correct, s.cases)})`,
        `${s.verified} (${pct(s.verified, s.cases)})`,
        s.notVerified,
        s.noVerified,
        s.refused,
        s.meanRepairRounds.toFixed(2),
        `${ms(s.meanLatencyMs)} / ${ms(s.p95LatencyMs)}`,
        s.unsafeOffered,
        `${s.slippedPlan} / ${s.slippedFreeForm}`,
      ],
    ],
  );
}

export function faultTable(outcomes: readonly CaseOutcome[]): string {
  const rows = FAULTS.map((fault) => {
    const group = outcomes.filter((o) => o.fault === fault);
    const count = (test: (o: CaseOutcome) => boolean) => group.filter(test).length;
    const rounds = group.reduce((total, o) => total + o.repairRounds, 0) / Math.max(1, group.length);
    return [
      fault,
      group.length,
      count((o) => o.asDesigned === true),
      count((o) => o.status === "verified"),
      count((o) => o.status === "not-verified"),
      count((o) => o.status === "no-verified-formula"),
      count((o) => o.correct),
      count((o) => o.status === "verified" && !o.correct),
      count((o) => o.unsafe !== null),
      rounds.toFixed(2),
    ];
  });
  return table(
    [
      "planted fault",
      "cases",
      "handled as designed",
      "verified",
      "not verified",
      "no verified formula",
      "correct",
      "wrong but error-free",
      "unsafe offered",
      "mean repair rounds",
    ],
    rows,
  );
}

/** Cases and correct answers per plan kind or per workbook. */
export function breakdownTable(outcomes: readonly CaseOutcome[], by: "kind" | "workbook"): string {
  const keys = [...new Set(outcomes.map((o) => o[by]))];
  return table(
    [by === "kind" ? "plan kind" : "workbook", "cases", "correct", "verified"],
    keys.map((key) => {
      const group = outcomes.filter((o) => o[by] === key);
      return [
        key,
        group.length,
        group.filter((o) => o.correct).length,
        group.filter((o) => o.status === "verified").length,
      ];
    }),
  );
}

const MAX_LISTED = 25;

/** Cases that did not end as they should: wrong answers (outside designed faults) and missed faults. */
export function problemList(outcomes: readonly CaseOutcome[]): string {
  const problems = outcomes.filter((o) => (o.fault ? o.asDesigned === false : !o.correct));
  const shown = problems.slice(0, MAX_LISTED);
  const more = problems.length > shown.length ? `\n- … and ${problems.length - shown.length} more` : "";
  return (
    shown
      .map(
        (o) =>
          `- ${o.id} (${o.kind}${o.fault ? `, ${o.fault}` : ""}): ${o.status} [${o.attempts.join(" → ")}] ` +
          `${o.formula ?? "(no formula)"}; got ${o.got}, want ${o.want}`,
      )
      .join("\n") + more
  );
}

export function markdown(report: EvalReport, date = new Date()): string {
  const parts = [
    `## formula eval — ${report.model} — ${date.toISOString().slice(0, 10)}`,
    `Machine: ${machine()}.`,
    summaryTable(report),
  ];
  if (report.model === "scripted-weak") parts.push(faultTable(report.outcomes));
  else parts.push(breakdownTable(report.outcomes, "kind"), breakdownTable(report.outcomes, "workbook"));
  const problems = problemList(report.outcomes);
  if (problems) parts.push(`Not as expected:\n\n${problems}`);
  const unverified = report.outcomes.filter((o) => o.status === "not-verified" && !o.fault);
  if (unverified.length) {
    const lines = unverified.slice(0, MAX_LISTED).map((o) => `- ${o.id} (${o.kind}): ${o.reason ?? ""}`);
    parts.push(
      `Offered as "not verified" (the product's headless engine could not vouch for them):\n\n${lines.join("\n")}`,
    );
  }
  parts.push(notes(report));
  return `\n${parts.join("\n\n")}\n`;
}

function notes(report: EvalReport): string {
  const lines = [
    "Graded by execution: each offered formula is run by HyperFormula (test-only, GPL) on the same cell " +
      "values and compared with values computed in TypeScript from the rows (relative tolerance 1e-9); " +
      "fill-down formulas are copied down like Excel's fill handle and checked row by row.",
    "Correct counts only formulas that are offered and give the expected values; latency is wall time of generateFormula per case.",
  ];
  if (report.scripted) {
    lines.push(
      "Scripted model on a real Ollama-protocol server (no model time): latency is the pipeline's own cost.",
    );
  }
  if (report.model === "scripted-weak") {
    lines.push(
      "Faults rotate over the cases (faults.ts). off-by-one goes only where cutting the last row changes the answer; " +
        "it is error-free, so verification cannot catch it and it is counted as wrong but error-free (free-form). " +
        "The plan path cannot write a range at all.",
    );
  }
  return lines.map((line) => `- ${line}`).join("\n");
}
