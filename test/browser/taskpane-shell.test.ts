import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTINGS_KEY } from "../../src/settings/settings";
import { projectRoot } from "../support/processes";
import { startPaneHarness, type PaneHarness } from "./pane-harness";

/**
 * The real built task pane in Chromium, served over HTTPS by our server with the Ollama protocol
 * server behind the relay, inside the fake Office: the pane starts as it does in Excel.
 */
describe("task pane shell in Chromium", () => {
  let harness: PaneHarness;

  beforeAll(async () => {
    harness = await startPaneHarness({ models: ["qwen2.5:3b", "llama3.2:3b"] });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("starts inside Office: onReady mounts the pane and every custom function and ribbon command is registered", async () => {
    const page = await harness.openPane();
    const declared = JSON.parse(readFileSync(path.join(projectRoot, "dist", "functions.json"), "utf8")) as {
      functions: { id: string }[];
    };
    const calls = await harness.officeCalls(page);
    expect(calls.onReady).toBeGreaterThanOrEqual(1);
    expect([...calls.functions].sort()).toEqual(declared.functions.map((fn) => fn.id).sort());
    expect(calls.functions).toEqual(expect.arrayContaining(["ASK", "CLASSIFY", "EXTRACT", "VALIDATE"]));
    expect(calls.actions).toEqual(["generateReport"]);
    await page.context().close();
  });

  it("reaches the workbook through Excel.run: the ribbon's Generate report reads the selection and writes a report sheet", async () => {
    const rows = [
      ["Region", "Units"],
      ...Array.from({ length: 12 }, (_, i) => [i % 2 ? "North" : "South", 10 + i]),
    ];
    const page = await harness.openPane({ workbook: { sheets: { Sales: rows }, selection: "Sales!B3" } });
    await page.evaluate(() => window.__excel.invokeAction("generateReport"));
    const sheets = await page.evaluate(() => window.__excel.sheetNames());
    expect(sheets[0]).toBe("Sales");
    const reportSheet = sheets.find((name) => name !== "Sales");
    expect(reportSheet).toMatch(/Report/);
    expect(await page.evaluate(() => window.__excel.activeSheet())).toBe(reportSheet);
    expect(await harness.readValues(page, `'${reportSheet}'!A1:B2`)).toEqual([
      ["Data report: Sales", ""],
      ["Source", "Sales!A1:B13"],
    ]);
    const writes = await harness.writes(page);
    expect(writes.some((write) => write.sheet === reportSheet && write.kind === "values")).toBe(true);
    const charts = await page.evaluate(() => window.__excel.charts());
    expect(charts).toContainEqual(
      expect.objectContaining({ sheet: reportSheet, title: "Most common Region" }),
    );
    // The source data is untouched: the report only writes its own sheet.
    expect(await harness.readValues(page, "Sales!A1:B3")).toEqual(rows.slice(0, 3));
    await page.context().close();
  });

  it("gives the page an Excel with load/sync semantics, selection events and injectable failures", async () => {
    const page = await harness.openPane({
      workbook: {
        sheets: {
          Data: [
            ["Name", "Score"],
            ["Ada", 90],
            ["Bo", null],
          ],
        },
        formulas: { Data: { B3: "=B2-20" } },
        selection: "Data!A2:A3",
      },
    });
    const seen = await page.evaluate(async () => {
      const events: string[] = [];
      await Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Data").onSelectionChanged.add(async (event) => {
          events.push(event.address);
        });
        await context.sync();
      });
      const read = await Excel.run(async (context) => {
        const selected = context.workbook.getSelectedRange();
        selected.load("address");
        let unloaded = "";
        try {
          void selected.values;
        } catch (error) {
          unloaded = (error as Error).name;
        }
        selected.getOffsetRange(0, 2).values = [["x"], ["y"]];
        const formulas = context.workbook.worksheets.getItem("Data").getRange("B2:B3");
        formulas.load("formulas");
        await context.sync();
        return { address: selected.address, unloaded, formulas: formulas.formulas };
      });
      window.__excel.select("A1");
      window.__excel.failRuns({ code: "GeneralException", message: "Excel is busy" });
      const failure = await Excel.run(async () => "ran").catch((error: { code: string }) => error.code);
      window.__excel.failRuns(null);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { ...read, failure, events };
    });
    expect(seen).toEqual({
      address: "Data!A2:A3",
      unloaded: "PropertyNotLoaded",
      formulas: [[90], ["=B2-20"]],
      failure: "GeneralException",
      events: ["A1"],
    });
    expect(await harness.readValues(page, "Data!C2:C3")).toEqual([["x"], ["y"]]);
    expect(await page.evaluate(() => window.__excel.selection())).toBe("Data!A1");
    expect(harness.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("shows Ollama's version, lists installed models in Settings and saves the chosen one", async () => {
    const page = await harness.openPane({ view: "settings" });
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/Ollama \d+\.\d+\.\d+ connected/);
    await page.getByRole("combobox", { name: "Model" }).click();
    await page.getByRole("option", { name: /llama3\.2:3b/ }).click();
    await expect
      .poll(async () =>
        JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SETTINGS_KEY)) ?? "{}"),
      )
      .toMatchObject({ model: "llama3.2:3b" });
    await harness.screenshot(page, "shell-connected-light-320");
    // The page reached Ollama only through the relay, on its own origin.
    expect(harness.ollama.requests.some((request) => request.path === "/api/tags")).toBe(true);
    await page.context().close();
  });

  it("follows Excel's dark Office theme at 450 px", async () => {
    const page = await harness.openPane({ width: 450, theme: "dark" });
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/connected/);
    // The FluentProvider paints the pane; a dark theme gives it a dark background.
    const background = await page
      .locator("#container > div")
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
    expect(0.299 * r + 0.587 * g + 0.114 * b).toBeLessThan(80);
    await harness.screenshot(page, "shell-connected-dark-450");
    await page.context().close();
  });

  it("explains what to do when Ollama is not running", async () => {
    harness.ollama.kill();
    const page = await harness.openPane();
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/not reachable/);
    await expect.poll(() => page.getByText("Cannot reach Ollama").isVisible()).toBe(true);
    expect(await page.locator("body").innerText()).toContain("ollama serve");
    await harness.screenshot(page, "shell-ollama-not-running-light-320");
    await page.context().close();
  });
});
