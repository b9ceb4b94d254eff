import { errorKindOf, SlmError } from "../../errors/slm-error";
import { describeError } from "../../errors/slm-error";
import type { Narrator } from "../../report/narrative";
import type { Report } from "../../report/report-types";
import type { ExcelBatch } from "./excel-sheet-host";
import type { ExcelReportResult } from "./report-writer";

/**
 * The ribbon's "Generate report" button (an ExecuteFunction command in the shared runtime) and the
 * engine call the task pane shares with it. Excel waits for `event.completed()` on every path:
 * a command that never completes leaves the button busy until Excel gives up on it.
 */

/** The manifest's <FunctionName>; test/manifest.test.ts checks they agree. */
export const GENERATE_REPORT_ACTION = "generateReport";

export interface CommandEvent {
  completed(options?: { allowEvent?: boolean }): void;
}

/** The parts of the `Office` global the commands use, so tests can pass their own. */
export interface OfficeCommands {
  actions: { associate(actionId: string, handler: (event: CommandEvent) => void): void };
  addin?: { showAsTaskpane(): Promise<void> };
}

export interface ReportServices {
  excel: ExcelBatch;
  narrator: Narrator;
  today?: Date;
  /** Told as each step starts, so the task pane can show where the report is. */
  onProgress?: (step: ReportStep) => void;
  /** Stops the report between steps and aborts the model call (the narrator must share it). */
  signal?: AbortSignal;
}

/** The steps of a report, in order. */
export const REPORT_STEPS = ["find", "read", "analyse", "narrate", "write"] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** A report written onto its sheet, with the report itself (what the model wrote, what code computed). */
export interface GeneratedReport extends ExcelReportResult {
  report: Report;
}

/** The report failed; `sheet` names the report sheet that now says why, or is null when none does. */
/** The report failed; it keeps the cause's kind, so a surface maps it like the cause itself. */
export class ReportNotMadeError extends SlmError {
  override name = "ReportNotMadeError";
  constructor(
    message: string,
    readonly sheet: string | null,
    options?: { cause?: unknown },
  ) {
    super(errorKindOf(options?.cause), message, options);
  }
}

/**
 * Reports on the selection's table or region onto a new sheet, which is shown at once with a
 * progress line. If anything fails after that, the line says why and a ReportNotMadeError is thrown.
 */
export async function generateReportInExcel(services: ReportServices): Promise<GeneratedReport> {
  const { excel, signal } = services;
  const step = (name: ReportStep) => {
    signal?.throwIfAborted();
    services.onProgress?.(name);
  };
  const today = services.today ?? new Date();
  step("find");
  const [{ buildReport, localDate }, writer] = await Promise.all([
    import("../../report/report-model"),
    import("./report-writer"),
  ]);
  const target = await writer.findReportTarget(excel);
  signal?.throwIfAborted();
  const sheet = await writer.addReportSheet(excel, target.name, localDate(today));
  try {
    step("read");
    const table = await writer.readReportTable(excel, target.address);
    step("analyse");
    const narrator: Narrator = (facts, subject) => {
      step("narrate");
      return services.narrator(facts, subject);
    };
    const report = await buildReport(table, target.address, { tableName: target.name, today, narrator });
    step("write");
    return { ...(await writer.writeReport(excel, report, sheet)), report };
  } catch (error) {
    const message = signal?.aborted ? "it was cancelled before it was finished." : describeError(error);
    // The sheet may be gone (the user deleted it); the error is still thrown for the caller to show.
    const shown = await writer
      .writeReportNotice(excel, sheet, `The report could not be made: ${message}`)
      .then(
        () => true,
        () => false,
      );
    throw new ReportNotMadeError(message, shown ? sheet : null, { cause: error });
  }
}

// Failures from before a report sheet exists have nowhere to show in the grid: the task pane shows them.
const noticeListeners = new Set<(message: string) => void>();
let lastNotice: string | null = null;

/** Messages from ribbon commands that failed before reaching a sheet; the latest is replayed at once. */
export function onRibbonNotice(listener: (message: string) => void): () => void {
  noticeListeners.add(listener);
  if (lastNotice !== null) listener(lastNotice);
  return () => noticeListeners.delete(listener);
}

async function notify(office: OfficeCommands, message: string): Promise<void> {
  lastNotice = message;
  noticeListeners.forEach((listener) => listener(message));
  await office.addin?.showAsTaskpane().catch(() => {
    // Older hosts lack showAsTaskpane; the notice still waits for the pane.
  });
}

/** The button's handler: always completes the event, whatever happens. */
export async function runGenerateReport(
  event: CommandEvent,
  office: OfficeCommands,
  services: () => Promise<ReportServices>,
): Promise<void> {
  try {
    await generateReportInExcel(await services());
  } catch (error) {
    // Written on the report sheet already: the user is looking at it.
    if (error instanceof ReportNotMadeError && error.sheet) return;
    await notify(office, `Generate report: ${describeError(error)}`).catch(() => undefined);
  } finally {
    event.completed();
  }
}

export function registerRibbonCommands(
  services: () => Promise<ReportServices>,
  office: OfficeCommands = Office,
): void {
  office.actions.associate(GENERATE_REPORT_ACTION, (event) => {
    void runGenerateReport(event, office, services);
  });
}

/** True in Excel's shared runtime, where the ribbon's ExecuteFunction commands can be associated. */
export function ribbonCommandsAvailable(): boolean {
  return typeof Office !== "undefined" && Boolean(Office.actions);
}
