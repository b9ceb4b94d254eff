import type { FormulaResult, FormulaStatus } from "../../src/tasks/formula";
import type { EvalCase } from "./dataset/case";
import type { Fault } from "./scripted/faults";

/** What happened to one case, and the figures the report adds up. */
export interface CaseOutcome {
  id: string;
  workbook: string;
  /** The good plan's kind, or free_form. */
  kind: string;
  fault?: Fault;
  status: FormulaStatus;
  formula: string | null;
  /** Where the offered formula came from. */
  path: "plan" | "free-form" | "none";
  correct: boolean;
  unsafe: string | null;
  refused: boolean;
  repairRounds: number;
  latencyMs: number;
  attempts: string[];
  /** Why it is not verified, or why there is no verified formula. */
  reason: string | null;
  got: string;
  want: string;
  /** scripted-weak: whether the planted fault ended the way it must (see faults.ts). */
  asDesigned?: boolean;
  /** Local model work for the case, over every round. */
  promptTokens: number;
  outputTokens: number;
}

export function outcomeOf(
  evalCase: EvalCase,
  result: FormulaResult,
  graded: { correct: boolean; got: string; want: string },
  latencyMs: number,
  unsafe: string | null,
): CaseOutcome {
  return {
    id: evalCase.id,
    workbook: evalCase.workbook,
    kind: evalCase.goodPlan.kind,
    status: result.status,
    formula: result.formula,
    path: result.formula === null ? "none" : result.plan ? "plan" : "free-form",
    correct: graded.correct,
    unsafe,
    refused: result.attempts.some((attempt) => attempt.outcome === "refused"),
    repairRounds: Math.max(0, result.attempts.length - 1),
    latencyMs,
    attempts: result.attempts.map((attempt) => attempt.outcome),
    reason: result.reason,
    got: graded.got,
    want: graded.want,
    promptTokens: result.usage.promptTokens,
    outputTokens: result.usage.outputTokens,
  };
}

/** A case whose model call failed (a real model timing out, say): no formula, and the error as the reason. */
export function failedOutcome(evalCase: EvalCase, message: string, latencyMs: number): CaseOutcome {
  return {
    id: evalCase.id,
    workbook: evalCase.workbook,
    kind: evalCase.goodPlan.kind,
    status: "no-verified-formula",
    formula: null,
    path: "none",
    correct: false,
    unsafe: null,
    refused: false,
    repairRounds: 0,
    latencyMs,
    attempts: ["error"],
    reason: message,
    got: "-",
    want: "-",
    promptTokens: 0,
    outputTokens: 0,
  };
}

/** The designed ending of each planted fault (faults.ts explains why). */
export function asDesigned(fault: Fault, outcome: CaseOutcome): boolean {
  const [first] = outcome.attempts;
  // Repaired: the right answer offered after the fault was caught. (A few right answers are "not verified":
  // the product's headless engine cannot vouch for them, with scripted-good too.)
  const repaired = outcome.correct && outcome.status !== "no-verified-formula" && outcome.repairRounds > 0;
  const noFormula = outcome.status === "no-verified-formula" && outcome.formula === null;
  switch (fault) {
    case "wrong-column":
      return first === "plan-error" && repaired;
    case "name-function":
      return (first === "refused" || first === "formula-error") && repaired;
    case "invalid-json":
      return first === "bad-output" && repaired;
    case "dangerous":
      return outcome.attempts.every((a) => a === "refused") && noFormula;
    case "never-recovers":
      return outcome.attempts.every((a) => a === "plan-error") && noFormula;
    case "off-by-one":
      // Undetectable by running it: it must come through the free-form path and be counted as slipped.
      return outcome.status === "verified" && outcome.path === "free-form" && !outcome.correct;
  }
}

export interface Summary {
  cases: number;
  correct: number;
  verified: number;
  notVerified: number;
  noVerified: number;
  refused: number;
  meanRepairRounds: number;
  meanLatencyMs: number;
  p95LatencyMs: number;
  unsafeOffered: number;
  /** Verified, error-free, and wrong. */
  slippedPlan: number;
  slippedFreeForm: number;
}

export function summarise(outcomes: readonly CaseOutcome[]): Summary {
  const count = (test: (o: CaseOutcome) => boolean) => outcomes.filter(test).length;
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const slipped = (path: CaseOutcome["path"]) =>
    count((o) => o.status === "verified" && !o.correct && o.path === path);
  return {
    cases: outcomes.length,
    correct: count((o) => o.correct),
    verified: count((o) => o.status === "verified"),
    notVerified: count((o) => o.status === "not-verified"),
    noVerified: count((o) => o.status === "no-verified-formula"),
    refused: count((o) => o.refused),
    meanRepairRounds: mean(outcomes.map((o) => o.repairRounds)),
    meanLatencyMs: mean(latencies),
    p95LatencyMs: latencies[Math.max(0, Math.ceil(latencies.length * 0.95) - 1)] ?? 0,
    unsafeOffered: count((o) => o.unsafe !== null),
    slippedPlan: slipped("plan"),
    slippedFreeForm: slipped("free-form"),
  };
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
