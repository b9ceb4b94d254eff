import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { startAddinServer, type RunningAddinServer } from "../../server/addin-server";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { projectRoot } from "../support/processes";
import { temporaryCertificates } from "../support/tls";
import { launchChromium } from "./chromium";

/**
 * The real built task pane in a real browser, served over HTTPS by our server, with the Ollama
 * protocol server behind the relay. Office.js is not reachable here (no network), so the page
 * runs as it does in a plain browser.
 */
describe("task pane shell in Chromium", () => {
  let ollama: OllamaProtocolServer;
  let addin: RunningAddinServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot, "dist", "taskpane.html"))) {
      throw new Error("dist/ is missing: run `npm run build` first.");
    }
    ollama = await OllamaProtocolServer.start();
    const certificates = await temporaryCertificates();
    addin = await startAddinServer({
      distDir: path.join(projectRoot, "dist"),
      ollamaUrl: ollama.url,
      port: 0,
      tls: { key: certificates.key, cert: certificates.cert },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await addin?.close();
    await ollama?.close();
  });

  async function openPane(width: number, theme: "light" | "dark" = "light"): Promise<Page> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width, height: 640 } });
    const page = await context.newPage();
    // office.js comes from Microsoft's CDN, unreachable here: fail it fast, as offline Excel would.
    await page.route("https://appsforoffice.microsoft.com/**", (route) => route.abort());
    await page.goto(`${addin.url}/taskpane.html?theme=${theme}`);
    return page;
  }

  it("shows Ollama's version, lists installed models and saves the chosen one", async () => {
    const page = await openPane(320);
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/Ollama \d+\.\d+\.\d+ connected/);
    await page.getByRole("combobox", { name: "Model" }).click();
    const option = page.getByRole("option", { name: /qwen2\.5:3b/ });
    await option.click();
    await page.screenshot({ path: path.join(projectRoot, "docs/screenshots/taskpane-connected-320.png") });
    const stored = await page.evaluate(() => localStorage.getItem("excel-slm.settings.v1"));
    expect(JSON.parse(stored ?? "{}")).toMatchObject({ model: "qwen2.5:3b" });
    // The page reached Ollama only through the relay, on its own origin.
    expect(ollama.requests.some((request) => request.path === "/api/tags")).toBe(true);
    await page.context().close();
  });

  it("renders in the dark theme at 450 px", async () => {
    const page = await openPane(450, "dark");
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/connected/);
    await page.screenshot({
      path: path.join(projectRoot, "docs/screenshots/taskpane-connected-dark-450.png"),
    });
    await page.context().close();
  });

  it("explains what to do when Ollama is not running", async () => {
    ollama.kill();
    const page = await openPane(320);
    await expect
      .poll(() => page.getByTestId("connection-status").innerText(), { timeout: 15_000 })
      .toMatch(/not reachable/);
    const help = page.getByText("Cannot reach Ollama");
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await page.locator("body").innerText()).toContain("ollama serve");
    await page.screenshot({
      path: path.join(projectRoot, "docs/screenshots/taskpane-ollama-not-running-320.png"),
    });
    await page.context().close();
  });
});
