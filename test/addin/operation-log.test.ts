import { describe, expect, it } from "vitest";
import { LlmError } from "../../src/llm/errors";
import { OperationLog } from "../../src/addin/operation-log";

describe("the session's operation log", () => {
  it("records how each operation ended, newest first, and passes results and errors through", async () => {
    const log = new OperationLog();
    const seen: number[] = [];
    log.subscribe((operations) => seen.push(operations.length));

    const value = await log.record(
      "formula",
      "total revenue",
      async () => 42,
      (result) => ({
        source: "local",
        model: "qwen2.5:3b",
        detail: `gave ${result}`,
      }),
    );
    expect(value).toBe(42);
    await expect(
      log.record(
        "report",
        "Sales",
        () => Promise.reject(new Error("The sheet is empty.")),
        () => ({
          source: null,
          model: null,
          detail: "",
        }),
      ),
    ).rejects.toThrow("The sheet is empty.");
    await expect(
      log.record(
        "explain",
        "=SUM(A1:A3)",
        () => Promise.reject(new LlmError("cancelled", "stopped")),
        () => ({
          source: null,
          model: null,
          detail: "",
        }),
      ),
    ).rejects.toThrow();

    expect(log.list().map((operation) => [operation.kind, operation.outcome, operation.detail])).toEqual([
      ["explain", "cancelled", "Cancelled."],
      ["report", "failed", "The sheet is empty."],
      ["formula", "done", "gave 42"],
    ]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("keeps the last 50", async () => {
    const log = new OperationLog();
    for (let i = 0; i < 60; i++) {
      await log.record(
        "classify",
        `run ${i}`,
        async () => i,
        () => ({ source: "local", model: null, detail: "" }),
      );
    }
    expect(log.list()).toHaveLength(50);
    expect(log.list()[0]!.subject).toBe("run 59");
  });
});
