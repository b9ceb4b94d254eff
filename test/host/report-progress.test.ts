import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  generateReportInExcel,
  REPORT_STEPS,
  ReportNotMadeError,
  type ReportStep,
} from "../../src/host/excel/ribbon-commands";
import { OllamaClient } from "../../src/llm/ollama-client";
import { factsNarrator, modelNarrator } from "../../src/report/narrative";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { addinReportServices } from "../../src/addin/report-services";
import { MemoryStore } from "../../src/settings/key-value-store";
import { FakeWorkbook } from "../support/excel-object-model";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

/**
 * The engine call the task pane's Report view uses: it reports each step as it starts, can be
 * cancelled (the model request is aborted and the report sheet says so), returns the report with
 * what the model wrote, and can skip the model.
 */
const TODAY = new Date("2025-06-30T12:00:00Z");
const REPORT_SHEET = "Report Data 2025-06-30";

function dataBook(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Data", [
      ["Region", "Revenue"],
      ["East", 1200],
      ["West", 1850],
      ["East", 1320],
    ])
    .select("Data!B3");
}

describe("generateReportInExcel for the task pane", () => {
  let ollama: OllamaProtocolServer;
  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
  });
  afterAll(() => ollama.close());
  beforeEach(() => {
    ollama.reset();
    configureAddinRuntime({});
  });

  it("reports every step in order and returns the report with the model's checked narrative", async () => {
    ollama.enqueue({
      content: JSON.stringify({ summary: "Revenue totals 4,370 over 3 rows.", highlights: [] }),
    });
    const book = dataBook();
    const steps: ReportStep[] = [];
    const llm = new OllamaClient({ baseUrl: ollama.url, retries: 0 });
    const result = await generateReportInExcel({
      excel: book.run,
      narrator: modelNarrator({ llm, model: "qwen2.5:3b" }),
      today: TODAY,
      onProgress: (step) => steps.push(step),
    });
    expect(steps).toEqual([...REPORT_STEPS]);
    expect(result.sheet).toBe(REPORT_SHEET);
    expect(result.report.narrative).toMatchObject({
      source: "model",
      summary: "Revenue totals 4,370 over 3 rows.",
    });
    expect(result.report.rows).toBe(3);
  });

  it("skips the narrate step's model call with a facts-only narrator", async () => {
    const book = dataBook();
    const result = await generateReportInExcel({ excel: book.run, narrator: factsNarrator, today: TODAY });
    expect(result.report.narrative.source).toBe("facts-only");
    expect(ollama.requests).toHaveLength(0);
  });

  it("cancelled while the model writes: the request is aborted and the report sheet says so", async () => {
    ollama.enqueue({ hang: true });
    const book = dataBook();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: ollama.url, excel: book.run });
    const abort = new AbortController();
    const services = await addinReportServices({ signal: abort.signal });
    const failure = await generateReportInExcel({
      ...services,
      today: TODAY,
      onProgress: (step) => {
        if (step === "narrate") setTimeout(() => abort.abort(), 50);
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReportNotMadeError);
    expect((failure as ReportNotMadeError).sheet).toBe(REPORT_SHEET);
    expect(String(book.sheets.get(REPORT_SHEET)?.[1]?.[0])).toBe(
      "The report could not be made: it was cancelled before it was finished.",
    );
    expect(ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(1);
  });

  it("a signal aborted before the start makes no sheet", async () => {
    const book = dataBook();
    const abort = new AbortController();
    abort.abort();
    await expect(
      generateReportInExcel({ excel: book.run, narrator: factsNarrator, signal: abort.signal }),
    ).rejects.toThrow();
    expect([...book.sheets.keys()]).toEqual(["Data"]);
  });

  it("the add-in's services skip the model when asked for facts only", async () => {
    const book = dataBook();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: ollama.url, excel: book.run });
    const services = await addinReportServices({ factsOnly: true });
    const result = await generateReportInExcel({ ...services, today: TODAY });
    expect(result.report.narrative.source).toBe("facts-only");
    expect(ollama.requests).toHaveLength(0);
  });
});
