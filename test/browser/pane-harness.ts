/**
 * The shared harness for task-pane browser tests: the BUILT pane (dist/, `npx webpack --mode production`)
 * served over HTTPS by our add-in server, the Ollama protocol test server behind its /ollama relay,
 * Debian's Chromium, and an in-memory Excel injected into every page before the pane's scripts run —
 * so the product finds `Excel.run`, `Office.onReady`, `Office.actions` and `CustomFunctions` as in Excel.
 *
 * ```ts
 * import { afterAll, beforeAll, expect, it } from "vitest";
 * import { startPaneHarness, type PaneHarness } from "./pane-harness";
 *
 * let harness: PaneHarness;
 * beforeAll(async () => (harness = await startPaneHarness({ models: ["qwen2.5:3b"] })));
 * afterAll(() => harness?.close());
 *
 * it("fills the selected cells", async () => {
 *   harness.ollama.enqueue({ content: '{"answers":["yes"]}' }); // scripted model replies: see the server
 *   const page = await harness.openPane({
 *     width: 320,
 *     theme: "light",
 *     view: "cells", // clicks data-testid=tab-cells and waits for data-testid=view-cells
 *     workbook: { sheets: { Sheet1: [["Name"], ["Ada"]] }, selection: "Sheet1!A2" },
 *   });
 *   await page.getByRole("button", { name: "Run" }).click();
 *   await expect.poll(() => harness.readValues(page, "Sheet1!B2")).toEqual([["yes"]]);
 *   await harness.screenshot(page, "cells-done-light-320"); // docs/screenshots/ with `npm run screenshots`
 *   await harness.select(page, "Sheet1!A1:A2"); // the user selects: selection handlers fire
 * });
 * ```
 *
 * openPane waits until a view shows AND the pane's first connection check finished (main[aria-busy=false]),
 * so set Ollama latency or kill() the server after openPane when a test needs the check to succeed.
 * A pane that never renders fails with its page errors and failed requests in the message — most
 * often a stale or half-rebuilt dist/ (the harness warns when sources are newer than the build).
 *
 * The workbook (WorkbookSpec in fake-office/fake-office-api.ts): `sheets` (grids, null = empty),
 * `formulas` ({ Sheet1: { B2: "=SUM(A1:A3)" } }, cached value = the grid's value), `selection`,
 * `tables`, `numberFormats`, `formulaResults` (the fake does not calculate: a formula the product
 * writes shows the value given here for its exact text, else ""). Addresses without a sheet mean
 * the active sheet. In the page, `window.__excel` (FakeExcelApi) reads and drives it:
 * `page.evaluate(() => window.__excel.calculations())`, `.charts()`, `.formats()`, `.selection()`,
 * `.sheetNames()`, `.failRuns({ code: "GeneralException", message })` (every Excel.run rejects until
 * `failRuns(null)`), `.office()` (registrations), `.invokeAction("generateReport")` (a ribbon button).
 * The object model and its limits: test/support/excel-object-model.ts.
 * Each page has its own browser context (localStorage starts empty); close it with page.context().close().
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import type { CloudService } from "../../server/cloud-service";
import type { WriteCall } from "../support/excel-object-model";
import { OllamaProtocolServer, type OllamaProtocolServerOptions } from "../support/ollama-protocol-server";
import { projectRoot } from "../support/processes";
import { temporaryCertificates } from "../support/tls";
import { launchChromium } from "./chromium";
import type { FakeOfficeOptions, OfficeCalls, SpecCell, WorkbookSpec } from "./fake-office/fake-office-api";

export type { FakeExcelApi, OfficeCalls, SpecCell, WorkbookSpec } from "./fake-office/fake-office-api";

export type PaneView = "ask" | "formula" | "cells" | "explain" | "report" | "activity" | "settings";

export interface PaneHarnessOptions {
  /** Passed to OllamaProtocolServer.start: installed `models`, `version`, `latency`, `pullable`, ... */
  ollama?: OllamaProtocolServerOptions;
  /** Shorthand for ollama.models. */
  models?: OllamaProtocolServerOptions["models"];
  /** The add-in server's /cloud relay (CloudService.open(slmHome)); without it /cloud/* answers 404. */
  cloud?: CloudService;
}

