import { describe, expect, it } from "vitest";
import { OllamaClient } from "../../src/llm/ollama-client";
import type { CellOutcome } from "../../src/tasks/bulk-cells";
import { renderOutcomeGrid } from "../../src/tasks/cell-task-grid";
import {
  cellTask,
  checkCellTaskSpec,
  renderClassification,
  renderVerdict,
  roundedConfidence,
  type RenderedResult,
} from "../../src/tasks/cell-tasks";
import { parseLabels } from "../../src/tasks/classify";

const LABELS = ["billing", "bug", "praise"];
const ABSTAIN = { confidenceThreshold: 0.5, abstainLabel: "REVIEW" };
// Never called: these tests only build tasks and render results.
const llm = new OllamaClient({ baseUrl: "http://127.0.0.1:9", retries: 0 });

describe("the one label parser", () => {
  it("reads label cells as =SLM.CLASSIFY does", () => {
    expect(parseLabels([["billing, bug, praise"]])).toEqual(LABELS);
    expect(parseLabels([["billing"], [""], ["bug"], ["praise"]])).toEqual(LABELS);
    expect(() => parseLabels([["only one"]])).toThrow(/at least two labels/);
  });

  it("reads text, keeps commas inside label cells and refuses repeated labels", () => {
    expect(parseLabels(" billing ,bug,, praise ")).toEqual(LABELS);
    expect(parseLabels([["a, b"], ["c"]])).toEqual(["a, b", "c"]);
    expect(() => parseLabels("a, b, A")).toThrow(/appears twice/);
  });
});

describe("how a result reads in cells", () => {
  it("shows the abstain label below the threshold, never when the confidence is unknown", () => {
    expect(renderClassification({ label: "bug", confidence: 0.95 }, ABSTAIN)).toEqual({
      value: "bug",
      abstained: false,
    });
    expect(renderClassification({ label: "bug", confidence: 0.2 }, ABSTAIN)).toEqual({
      value: "REVIEW",
      abstained: true,
    });
    expect(renderClassification({ label: "bug", confidence: null }, ABSTAIN)).toEqual({
      value: "bug",
      abstained: false,
    });
    // A user label that happens to be the abstain label is the model's answer, not an abstention.
    expect(renderClassification({ label: "REVIEW", confidence: 0.1 }, ABSTAIN).abstained).toBe(false);
  });

  it("rounds the confidence to three places in the second column", () => {
    expect(renderClassification({ label: "bug", confidence: 0.87654 }, ABSTAIN, true)).toEqual({
      value: "bug",
      detail: 0.877,
      abstained: false,
    });
    expect(renderClassification({ label: "bug", confidence: null }, ABSTAIN, true).detail).toBeNull();
    expect(roundedConfidence(1)).toBe(1);
  });

  it("gives TRUE/FALSE and the reason on request", () => {
    expect(renderVerdict({ valid: false, reason: "no refund" })).toEqual({ value: false, abstained: false });
    expect(renderVerdict({ valid: true, reason: "mentions a refund" }, true)).toEqual({
      value: true,
      detail: "mentions a refund",
      abstained: false,
    });
  });
});

describe("cellTask", () => {
  it("is one column, or two with confidence or reason, over the same cached work", () => {
    const plain = cellTask(llm, "m", { kind: "classify", labels: LABELS }, ABSTAIN);
    const withConfidence = cellTask(
      llm,
      "m",
      { kind: "classify", labels: LABELS, withConfidence: true },
      {
        confidenceThreshold: 0.9,
        abstainLabel: "CHECK",
      },
    );
    expect([plain.width, withConfidence.width]).toEqual([1, 2]);
    // How a result is shown never changes what is asked or cached.
    expect(withConfidence.packed.family).toBe(plain.packed.family);
    expect(withConfidence.packed.cacheParts).toEqual(plain.packed.cacheParts);
    expect(withConfidence.render({ label: "bug", confidence: 0.8 })).toEqual({
      value: "CHECK",
      detail: 0.8,
      abstained: true,
    });

    expect(cellTask(llm, "m", { kind: "extract", what: "city" }, ABSTAIN).width).toBe(1);
    const reasons = cellTask(llm, "m", { kind: "validate", rule: "is a city", withReason: true }, ABSTAIN);
    expect(reasons.width).toBe(2);
    expect(reasons.render({ valid: true, reason: "a city" })).toEqual({
      value: true,
      detail: "a city",
      abstained: false,
    });
  });

  it("refuses unusable parameters before any client is needed, with one message per task", () => {
    expect(() => checkCellTaskSpec({ kind: "classify", labels: ["one"] })).toThrow(/at least two labels/);
    expect(() => checkCellTaskSpec({ kind: "extract", what: "  " })).toThrow(/Say what to extract/);
    expect(() => checkCellTaskSpec({ kind: "validate", rule: "" })).toThrow(/Give the rule to check/);
    expect(() => cellTask(llm, "m", { kind: "extract", what: "" }, ABSTAIN)).toThrow(/Say what to extract/);
  });
});

describe("renderOutcomeGrid", () => {
  const writer = {
    empty: null,
    passedError: (code: string) => ({ error: code }),
    failed: () => ({ error: "#N/A" }),
  };

  it("fills the task's width for every cell: results, blanks, passed and failed errors", () => {
    const task = cellTask(llm, "m", { kind: "classify", labels: LABELS, withConfidence: true }, ABSTAIN);
    const sure: CellOutcome<unknown> = { kind: "result", result: { label: "bug", confidence: 0.9 } };
    const unknown: CellOutcome<unknown> = { kind: "result", result: { label: "praise", confidence: null } };
    const seen: RenderedResult[] = [];
    const grid = renderOutcomeGrid(
      task,
      [
        [sure],
        [unknown],
        [{ kind: "blank" }],
        [{ kind: "passed-error", code: "#DIV/0!" }],
        [{ kind: "failed", error: new Error("x") }],
      ],
      { ...writer, onResult: (rendered) => seen.push(rendered) },
    );
    expect(grid).toEqual([
      ["bug", 0.9],
      ["praise", null],
      [null, null],
      [{ error: "#DIV/0!" }, null],
      [{ error: "#N/A" }, null],
    ]);
    expect(seen.map((rendered) => rendered.value)).toEqual(["bug", "praise"]);
  });

  it("writes one cell per input for a one-wide task, row by row", () => {
    const task = cellTask(llm, "m", { kind: "extract", what: "city" }, ABSTAIN);
    const grid = renderOutcomeGrid(task, [[{ kind: "result", result: "Paris" }, { kind: "blank" }]], writer);
    expect(grid).toEqual([["Paris", null]]);
  });
});
