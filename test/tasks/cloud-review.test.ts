import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isCloudError } from "../../src/cloud/cloud-errors";
import { reviewAbstentions } from "../../src/tasks/cloud-review";
import { openAiHarness } from "../cloud/support/openai-harness";
import type { HarnessServer } from "../cloud/support/provider-harness";
import { makeRouter, policy } from "../routing/support/router-fixture";

/** Cloud review of REVIEW cells: only when allowed, redacted, and answered with the user's labels. */
describe("cloud review of abstained classifications", () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await openAiHarness.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const request = {
    texts: ["refund please, write to ann.lee@example.com", "the app crashes on login"],
    labels: ["billing", "bug", "praise"],
    header: "Feedback",
    threshold: 0.5,
  };

  it("sends the redacted texts under 'auto' when cloud review is allowed, and returns one label per text", async () => {
    const { router, audit } = makeRouter(
      openAiHarness.provider(server),
      policy("auto", { cloudReviewOfAbstains: true }),
    );
    server.enqueue({ value: { labels: ["billing", "bug"] } });
    const result = await reviewAbstentions(router, request);
    expect(result).toMatchObject({ status: "reviewed", labels: ["billing", "bug"] });
    const sent = server
      .calls()
      .map((call) => call.rawBody)
      .join("");
    expect(sent).not.toContain("ann.lee@example.com");
    expect(sent).toContain("the app crashes on login");
    expect(await audit.entries()).toHaveLength(1);
  });

  it("stays local, saying why, when cloud review of unsure answers is off", async () => {
    const { router } = makeRouter(
      openAiHarness.provider(server),
      policy("auto", { cloudReviewOfAbstains: false }),
    );
    const result = await reviewAbstentions(router, request);
    expect(result.status).toBe("local");
    expect(server.calls()).toHaveLength(0);
  });

  it("asks first under 'ask' and sends after approval", async () => {
    const { router } = makeRouter(
      openAiHarness.provider(server),
      policy("ask", { cloudReviewOfAbstains: true }),
    );
    const asked = await reviewAbstentions(router, request);
    if (asked.status !== "needs-consent") throw new Error(asked.status);
    expect(server.calls()).toHaveLength(0);
    server.enqueue({ value: { labels: ["billing", "praise"] } });
    const answered = await reviewAbstentions(router, request, {
      decision: router.approve(asked.consent.ticket),
    });
    expect(answered).toMatchObject({ status: "reviewed", labels: ["billing", "praise"] });
  });

  it("refuses an answer that does not label every text", async () => {
    const { router } = makeRouter(
      openAiHarness.provider(server),
      policy("auto", { cloudReviewOfAbstains: true }),
    );
    server.enqueue({ value: { labels: ["billing"] } });
    const failure = await reviewAbstentions(router, request).catch((error: unknown) => error);
    expect(isCloudError(failure, "bad-output")).toBe(true);
  });
});
