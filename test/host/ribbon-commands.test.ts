import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  GENERATE_REPORT_ACTION,
  generateReportInExcel,
  onRibbonNotice,
  registerRibbonCommands,
  ReportNotMadeError,
  runGenerateReport,
  type CommandEvent,
  type OfficeCommands,
  type ReportServices,
} from "../../src/host/excel/ribbon-commands";
import { OllamaClient } from "../../src/llm/ollama-client";
import { modelNarrator } from "../../src/report/narrative";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { addinReportServices } from "../../src/addin/report-services";
import { MemoryStore } from "../../src/settings/key-value-store";
import { FakeWorkbook } from "../support/excel-object-model";
import { closedPortUrl } from "../support/network";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

const TODAY = new Date("2025-06-30T12:00:00Z");
const REPORT_SHEET = "Report Data 2025-06-30";

function dataBook(): FakeWorkbook {
  return new FakeWorkbook()
    .addSheet("Data", [
      ["Region", "Revenue"],
      ["East", 1200],
      ["West", 1850],
      ["East", 1320],
      ["West", 1990],
    ])
    .select("Data!A2");
}

function fakeOffice(): OfficeCommands & {
  handlers: Map<string, (event: CommandEvent) => void>;
  shown: number;
} {
  const office = {
    handlers: new Map<string, (event: CommandEvent) => void>(),
    shown: 0,
    actions: {
      associate: (id: string, handler: (event: CommandEvent) => void) => office.handlers.set(id, handler),
    },
    addin: { showAsTaskpane: async () => void office.shown++ },
  };
  return office;
}

/**
 * A command event whose `done` settles when the handler calls completed(). The ribbon handler is
 * fire-and-forget (Excel only waits for completed()), so a test awaits exactly that signal rather
 * than polling with vi.waitFor, whose 1 s default a loaded machine's first report (dynamic imports
 * of the report engine) overran. A handler that never completes fails at the test timeout instead.
 */
function event(): CommandEvent & { completed: ReturnType<typeof vi.fn>; done: Promise<void> } {
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  return { completed: vi.fn(() => finished()), done };
}

describe("the Generate report ribbon command", () => {
  let ollama: OllamaProtocolServer;
  let downUrl: string;
  const narrator = (url: string) =>
    modelNarrator({ llm: new OllamaClient({ baseUrl: url, retries: 0 }), model: "qwen2.5:3b" });
  const services = (book: FakeWorkbook, url = ollama.url): (() => Promise<ReportServices>) => {
    return async () => ({ excel: book.run, narrator: narrator(url), today: TODAY });
  };

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    downUrl = await closedPortUrl();
  });
  afterAll(() => ollama.close());
  beforeEach(() => ollama.reset());
  afterEach(() => configureAddinRuntime({}));

  it("is associated under the manifest's function name, and its handler builds the report and completes", async () => {
    ollama.enqueue({
      content: JSON.stringify({ summary: "Revenue totals 6,360 over 4 rows.", highlights: [] }),
    });
    const book = dataBook();
    const office = fakeOffice();
    registerRibbonCommands(services(book), office);
    expect([...office.handlers.keys()]).toEqual([GENERATE_REPORT_ACTION]);

    const clicked = event();
    office.handlers.get(GENERATE_REPORT_ACTION)!(clicked);
    await clicked.done;
    expect(clicked.completed).toHaveBeenCalledTimes(1);
    const cells = (book.sheets.get(REPORT_SHEET) ?? []).map((row) => row[0]);
    expect(cells).toContain("Revenue totals 6,360 over 4 rows.");
    expect(cells).toContain("Key findings");
    expect(book.charts.length).toBeGreaterThan(0);
    expect(office.shown).toBe(0);
  });

  it("uses the add-in runtime's workbook and model by default", async () => {
    ollama.enqueue({
      content: JSON.stringify({ summary: "Revenue ranges from 1,200 to 1,990.", highlights: [] }),
    });
    const book = dataBook();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: ollama.url, excel: book.run });
    const clicked = event();
    await runGenerateReport(clicked, fakeOffice(), () => addinReportServices());
    expect(clicked.completed).toHaveBeenCalledTimes(1);
    const sheet = [...book.sheets.keys()].find((name) => name.startsWith("Report Data "))!;
    expect(book.sheets.get(sheet)!.map((row) => row[0])).toContain("Revenue ranges from 1,200 to 1,990.");
    expect(ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(1);
  });

  it("completes and says why on the report sheet when Ollama is not running", async () => {
    const book = dataBook();
    const office = fakeOffice();
    const clicked = event();
    await runGenerateReport(clicked, office, services(book, downUrl));
    expect(clicked.completed).toHaveBeenCalledTimes(1);
    const message = String(book.sheets.get(REPORT_SHEET)?.[1]?.[0]);
    expect(message).toMatch(/^The report could not be made: .*(not reachable|Ollama)/i);
    expect(book.formats).toContainEqual(
      expect.objectContaining({ sheet: REPORT_SHEET, property: "font.color" }),
    );
    expect(book.activeSheet).toBe(REPORT_SHEET);
    expect(office.shown).toBe(0);
  });

  it("completes and says there is nothing to report for an empty sheet, without asking the model", async () => {
    const book = new FakeWorkbook().addSheet("Data", []);
    const clicked = event();
    await runGenerateReport(clicked, fakeOffice(), services(book));
    expect(clicked.completed).toHaveBeenCalledTimes(1);
    expect(String(book.sheets.get(REPORT_SHEET)?.[1]?.[0])).toMatch(/could not be made: .*no data rows/);
    expect(ollama.requests).toHaveLength(0);
  });

  it("completes, opens the task pane and posts a notice when Excel itself fails", async () => {
    const office = fakeOffice();
    const notices: string[] = [];
    const stop = onRibbonNotice((message) => notices.push(message));
    const clicked = event();
    const failing: ReportServices = {
      excel: async () => {
        throw new Error("This operation is not allowed: the workbook is being edited.");
      },
      narrator: narrator(ollama.url),
    };
    await runGenerateReport(clicked, office, async () => failing);
    stop();
    expect(clicked.completed).toHaveBeenCalledTimes(1);
    expect(office.shown).toBe(1);
    expect(notices).toEqual([
      "Generate report: This operation is not allowed: the workbook is being edited.",
    ]);
  });

  it("completes even when its services cannot be created or showing the pane fails", async () => {
    const office = {
      ...fakeOffice(),
      addin: { showAsTaskpane: () => Promise.reject(new Error("unsupported")) },
    };
    const clicked = event();
    await runGenerateReport(clicked, office, () => Promise.reject(new Error("settings unreadable")));
    expect(clicked.completed).toHaveBeenCalledTimes(1);
  });

  it("tells the task pane which sheet holds the failure, for the pane's own Generate report", async () => {
    const book = dataBook();
    const failure = await generateReportInExcel(await services(book, downUrl)()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReportNotMadeError);
    expect(failure).toMatchObject({ sheet: REPORT_SHEET });
  });
});

describe("start-up", () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
    vi.resetModules();
  });

  it("the functions bundle associates generateReport when it loads in Excel", async () => {
    const associate = vi.fn();
    (globalThis as { Office?: unknown }).Office = { actions: { associate } };
    vi.resetModules();
    await import("../../functions/functions");
    expect(associate).toHaveBeenCalledWith(GENERATE_REPORT_ACTION, expect.any(Function));
  });

  it("does nothing outside Office", async () => {
    vi.resetModules();
    await expect(import("../../src/addin/ribbon-startup")).resolves.toBeDefined();
  });
});
