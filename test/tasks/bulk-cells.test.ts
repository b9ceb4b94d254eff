import { describe, expect, it } from "vitest";
import { BulkEngine, DEFAULT_MAX_ITEMS_PER_REQUEST, type PackedTask } from "../../src/bulk/bulk-engine";
import { NoCache } from "../../src/bulk/result-cache";
import { runOverGrid } from "../../src/tasks/bulk-cells";

/** Upper-cases each input; records, per request, how many submitted cells were still unanswered. */
function upperTask(engine: () => BulkEngine, pending: number[]): PackedTask<string> {
  return {
    family: "upper",
    cacheParts: ["upper"],
    async run(inputs) {
      const stats = engine().stats();
      pending.push(stats.submitted - stats.completed - stats.failed);
      return {
        results: inputs.map((input) => input.toUpperCase()),
        stats: { promptTokens: 0, outputTokens: 0, totalMs: 0, loadMs: 0, evalMs: 0 },
      };
    },
    encode: (result) => result,
    decode: (text) => text,
    itemTokens: () => 1,
  };
}

describe("runOverGrid", () => {
  it("asks once per distinct text, keeps the grid's shape, and counts every cell in the stats", async () => {
    const engine = new BulkEngine({ cache: new NoCache() });
    const task = upperTask(() => engine, []);
    const grid = [
      ["a", "  a ", null],
      ["#N/A", 7, "b"],
      ["", "a", true],
    ];
    const outcomes = await runOverGrid(engine, task, grid);
    expect(outcomes).toEqual([
      [{ kind: "result", result: "A" }, { kind: "result", result: "A" }, { kind: "blank" }],
      [
        { kind: "passed-error", code: "#N/A" },
        { kind: "result", result: "7" },
        { kind: "result", result: "B" },
      ],
      [{ kind: "blank" }, { kind: "result", result: "A" }, { kind: "result", result: "TRUE" }],
    ]);
    expect(engine.stats()).toMatchObject({ submitted: 6, deduplicated: 2, completed: 6, itemsSent: 4 });
  });

  it("keeps a bounded number of distinct inputs in the engine, however many rows there are", async () => {
    const pending: number[] = [];
    const engine = new BulkEngine({ cache: new NoCache() });
    const task = upperTask(() => engine, pending);
    const grid = Array.from({ length: 20_000 }, (_, i) => [`value ${i}`]);
    const outcomes = await runOverGrid(engine, task, grid);
    expect(outcomes[19_999]).toEqual([{ kind: "result", result: "VALUE 19999" }]);
    expect(engine.stats()).toMatchObject({
      submitted: 20_000,
      completed: 20_000,
      requests: Math.ceil(20_000 / DEFAULT_MAX_ITEMS_PER_REQUEST),
    });
    expect(pending.every((count) => count <= 2048)).toBe(true);
  });
});