export interface OpenPaneOptions {
  /** Excel's task pane is 320 px wide by default; 450 is a widened pane. Default 320. */
  width?: 320 | 450;
  /** "dark" makes Office.context.officeTheme Excel's dark theme (the pane follows it). Default "light". */
  theme?: "light" | "dark";
  /** The workbook Excel.run sees; default one empty Sheet1. */
  workbook?: WorkbookSpec;
  /** Opens this tab after the pane rendered. */
  view?: PaneView;
  /** Default 720: tall enough for most views without scrolling. */
  height?: number;
}

export interface PaneHarness {
  /** The add-in server's origin, e.g. "https://127.0.0.1:40123". */
  readonly url: string;
  readonly ollama: OllamaProtocolServer;
  readonly browser: Browser;
  /** A fresh browser context and page with the fake Office, the pane rendered and its connection checked. */
  openPane(options?: OpenPaneOptions): Promise<Page>;
  readValues(page: Page, address: string): Promise<(string | number | boolean)[][]>;
  readFormulas(page: Page, address: string): Promise<(string | number | boolean)[][]>;
  /** The user selects cells ("Sheet1!A2:A10", "A2,A5:A6"): the sheet activates and selection handlers fire. */
  select(page: Page, address: string): Promise<void>;
  /** The user types over cells ("=..." enters a formula); logged in writes() like the product's writes. */
  type(page: Page, address: string, grid: SpecCell[][]): Promise<void>;
  /** Every values/formulas/numberFormat/clear write so far, in order ({ sheet, address, kind, grid }). */
  writes(page: Page): Promise<WriteCall[]>;
  /**
   * Writes to the workbook's sheets as they are now: the product's own scratch sheets (made and
   * deleted again to check a formula in Excel) are left out, so "nothing was written" means the
   * user's sheets.
   */
  userWrites(page: Page): Promise<WriteCall[]>;
  officeCalls(page: Page): Promise<OfficeCalls>;
  /** Uncaught page errors and console.error messages so far (a test can assert there are none). */
  pageErrors(page: Page): string[];
  /** Full-page PNG at <screenshots>/<name>.png (docs/screenshots/ under `npm run screenshots`); returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** office.js is fetched from this CDN; the harness answers it with an empty script so it cannot replace the fakes. */
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/**";
/**
 * Where screenshot() writes: vitest.browser.config.ts sets SLM_SCREENSHOTS_DIR (docs/screenshots/ only
 * for `npm run screenshots`), so a plain test run leaves the tracked images alone. The fallback is
 * the same temp folder, for a harness started some other way.
 */
const SCREENSHOTS = process.env.SLM_SCREENSHOTS_DIR || path.join(os.tmpdir(), "excel-slm-screenshots");

let fakeOfficeBundle: Promise<string> | undefined;
const consoleProblems = new WeakMap<Page, string[]>();

/** The page-side fake (fake-office/entry.ts) as one IIFE script, built once per test file. */
function bundleFakeOffice(): Promise<string> {
  fakeOfficeBundle ??= (async () => {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [path.join(projectRoot, "test", "browser", "fake-office", "entry.ts")],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  })();
  return fakeOfficeBundle;
}

export async function startPaneHarness(options: PaneHarnessOptions = {}): Promise<PaneHarness> {
  const builtPage = path.join(projectRoot, "dist", "taskpane.html");
  if (!existsSync(builtPage)) {
    throw new Error("dist/ is missing: run `npx webpack --mode production` (or `npm run build`) first.");
  }
  warnIfStale(statSync(builtPage).mtimeMs);
  const bundle = bundleFakeOffice();
  // Awaited below; this only keeps a build error from surfacing as an unhandled rejection if a server fails first.
  bundle.catch(() => undefined);
  const ollama = await OllamaProtocolServer.start({
    ...options.ollama,
    ...(options.models ? { models: options.models } : {}),
  });
  let addin: RunningAddinServer | undefined;
  let browser: Browser | undefined;
  try {
    const certificates = await temporaryCertificates();
    addin = await startAddinServer({
      distDir: path.join(projectRoot, "dist"),
      ollamaUrl: ollama.url,
      port: 0,
      tls: { key: certificates.key, cert: certificates.cert },
      cloud: options.cloud,
    });
    browser = await launchChromium();
    await bundle;
  } catch (error) {
    await browser?.close();
    await addin?.close();
    await ollama.close();
    throw error;
  }
  const server = addin;
  const chromium = browser;

  async function openPane(open: OpenPaneOptions = {}): Promise<Page> {
    const fakeOptions: FakeOfficeOptions = {
      theme: open.theme ?? "light",
      workbook: open.workbook ?? { sheets: { Sheet1: [] } },
    };
    const context = await chromium.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: open.width ?? 320, height: open.height ?? 720 },
      colorScheme: fakeOptions.theme,
    });
    const page = await context.newPage();
    await page.route(OFFICE_JS_URL, (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/javascript",
        body: "/* office.js: replaced by test/browser/fake-office */",
      }),
    );
    await page.addInitScript({
      content: `window.__FAKE_OFFICE_OPTIONS__ = ${JSON.stringify(fakeOptions)};\n${await bundle}`,
    });
    const problems: string[] = [];
    consoleProblems.set(page, problems);
    page.on("pageerror", (error) => problems.push(`page error: ${error.stack ?? error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
    });
    const failedRequests: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failedRequests.push(`HTTP ${response.status()} ${response.url()}`);
    });
    page.on("requestfailed", (request) =>
      failedRequests.push(`failed ${request.url()}: ${request.failure()?.errorText ?? "?"}`),
    );
    try {
      await page.goto(`${server.url}/taskpane.html`);
      // Rendered: a view is showing and the connection check has finished (main[aria-busy=false]).
      await page.locator('main[aria-busy="false"] [data-testid^="view-"]').waitFor({ timeout: 20_000 });
      if (open.view) {
        await page.getByTestId(`tab-${open.view}`).click();
        await page.getByTestId(`view-${open.view}`).waitFor({ timeout: 10_000 });
      }
    } catch (error) {
      const state = await page
        .evaluate(() => ({
          busy: document.querySelector("main")?.getAttribute("aria-busy") ?? "no <main>",
          views: document.querySelectorAll('[data-testid^="view-"]').length,
        }))
        .catch(() => ({ busy: "unknown", views: 0 }));
      await context.close();
      // A blank pane is usually a script error or a missing dist/ file (a rebuild in progress): say which.
      throw new Error(
        [
          `The pane did not render${open.view ? ` the ${open.view} view` : ""}: ${(error as Error).message}`,
          `main aria-busy=${state.busy} (true: the connection check never finished), views shown: ${state.views}`,
          ...(problems.length ? problems : ["(no page errors)"]),
          ...failedRequests,
        ].join("\n"),
        { cause: error },
      );
    }
    return page;
  }

  return {
    url: server.url,
    ollama,
    browser: chromium,
    openPane,
    readValues: (page, address) => page.evaluate((a) => window.__excel.values(a), address),
    readFormulas: (page, address) => page.evaluate((a) => window.__excel.formulas(a), address),
    select: (page, address) => page.evaluate((a) => window.__excel.select(a), address),
    type: (page, address, grid) =>
      page.evaluate(([a, g]) => window.__excel.type(a, g), [address, grid] as const),
    writes: (page) => page.evaluate(() => window.__excel.writes()),
    userWrites: (page) =>
      page.evaluate(() => {
        const sheets = new Set(window.__excel.sheetNames());
        return window.__excel.writes().filter((write) => sheets.has(write.sheet));
      }),
    officeCalls: (page) => page.evaluate(() => window.__excel.office()),
    pageErrors: (page) => [...(consoleProblems.get(page) ?? [])],
    async screenshot(page, name) {
      await mkdir(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      return file;
    },
    async close() {
      await chromium.close();
      await server.close();
      await ollama.close();
    },
  };
}

/** Tests run the BUILT pane: say so when a source file changed after the last build (a common false failure). */
function warnIfStale(builtAt: number): void {
  const newer: string[] = [];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.tsx?$/.test(entry.name) && statSync(file).mtimeMs > builtAt)
        newer.push(path.relative(projectRoot, file));
    }
  };
  for (const dir of ["taskpane", "src", "functions"]) visit(path.join(projectRoot, dir));
  if (newer.length > 0) {
    console.warn(
      `dist/ is older than ${newer.slice(0, 3).join(", ")}${newer.length > 3 ? ` and ${newer.length - 3} more` : ""}: ` +
        "these tests run the built pane, rebuild with `npx webpack --mode production`.",
    );
  }
}
