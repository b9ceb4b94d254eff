import { describe, expect, it } from "vitest";
import { lazyCloudGate, type CloudGate } from "../../src/routing/cloud-gate";
import type { RouteDecision } from "../../src/routing/route-decision";

describe("lazyCloudGate", () => {
  it("builds the gate only when a task first reaches it, and only once", async () => {
    const local: RouteDecision = { route: "local", trigger: "none", reasons: ["stays"] };
    let loads = 0;
    const gate = lazyCloudGate(async () => {
      loads++;
      return { decide: async () => local, decline: async () => local } as unknown as CloudGate;
    });
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([
      gate.decide({ task: "formula", messages: [], signals: {} }),
      gate.decline("t"),
    ]);
    expect([first, second]).toEqual([local, local]);
    expect(loads).toBe(1);
  });
});
