import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnSync, type ChildProcess } from "node:child_process";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { projectRoot, startUntil } from "../support/processes";
import { httpsRequest, readBody, temporaryCertificates } from "../support/tls";

/**
 * The server entry that `npm start` runs (after its build), started as a real process on the
 * built dist/. `npm test` builds before running the tests.
 */
describe("npm start's server", () => {
  let ollama: OllamaProtocolServer;
  let child: ChildProcess | undefined;
  let url = "";
  let ca: Buffer;
  let output: () => string;
  let home = "";

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot, "dist", "taskpane.html"))) {
      throw new Error("dist/ is missing: run `npm run build` first (npm test does this).");
    }
    ollama = await OllamaProtocolServer.start();
    const certificates = await temporaryCertificates();
    home = await mkdtemp(path.join(os.tmpdir(), "slm-serve-home-"));
    ca = certificates.ca;
    const started = await startUntil(
      process.execPath,
      ["--import", "tsx", "server/main.ts"],
      { PORT: "0", OLLAMA_HOST: ollama.url, SLM_CERT_DIR: certificates.dir, SLM_HOME: home },
      /serving the add-in at (https:\/\/localhost:\d+)\/taskpane\.html[\s\S]*Stop with Ctrl\+C/,
      30_000,
    );
    child = started.child;
    url = started.match[1] ?? "";
    output = started.output;
  }, 60_000);

  afterAll(async () => {
    child?.kill("SIGTERM");
    await ollama?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("serves the built task pane page, which carries the custom functions too", async () => {
    const response = await httpsRequest(`${url}/taskpane.html`, { ca });
    expect(response.statusCode).toBe(200);
    const html = await readBody(response);
    expect(html).toContain("functions.js");
    expect(html).toContain("taskpane.js");
    expect(html).toContain("appsforoffice.microsoft.com/lib/1/hosted/office.js");
  });

  it("serves functions.json and the manifest", async () => {
    const functions = await httpsRequest(`${url}/functions.json`, { ca });
    expect(JSON.parse(await readBody(functions)).functions[0].id).toBe("ASK");
    const manifest = await httpsRequest(`${url}/manifest.xml`, { ca });
    expect(await readBody(manifest)).toContain("<OfficeApp");
  });

  it("tells the user Ollama's state and how to sideload into Excel", () => {
    const text = output();
    expect(text).toMatch(/Ollama \S+ is reachable/);
    expect(text).toContain("office-addin-debugging start");
    expect(text).toContain("Upload My Add-in");
  });

  it("hands out a manifest for the port it serves on, rendered from the one template", async () => {
    // PORT=0 picks a free port, so the built dist/manifest.xml (for 3000) does not fit it.
    const port = new URL(url).port;
    const manifest = output().match(/Manifest: (.*)/)?.[1] ?? "";
    expect(manifest).toBe(path.join(home, `manifest-${port}.xml`));
    const xml = await readFile(manifest, "utf8");
    expect(xml).toContain(`<SourceLocation DefaultValue="https://localhost:${port}/taskpane.html" />`);
    expect(xml).toContain(`<AppDomain>https://localhost:${port}</AppDomain>`);
    expect(xml).not.toContain("localhost:3000");
  });

  it("records its pid, port and manifest, and `npm stop` stops it and clears the record", async () => {
    const port = Number(new URL(url).port);
    const record = JSON.parse(await readFile(path.join(home, "server.pid"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(record).toEqual({ pid: child?.pid, port, manifest: path.join(home, `manifest-${port}.xml`) });
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    const stop = spawnSync(process.execPath, ["--import", "tsx", "server/stop.ts"], {
      cwd: projectRoot,
      env: { ...process.env, SLM_HOME: home },
      encoding: "utf8",
    });
    expect(stop.stdout).toContain(`Stopped the excel-slm server (pid ${child?.pid}, port ${port})`);
    expect(await exited).toBe(0);
    expect(existsSync(path.join(home, "server.pid"))).toBe(false);
  });
});
