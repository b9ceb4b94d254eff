import type { StructuredChatModel } from "../llm/chat-model";
import type { PackedTask } from "../bulk/bulk-engine";
import { classifyTask, parseLabels, type Classification } from "./classify";
import { extractField, extractTask } from "./extract";
import { ruleCheckTask, ruleText, type RuleVerdict } from "./rule-check";

/**
 * The bulk cell tasks (=SLM.CLASSIFY, =SLM.EXTRACT, =SLM.VALIDATE), defined once for the custom
 * functions, the CLI and the task pane: what each one packs, how wide its output is and how a
 * result reads in cells. Surfaces only say how they write an empty cell and an error cell
 * (`renderOutcomeGrid`), so a label written by the CLI, the pane or a formula is the same label.
 */
export type CellTaskSpec =
  | { kind: "classify"; labels: readonly string[]; instructions?: string; withConfidence?: boolean }
  | { kind: "extract"; what: string }
  | { kind: "validate"; rule: string; withReason?: boolean };

export type CellTaskKind = CellTaskSpec["kind"];

/** Settings that decide how a classification is shown (the add-in's settings, the CLI's --threshold). */
export interface AbstainSettings {
  confidenceThreshold: number;
  abstainLabel: string;
}

/** One result as it reads in cells. */
export interface RenderedResult {
  /** The first column: the label (or the abstain label), the extracted text, TRUE/FALSE. */
  value: string | boolean;
  /** The second column of a two-wide task: the confidence (null when unknown) or the reason. */
  detail?: number | string | null;
  /** The model was not sure enough, so the abstain label is shown instead of its label. */
  abstained: boolean;
}

export interface CellTask {
  readonly kind: CellTaskKind;
  /** What goes to the bulk engine: prompt, schema, family and cache parts. */
  readonly packed: PackedTask<unknown>;
  /** Cells per input cell: 1, or 2 with the confidence or reason column. */
  readonly width: 1 | 2;
  /** How one result of `packed` reads in cells. */
  render(result: unknown): RenderedResult;
}

/** Confidence as a cell shows it: three decimals are plenty for a probability and read well. */
export function roundedConfidence(confidence: number | null): number | null {
  return confidence === null ? null : Math.round(confidence * 1000) / 1000;
}

/** The label to show: the abstain label when the model was not sure enough. */
export function renderClassification(
  result: Classification,
  abstain: AbstainSettings,
  withConfidence = false,
): RenderedResult {
  const unsure = result.confidence !== null && result.confidence < abstain.confidenceThreshold;
  const value = unsure ? abstain.abstainLabel : result.label;
  const rendered: RenderedResult = { value, abstained: value !== result.label };
  if (withConfidence) rendered.detail = roundedConfidence(result.confidence);
  return rendered;
}

export function renderVerdict(verdict: RuleVerdict, withReason = false): RenderedResult {
  const rendered: RenderedResult = { value: verdict.valid, abstained: false };
  if (withReason) rendered.detail = verdict.reason;
  return rendered;
}

/** Checks a task's parameters before any cell is read or any client exists, with the task's own messages. */
export function checkCellTaskSpec(spec: CellTaskSpec): void {
  if (spec.kind === "classify") parseLabels([spec.labels]);
  else if (spec.kind === "extract") extractField(spec.what);
  else ruleText(spec.rule);
}

/** The engine hands `render` exactly what `packed` produced (or decoded from the cache): one cast here. */
function defined<R>(
  kind: CellTaskKind,
  packed: PackedTask<R>,
  width: 1 | 2,
  render: (result: R) => RenderedResult,
): CellTask {
  return { kind, packed: packed as PackedTask<unknown>, width, render: (result) => render(result as R) };
}

/** The one way a surface builds a bulk cell task: same family and cache parts everywhere. */
export function cellTask(
  llm: StructuredChatModel,
  model: string,
  spec: CellTaskSpec,
  abstain: AbstainSettings,
): CellTask {
  checkCellTaskSpec(spec);
  switch (spec.kind) {
    case "classify": {
      const withConfidence = spec.withConfidence === true;
      const packed = classifyTask(llm, model, { labels: spec.labels, instructions: spec.instructions });
      return defined<Classification>("classify", packed, withConfidence ? 2 : 1, (result) =>
        renderClassification(result, abstain, withConfidence),
      );
    }
    case "extract":
      return defined<string>("extract", extractTask(llm, model, spec.what), 1, (value) => ({
        value,
        abstained: false,
      }));
    case "validate": {
      const withReason = spec.withReason === true;
      return defined<RuleVerdict>(
        "validate",
        ruleCheckTask(llm, model, spec.rule),
        withReason ? 2 : 1,
        (verdict) => renderVerdict(verdict, withReason),
      );
    }
  }
}
