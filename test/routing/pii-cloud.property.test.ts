import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/cloud/cloud-provider";
import { encodeTable } from "../../src/sheet/table-text";
import type { CellGrid } from "../../src/sheet/cells";
import { anthropicHarness } from "../cloud/support/anthropic-harness";
import { openAiHarness } from "../cloud/support/openai-harness";
import type { HarnessServer } from "../cloud/support/provider-harness";
import { sheetWithPii } from "../privacy/support/pii-arbitraries";
import { Answer, makeRouter, policy } from "./support/router-fixture";

/**
 * End to end, through the router and the real SDKs: random PII planted in sheet cells never
 * appears in any request body a cloud server receives, and an answer that refers to the
 * placeholders comes back with the originals in place.
 */

const PLACEHOLDER = /\[[A-Z]+(?:_[A-Z]+)*_\d+\]/g;

function messagesFor(grid: CellGrid): ChatMessage[] {
  return [
    {
      role: "system",
      content: "You answer questions about the user's table. Refer to cells by their values.",
    },
    {
      role: "user",
      content: `Who should we contact first?\n${encodeTable(grid, { firstRowIsHeader: true }).text}`,
    },
  ];
}

describe.each([openAiHarness, anthropicHarness])("PII never reaches the cloud ($name)", (harness) => {
  let server: HarnessServer;

  beforeAll(async () => {
    server = await harness.start();
    // The "model" repeats every placeholder it was shown, as an answer about the rows would.
    server.onRequest(({ request }) => {
      const placeholders = [...new Set(request.text.match(PLACEHOLDER) ?? [])];
      return { value: { answer: `Contact ${placeholders.join(", ")}.` } };
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("planted PII is absent from every request body, and answers come back restored", async () => {
    const { router } = makeRouter(harness.provider(server), policy("auto", { maxRequestsPerDay: 10_000 }));
    await fc.assert(
      fc.asyncProperty(sheetWithPii, fc.boolean(), async ({ grid, planted }, compose) => {
        const before = server.calls().length;
        const decision = await router.decide({
          task: "ask",
          messages: messagesFor(grid),
          tables: [grid],
          ...(compose ? { composeCloudMessages: (tables: CellGrid[]) => messagesFor(tables[0] ?? []) } : {}),
          signals: { userAskedForCloud: true },
        });
        expect(decision.route).toBe("cloud");
        const result = await router.sendStructured(decision, Answer);

        const calls = server.calls().slice(before);
        expect(calls).toHaveLength(1);
        for (const call of calls) {
          for (const pii of planted) {
            expect(call.rawBody, `${pii.category} ${JSON.stringify(pii.value)} was sent`).not.toContain(
              pii.value,
            );
          }
          expect(JSON.stringify(call.body)).toMatch(PLACEHOLDER);
        }
        for (const pii of planted) expect(result.value.answer).toContain(pii.value);
        expect(result.value.answer).not.toMatch(PLACEHOLDER);
      }),
      { numRuns: 30 },
    );
  });
});
