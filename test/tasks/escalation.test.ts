import { describe, expect, it } from "vitest";
import type { CloudGate } from "../../src/routing/cloud-gate";
import { consentKey } from "../../src/routing/consent-key";
import type { ConsentRequest, RouteDecision, RouteRequest } from "../../src/routing/route-decision";
import { runWithEscalation, type EscalatingTask } from "../../src/tasks/escalation";

/** The one escalation path, on a scripted gate: what it asks, sends, counts and returns. */

const CONSENT: ConsentRequest = {
  ticket: "t-1",
  provider: "OpenAI",
  model: "gpt-4o-mini",
  payload: [{ role: "user", content: "[NAME_1] asks" }],
  redactions: { personName: 1 },
  estimatedCost: { model: "gpt-4o-mini", inputTokens: 10, outputTokens: 5, usd: 0.001 },
  expiresAt: "2099-01-01T00:00:00.000Z",
};
const LOCAL: RouteDecision = { route: "local", trigger: "none", reasons: ["Nothing calls for the cloud."] };
const CLOUD: RouteDecision = { route: "cloud", trigger: "user-request", reasons: ["Asked."], ticket: "t-0" };
const ASK: RouteDecision = {
  route: "needs-consent",
  trigger: "user-request",
  reasons: ["Needs approval."],
  ticket: "t-1",
  consent: CONSENT,
};
const APPROVED: RouteDecision = { ...CLOUD, ticket: "t-1", reasons: ["You approved sending it."] };

interface Calls {
  decide: RouteRequest[];
  approve: string[];
  recordLocal: { task: string; inputTokens: number; outputTokens: number }[];
  local: number;
  cloud: RouteDecision[];
}

function scriptedGate(decision: RouteDecision, calls: Calls, recordFails = false): CloudGate {
  const unused = () => Promise.reject(new Error("not used by the engine"));
  return {
    decide: async (request) => (calls.decide.push(request), decision),
    approve: async (ticket) => (calls.approve.push(ticket), APPROVED),
    decline: unused,
    sendStructured: unused,
    sendText: unused,
    recordLocal: async (work) => {
      calls.recordLocal.push(work);
      if (recordFails) throw new Error("relay went away");
      return {} as never;
    },
    today: unused,
  };
}

function newCalls(): Calls {
  return { decide: [], approve: [], recordLocal: [], local: 0, cloud: [] };
}

const REQUEST: RouteRequest = { task: "explain", messages: [], signals: { userAskedForCloud: true } };

/** A task whose local run answers "local" and whose cloud run answers "cloud". */
function task(
  calls: Calls,
  order: "decide-first" | "local-first",
  routeRequest: (local: string | null) => RouteRequest | null = () => REQUEST,
): EscalatingTask<string, string> {
  return {
    task: "explain",
    keyParts: ["=SUM(A1:A3)"],
    order,
    routeRequest: async (local) => routeRequest(local),
    runLocal: async () => (calls.local++, { result: "local", usage: { inputTokens: 7, outputTokens: 3 } }),
    runCloud: async (decision) => (calls.cloud.push(decision), { result: "cloud", costUsd: 0.002 }),
  };
}

