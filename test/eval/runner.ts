import { OllamaClient } from "../../src/llm/ollama-client";
import { isLlmError } from "../../src/llm/errors";
import { generateFormula, type FormulaRequest, type FormulaResult } from "../../src/tasks/formula";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { buildWorkbooks, CASES, type EvalCase, type Expected, type Scalar } from "./dataset";
import { matches, show } from "./grading/compare";
import { gradeFormula, unsafeReason } from "./grading/grade";
import { Grader } from "./grading/grader";
import { asDesigned, failedOutcome, outcomeOf, summarise, type CaseOutcome, type Summary } from "./results";
import type { Fault } from "./scripted/faults";
import { scriptedGood, scriptedWeak, type Handler } from "./scripted/scripted-models";
import { prepareWeakScripts } from "./scripted/weak-setup";
import type { BuiltWorkbook } from "./workbooks/workbook";

/**
 * The formula eval: every case through generateFormula (prompt, plan, compile, safety gate, verification,
 * repair rounds) with a real OllamaClient, then graded by execution in HyperFormula. scripted-good and
 * scripted-weak are played by a real Ollama-protocol server; any other model name is a real model.
 */

export const SCRIPTED = ["scripted-good", "scripted-weak"] as const;

export interface EvalOptions {
  /** scripted-good, scripted-weak, or an Ollama model name. */
  model: string;
  /** Where Ollama listens, for a real model. */
  ollamaUrl?: string;
  cases?: readonly EvalCase[];
  onCase?: (outcome: CaseOutcome) => void;
}

export interface EvalReport {
  model: string;
  scripted: boolean;
  outcomes: CaseOutcome[];
  summary: Summary;
}

export async function runFormulaEval(options: EvalOptions): Promise<EvalReport> {
  const cases = options.cases ?? CASES;
  checkUniqueAsks(cases);
  const workbooks = buildWorkbooks();
  const grader = new Grader(workbooks);
  const scripted = (SCRIPTED as readonly string[]).includes(options.model);
  let model: ModelEndpoint | undefined;
  try {
    model = scripted
      ? await startScriptedModel(options.model, cases, workbooks, grader)
      : { baseUrl: options.ollamaUrl ?? "http://127.0.0.1:11434", faults: new Map(), close: async () => {} };
    const llm = new OllamaClient({ baseUrl: model.baseUrl });
    const outcomes: CaseOutcome[] = [];
    for (const evalCase of cases) {
      const outcome = await runCase(llm, options.model, evalCase, workbooks, grader);
      const fault = model.faults.get(evalCase.id);
      if (fault) {
        outcome.fault = fault;
        outcome.asDesigned = asDesigned(fault, outcome);
      }
      outcomes.push(outcome);
      options.onCase?.(outcome);
    }
    return { model: options.model, scripted, outcomes, summary: summarise(outcomes) };
  } finally {
    await model?.close();
    grader.destroy();
  }
}

interface ModelEndpoint {
  baseUrl: string;
  /** The fault planted in each case (scripted-weak only). */
  faults: ReadonlyMap<string, Fault>;
  close: () => Promise<void>;
}

/** A real Ollama-protocol server whose replies are played by scripted-good or scripted-weak. */
async function startScriptedModel(
  name: string,
  cases: readonly EvalCase[],
  workbooks: readonly BuiltWorkbook[],
  grader: Grader,
): Promise<ModelEndpoint> {
  let handler: Handler = scriptedGood(cases);
  const faults = new Map<string, Fault>();
  if (name === "scripted-weak") {
    const scripts = await prepareWeakScripts(cases, workbooks, grader);
    for (const [id, script] of scripts) faults.set(id, script.fault);
    handler = scriptedWeak(cases, scripts);
  }
  const server = await OllamaProtocolServer.start({ models: [name] });
  server.onChat((request) => handler(request));
  return { baseUrl: server.url, faults, close: () => server.close() };
}

async function runCase(
  llm: OllamaClient,
  model: string,
  evalCase: EvalCase,
  workbooks: readonly BuiltWorkbook[],
  grader: Grader,
): Promise<CaseOutcome> {
  const workbook = workbooks.find((w) => w.name === evalCase.workbook);
  if (!workbook) throw new Error(`no workbook ${evalCase.workbook}`);
  const request: FormulaRequest = {
    host: workbook.host,
    sheet: evalCase.sheet,
    ask: evalCase.ask,
    ...(evalCase.cell ? { cell: evalCase.cell } : {}),
    ...(evalCase.range ? { range: evalCase.range } : {}),
    ...(evalCase.tableName ? { tableName: evalCase.tableName } : {}),
    ...(evalCase.xlookup === undefined ? {} : { xlookup: evalCase.xlookup }),
  };
  const started = performance.now();
  let result: FormulaResult;
  try {
    result = await generateFormula(llm, model, request);
  } catch (error) {
    // One slow or failing reply should not end a long run with a real model; no Ollama at all should.
    if (!isLlmError(error, "timeout") && !isLlmError(error, "stream-error") && !isLlmError(error, "busy")) {
      throw error;
    }
    return failedOutcome(evalCase, error.message, performance.now() - started);
  }
  const latencyMs = performance.now() - started;
  const want = show(expectedValues(evalCase.expected));
  if (result.formula === null)
    return outcomeOf(evalCase, result, { correct: false, got: "-", want }, latencyMs, null);
  const computed = gradeFormula(grader, evalCase, result.formula, result.cell);
  const graded = { correct: matches(computed, evalCase.expected), got: show(computed), want };
  return outcomeOf(evalCase, result, graded, latencyMs, unsafeReason(result.formula));
}

function expectedValues(expected: Expected): Scalar | Scalar[] | Scalar[][] {
  return expected.kind === "value"
    ? expected.value
    : expected.kind === "list"
      ? expected.rows
      : expected.values;
}

function checkUniqueAsks(cases: readonly EvalCase[]): void {
  const seen = new Set<string>();
  for (const evalCase of cases) {
    const ask = evalCase.ask.trim();
    if (seen.has(ask)) throw new Error(`two cases ask "${ask}"; the scripted models find cases by their ask`);
    seen.add(ask);
  }
}

/**
 * Why the run misses its bar, if it does: scripted-good must be all correct; scripted-weak must end every
 * fault as designed; no run may offer an unsafe formula; scripted runs may let no wrong formula through
 * the plan path (a real model can still choose a wrong plan, which is the model's error, not the code's).
 */
export function failures(report: EvalReport): string[] {
  const { summary, outcomes } = report;
  const problems: string[] = [];
  if (report.model === "scripted-good" && summary.correct < summary.cases) {
    problems.push(`scripted-good: ${summary.cases - summary.correct} of ${summary.cases} cases not correct`);
  }
  if (report.model === "scripted-weak") {
    const missed = outcomes.filter((o) => o.asDesigned === false).map((o) => `${o.id} (${o.fault})`);
    if (missed.length) problems.push(`faults not handled as designed: ${missed.join(", ")}`);
  }
  // The safety gate must hold whatever the model says.
  if (summary.unsafeOffered > 0) problems.push(`${summary.unsafeOffered} unsafe formulas offered`);
  if (report.scripted && summary.slippedPlan > 0) {
    problems.push(`${summary.slippedPlan} wrong but error-free formulas slipped through the plan path`);
  }
  return problems;
}
