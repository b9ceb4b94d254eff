import type { ModelAnswer } from "../../../src/tasks/formula";
import type { InferenceRequest, ScriptedReply } from "../../support/ollama-protocol-server";
import type { EvalCase } from "../dataset/case";
import {
  dangerousFormula,
  madeUpFunctionFormula,
  truncatedJson,
  wrongColumnPlan,
  type Fault,
} from "./faults";

/**
 * The two scripted "models" behind a real Ollama-protocol server. Each finds its case from the request
 * text (the first user message ends with "Request: <ask>") and the repair round from the number of
 * user messages (generateFormula adds one per failed round, whatever went wrong).
 */

export interface WeakScript {
  fault: Fault;
  /** The good plan's formula written as a small model would, with A1 ranges (for the free-form faults). */
  goodFormula: string;
  /** For off-by-one: the formula with ranges stopping a row short. */
  offByOne?: string;
  /** Position among the cases with the same fault, to vary the dangerous formulas. */
  index: number;
}

export type Handler = (request: InferenceRequest) => ScriptedReply;

export function caseFinder(cases: readonly EvalCase[]): (request: InferenceRequest) => EvalCase {
  const byAsk = new Map(cases.map((evalCase) => [evalCase.ask.trim(), evalCase]));
  return (request) => {
    const first = request.messages.find((message) => message.role === "user")?.content ?? "";
    const ask = /^Request: (.*)$/m.exec(first)?.[1]?.trim() ?? "";
    const found = byAsk.get(ask);
    if (!found) throw new Error(`scripted model: no case asks ${JSON.stringify(ask)}`);
    return found;
  };
}

export function roundOf(request: InferenceRequest): number {
  return request.messages.filter((message) => message.role === "user").length - 1;
}

const reply = (answer: ModelAnswer): ScriptedReply => ({ content: JSON.stringify(answer) });
const freeForm = (formula: string): ScriptedReply => reply({ kind: "free_form", formula });

/** Always the right plan: proves the compiler and the verification, with no model in the way. */
export function scriptedGood(cases: readonly EvalCase[]): Handler {
  const find = caseFinder(cases);
  return (request) => reply(find(request).goodPlan);
}

/** One planted fault per case (see faults.ts), then the right plan on repair where the fault allows it. */
export function scriptedWeak(cases: readonly EvalCase[], scripts: ReadonlyMap<string, WeakScript>): Handler {
  const find = caseFinder(cases);
  return (request) => {
    const evalCase = find(request);
    const script = scripts.get(evalCase.id);
    if (!script) throw new Error(`scripted-weak: no fault for ${evalCase.id}`);
    const first = roundOf(request) === 0;
    switch (script.fault) {
      case "wrong-column":
        return reply(first ? wrongColumnPlan(evalCase.goodPlan) : evalCase.goodPlan);
      case "never-recovers":
        return reply(wrongColumnPlan(evalCase.goodPlan));
      case "off-by-one":
        return freeForm(script.offByOne ?? script.goodFormula);
      case "name-function":
        return first ? freeForm(madeUpFunctionFormula(script.goodFormula)) : reply(evalCase.goodPlan);
      case "invalid-json":
        return first ? { content: truncatedJson(evalCase.goodPlan) } : reply(evalCase.goodPlan);
      case "dangerous":
        return freeForm(dangerousFormula(script.index));
    }
  };
}