describe("runWithEscalation", () => {
  it("without a gate runs only the local model and asks nobody", async () => {
    const calls = newCalls();
    expect(await runWithEscalation(task(calls, "decide-first"))).toEqual({
      status: "local",
      result: "local",
      decision: null,
    });
    expect(calls.local).toBe(1);
  });

  it("decide first: a local decision runs the local model, counts its work and says why", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(task(calls, "decide-first"), {
      gate: scriptedGate(LOCAL, calls),
    });
    expect(outcome).toEqual({ status: "local", result: "local", decision: LOCAL });
    expect(calls.decide).toEqual([REQUEST]);
    expect(calls.recordLocal).toEqual([{ task: "explain", inputTokens: 7, outputTokens: 3 }]);
  });

  it("counting local work may fail without costing the answer", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(task(calls, "decide-first"), {
      gate: scriptedGate(LOCAL, calls, true),
    });
    expect(outcome.status).toBe("local");
  });

  it("decide first: a cloud decision sends, never runs the local model, and reports the cost", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(task(calls, "decide-first"), {
      gate: scriptedGate(CLOUD, calls),
    });
    expect(outcome).toEqual({ status: "cloud", result: "cloud", decision: CLOUD, costUsd: 0.002 });
    expect(calls.local).toBe(0);
    expect(calls.cloud).toEqual([CLOUD]);
  });

  it("needs consent: returns the router's consent request and the one consent key, and runs nothing", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(task(calls, "decide-first"), {
      gate: scriptedGate(ASK, calls),
      requester: "Model!C1",
    });
    expect(outcome).toEqual({
      status: "needs-consent",
      task: "explain",
      consent: CONSENT,
      consentKey: consentKey("explain", ["Model!C1", "=SUM(A1:A3)"]),
      decision: ASK,
      local: null,
    });
    expect(calls.local + calls.cloud.length).toBe(0);
  });

  it("consent given in advance (the CLI's --yes) approves the ticket and sends", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(task(calls, "decide-first"), {
      gate: scriptedGate(ASK, calls),
      preapproved: true,
    });
    expect(calls.approve).toEqual(["t-1"]);
    expect(outcome).toMatchObject({ status: "cloud", decision: APPROVED });
  });

  it("resumes with a decision kept under the consent key, and uses it up", async () => {
    const calls = newCalls();
    const kept = new Map([[consentKey("explain", ["Model!C1", "=SUM(A1:A3)"]), APPROVED]]);
    const decisions = {
      take(key: string) {
        const decision = kept.get(key);
        kept.delete(key);
        return decision;
      },
    };
    const context = { gate: scriptedGate(ASK, calls), decisions, requester: "Model!C1" };
    expect(await runWithEscalation(task(calls, "decide-first"), context)).toMatchObject({ status: "cloud" });
    expect(calls.decide).toEqual([]);
    // Used up: the next run asks again.
    expect(await runWithEscalation(task(calls, "decide-first"), context)).toMatchObject({
      status: "needs-consent",
    });
    // Another cell's request is another request.
    kept.set(consentKey("explain", ["Model!C1", "=SUM(A1:A3)"]), APPROVED);
    expect(
      await runWithEscalation(task(calls, "decide-first"), { ...context, requester: "Model!C2" }),
    ).toMatchObject({ status: "needs-consent" });
  });

  it("decide first: when nothing calls for the cloud, nobody is asked and the route is null", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(
      task(calls, "decide-first", () => null),
      {
        gate: scriptedGate(CLOUD, calls),
        decision: APPROVED,
      },
    );
    expect(outcome).toEqual({ status: "local", result: "local", decision: null });
    expect(calls.decide).toEqual([]);
  });

  it("local first: a good local result is kept without asking the router", async () => {
    const calls = newCalls();
    const outcome = await runWithEscalation(
      task(calls, "local-first", () => null),
      { gate: scriptedGate(CLOUD, calls) },
    );
    expect(outcome).toEqual({ status: "local", result: "local", decision: null });
    expect(calls.decide).toEqual([]);
  });

  it("local first: a failed local result is routed, and waits for consent together with it", async () => {
    const calls = newCalls();
    const seen: (string | null)[] = [];
    const outcome = await runWithEscalation(
      task(calls, "local-first", (local) => (seen.push(local), REQUEST)),
      { gate: scriptedGate(ASK, calls) },
    );
    expect(seen).toEqual(["local"]);
    expect(outcome).toMatchObject({ status: "needs-consent", local: "local" });
  });

  it("local first: an approval skips the local model; a decline keeps the local result in hand", async () => {
    const calls = newCalls();
    const gate = scriptedGate(ASK, calls);
    const approved = await runWithEscalation(task(calls, "local-first"), { gate, decision: APPROVED });
    expect(approved).toMatchObject({ status: "cloud", result: "cloud" });
    const declined: RouteDecision = { ...LOCAL, reasons: ["You declined."] };
    const kept = await runWithEscalation(task(calls, "local-first"), {
      gate,
      decision: declined,
      local: "shown before",
    });
    expect(kept).toEqual({ status: "local", result: "shown before", decision: declined });
    expect(calls.local).toBe(0);
    expect(calls.decide).toEqual([]);
  });
});

describe("consentKey", () => {
  it("names the same request the same way, and never two requests alike", () => {
    expect(consentKey("ask", ["A1", "Summarise"])).toBe(consentKey("ask", ["A1", "Summarise"]));
    expect(consentKey("ask", ["a|b", ""])).not.toBe(consentKey("ask", ["a", "b|"]));
    expect(consentKey("ask", ["x"])).not.toBe(consentKey("explain", ["x"]));
    expect(consentKey("ask", [undefined, "x"])).toBe(consentKey("ask", ["", "x"]));
  });
});
