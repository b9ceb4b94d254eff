import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { CloudService } from "../../server/cloud-service";
import { STORE_CACHE_KEY } from "../../src/bulk/result-cache";
import { SETTINGS_KEY } from "../../src/settings/settings";
import { closedPortUrl } from "../support/network";
import { startPaneHarness, type PaneHarness } from "./pane-harness";

/**
 * The Settings view in Chromium against the built pane: models from the Ollama protocol server
 * (size from /api/tags, context length from /api/show), pulls streamed through the relay with a
 * progress bar and Cancel, the cloud key handed to our server's /cloud relay and never shown again.
 */
const KEY = "sk-browser-settings-93be17c4d2a05f68";
const MODELS = [
  { name: "qwen2.5:3b", family: "qwen2", contextLength: 32768, parameterSize: "3.1B", size: 1_929_912_432 },
  { name: "gemma3:1b", family: "gemma3", contextLength: 131072, parameterSize: "1.0B", size: 815_319_791 },
];
const PULLABLE = [
  {
    name: "phi4-mini:3.8b",
    family: "phi3",
    contextLength: 131072,
    parameterSize: "3.8B",
    size: 2_491_876_774,
  },
  { name: "llama3.2:1b", family: "llama", contextLength: 131072, parameterSize: "1.2B", size: 1_321_098_329 },
];

describe("settings view in Chromium", () => {
  let harness: PaneHarness;
  let home: string;
  let service: CloudService;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "slm-settings-view-"));
    // No environment key: the key the page sets is the only one.
    service = await CloudService.open(home, undefined);
    harness = await startPaneHarness({ ollama: { models: MODELS, pullable: PULLABLE }, cloud: service });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(home, { recursive: true, force: true });
  });
  beforeEach(() => {
    harness.ollama.reset();
    harness.ollama.setLatency({ perRequestMs: 0, perOutputTokenMs: 0 });
  });

  const installed = (page: Page, name: string) =>
    page.locator(`[data-testid="installed-model"][data-model="${name}"]`);

  it("lists the installed models with size and context length, and saves a model per task", async () => {
    const page = await harness.openPane({ width: 320, view: "settings" });
    await expect
      .poll(() => installed(page, "qwen2.5:3b").innerText())
      .toMatch(/1\.9 GB · context 32K tokens/);
    await expect.poll(() => installed(page, "gemma3:1b").innerText()).toMatch(/815 MB · context 128K tokens/);
    expect(await page.getByTestId("ollama-status").innerText()).toMatch(/Reachable · Ollama \d+\.\d+\.\d+/);
    expect(await page.getByTestId("ollama-status").innerText()).toContain("Through the local server");
    expect(harness.ollama.requests.filter((request) => request.path === "/api/show")).toHaveLength(2);
    await harness.screenshot(page, "settings-models-light-320");

    await page.getByRole("button", { name: "Model per task" }).click();
    await page.getByTestId("task-model-formula").click();
    await page.getByRole("option", { name: "gemma3:1b" }).click();
    await expect
      .poll(async () =>
        JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SETTINGS_KEY)) ?? "{}"),
      )
      .toMatchObject({ model: "qwen2.5:3b", taskModels: { formula: "gemma3:1b" } });
    await page.context().close();
  });

  it("pulls a model with a progress bar; Cancel stops it; a second pull installs it", async () => {
    const page = await harness.openPane({ width: 320, view: "settings" });
    harness.ollama.setLatency({ perOutputTokenMs: 400 });
    await page.getByTestId("pull-model-name").fill("phi4-mini:3.8b");
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    const progress = page.getByTestId("pull-progress-text");
    await expect.poll(() => progress.innerText(), { timeout: 10_000 }).toMatch(/of 2\.5 GB \([1-9]\d?%\)/);
    const bar = page.getByTestId("pull-progress").getByRole("progressbar");
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    await page.getByTestId("pull-progress").getByRole("button", { name: "Cancel" }).click();
    await expect
      .poll(() => page.getByTestId("pull-result").innerText())
      .toMatch(/Pull of phi4-mini:3.8b cancelled/);
    await harness.ollama.waitForClientAbort();
    expect(harness.ollama.installedModels()).not.toContain("phi4-mini:3.8b");

    harness.ollama.setLatency({ perOutputTokenMs: 10 });
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("pull-result").innerText(), { timeout: 10_000 })
      .toMatch(/phi4-mini:3.8b is installed/);
    // The list is read again, so the new model shows with its size and context length.
    await expect
      .poll(() => installed(page, "phi4-mini:3.8b").innerText())
      .toMatch(/2\.5 GB · context 128K tokens/);
    await page.context().close();
  });

  it("offers Pull right where the chosen model is missing", async () => {
    const page = await harness.openPane({ width: 320 });
    await page.evaluate(
      ([key]) => localStorage.setItem(key!, JSON.stringify({ model: "llama3.2:1b" })),
      [SETTINGS_KEY],
    );
    await page.reload();
    await page.getByTestId("tab-settings").click();
    await expect
      .poll(() => page.getByTestId("settings-models").innerText())
      .toMatch(/"llama3.2:1b" is not installed/);
    await page.getByTestId("pull-selected-model").click();
    await expect
      .poll(() => page.getByTestId("pull-result").innerText(), { timeout: 10_000 })
      .toMatch(/llama3.2:1b is installed/);
    await expect.poll(() => installed(page, "llama3.2:1b").count()).toBe(1);
    expect(await page.getByTestId("settings-models").innerText()).not.toMatch(/is not installed/);
    expect(harness.ollama.requests.some((request) => request.path === "/api/pull")).toBe(true);
    await page.context().close();
  });

  it("sends the cloud key to the local server and shows only that it is set", async () => {
    const page = await harness.openPane({ width: 450, theme: "dark" });
    const cloudResponses: string[] = [];
    page.on("response", async (response) => {
      if (new URL(response.url()).pathname.startsWith("/cloud/")) cloudResponses.push(await response.text());
    });
    await page.getByTestId("tab-settings").click();
    const cloud = page.getByTestId("settings-cloud");
    await cloud.getByTestId("cloud-model").waitFor();

    await cloud.getByTestId("cloud-provider-kind").click();
    await page.getByRole("option", { name: "OpenAI-compatible (own base URL)" }).click();
    await cloud.getByTestId("cloud-model").fill("llama-3.3-70b");
    await cloud.getByTestId("cloud-base-url").fill("https://llm.example.com/v1");
    await cloud.getByRole("button", { name: "Save provider" }).click();
    await expect.poll(() => cloud.getByRole("button", { name: "Remove provider" }).count()).toBe(1);

    const keyInput = cloud.getByTestId("cloud-key-input");
    expect(await keyInput.getAttribute("type")).toBe("password");
    await keyInput.fill(KEY);
    await cloud.getByRole("button", { name: "Save key" }).click();
    await expect
      .poll(() => cloud.getByTestId("cloud-key-set").innerText())
      .toContain("Key set (stored by the local server)");
    expect(await cloud.getByRole("button", { name: "Remove key" }).count()).toBe(1);

    await cloud.getByRole("radio", { name: /Ask me each time/ }).click();
    await expect.poll(() => cloud.getByRole("radio", { name: /Ask me each time/ }).isChecked()).toBe(true);
    await expect.poll(() => JSON.parse(cloudResponses.at(-1) ?? "{}").policy?.mode).toBe("ask");

    expect(await page.content()).not.toContain(KEY);
    // Nor in the workbook (no cell, no document setting) or the page's storage.
    expect(JSON.stringify(await harness.writes(page))).not.toContain(KEY);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(KEY);
    expect(cloudResponses.length).toBeGreaterThanOrEqual(4);
    for (const body of cloudResponses) expect(body).not.toContain(KEY);
    // Stored by the server for this user only.
    expect((await readFile(path.join(home, "cloud-key"), "utf8")).trim()).toBe(KEY);
    expect((await stat(path.join(home, "cloud-key"))).mode & 0o777).toBe(0o600);
    await harness.screenshot(page, "settings-cloud-dark-450");

    // Persisted by the server, not the page: a fresh page (empty localStorage) shows the same set-up.
    const fresh = await harness.openPane({ width: 320, view: "settings" });
    const freshCloud = fresh.getByTestId("settings-cloud");
    await expect.poll(() => freshCloud.getByTestId("cloud-key-set").innerText()).toContain("Key set");
    expect(await freshCloud.getByTestId("cloud-model").inputValue()).toBe("llama-3.3-70b");
    expect(await freshCloud.getByRole("radio", { name: /Ask me each time/ }).isChecked()).toBe(true);
    expect(await fresh.evaluate(() => JSON.stringify(localStorage))).not.toContain("llama-3.3-70b");
    await freshCloud.getByRole("button", { name: "Remove key" }).click();
    await expect.poll(() => freshCloud.getByTestId("cloud-key-input").count()).toBe(1);
    await expect
      .poll(() =>
        stat(path.join(home, "cloud-key")).then(
          () => true,
          () => false,
        ),
      )
      .toBe(false);
    await fresh.context().close();
    await page.context().close();
  });

  it("says the cloud settings need the local server when /cloud cannot be reached, and the rest works", async () => {
    const page = await harness.openPane({ width: 320 });
    await page.route("**/cloud/**", (route) => route.abort("connectionrefused"));
    await page.getByTestId("tab-settings").click();
    await expect
      .poll(() => page.getByTestId("cloud-unavailable").innerText())
      .toContain("Cloud settings need the local server (npm start)");
    await expect.poll(() => installed(page, "qwen2.5:3b").count()).toBe(1);
    await page.context().close();
  });

  it("in direct mode, explains OLLAMA_ORIGINS and the local-network permission prompt when Ollama cannot be reached", async () => {
    const page = await harness.openPane({ width: 320, view: "settings" });
    await page.getByRole("radio", { name: /Directly/ }).click();
    await page.getByRole("textbox", { name: "Ollama URL" }).fill(await closedPortUrl());
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const help = page.getByTestId("connection-help");
    await expect.poll(() => help.innerText(), { timeout: 15_000 }).toContain("Cannot reach Ollama");
    const text = await help.innerText();
    expect(text).toContain(`OLLAMA_ORIGINS=${harness.url} ollama serve`);
    expect(text).toMatch(/ask to allow access to devices on your local network\. Choose Allow/);
    expect(await page.getByTestId("ollama-status").innerText()).toMatch(/Not reachable[\s\S]*Direct/);
    await page.context().close();
  });

  it("shows the result cache's size and clears it", async () => {
    const page = await harness.openPane({ width: 320 });
    await page.evaluate(
      ([key]) =>
        localStorage.setItem(
          key!,
          JSON.stringify({
            version: 1,
            entries: [
              ["a", '{"label":"billing"}'],
              ["b", '{"label":"bug"}'],
            ],
          }),
        ),
      [STORE_CACHE_KEY],
    );
    await page.reload();
    await page.getByTestId("tab-settings").click();
    await expect.poll(() => page.getByTestId("cache-stats").innerText()).toMatch(/^2 answers · \d+ B$/);
    await page.getByRole("button", { name: "Clear cache" }).click();
    await expect.poll(() => page.getByTestId("cache-stats").innerText()).toBe("The cache is empty.");
    await expect
      .poll(async () =>
        JSON.parse((await page.evaluate((key) => localStorage.getItem(key), STORE_CACHE_KEY)) ?? "{}"),
      )
      .toMatchObject({ entries: [] });
    await page.context().close();
  });

  it("edits the price table, the redaction categories and the complexity threshold on the server", async () => {
    const page = await harness.openPane({ width: 320, view: "settings" });
    const cloud = page.getByTestId("settings-cloud");
    await cloud.getByRole("button", { name: "Redaction, complexity and prices" }).click();
    const advanced = page.getByTestId("cloud-advanced");
    await advanced.waitFor();

    await advanced.getByRole("textbox", { name: "gpt-4o-mini input price per million tokens" }).fill("0.5");
    await advanced.getByRole("textbox", { name: "Add a model" }).fill("my-deployment");
    await advanced.getByRole("button", { name: "Add", exact: true }).click();
    await advanced.getByRole("textbox", { name: "my-deployment output price per million tokens" }).fill("2");
    await advanced.getByRole("button", { name: "Save prices" }).click();
    await expect.poll(() => service.status().policy.prices["gpt-4o-mini"]?.inputPerMillion).toBe(0.5);
    expect(service.status().policy.prices["my-deployment"]).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 2,
    });

    await advanced.getByRole("checkbox", { name: "IP addresses" }).click();
    await expect.poll(() => service.status().policy.redaction.categories.ipAddress).toBe(false);
    expect(service.status().policy.redaction.categories.email).toBe(true);

    const score = advanced.getByRole("textbox", { name: /complexity score/ });
    await score.fill("25");
    await score.press("Enter");
    await expect.poll(() => service.status().policy.complexFormulaScore).toBe(25);
    await page.context().close();
  });
});
