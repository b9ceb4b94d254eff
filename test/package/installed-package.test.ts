import ExcelJS from "exceljs";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNode, NODE_BUILD_DIR } from "../../scripts/build-node";
import { plantedOrders } from "../analysis/fixtures/order-tables";
import { freePort } from "../support/network";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { projectRoot, runProcess, startUntil, type Finished } from "../support/processes";
import { keywordLabeller } from "../support/scripted-models";
import { httpsRequest, readBody, temporaryCertificates } from "../support/tls";

/**
 * The package as a user gets it: `npm pack`, then `npm install --omit=dev` of the tarball into an
 * empty folder (dependencies come from the npm registry, or npm's cache), and every command run
 * from there through `npx excel-slm` against the Ollama protocol server. The CLI and server are
 * rebuilt first (esbuild, seconds) so the test never packs a stale build; the add-in's dist/ comes
 * from `npm run build`, which `npm test` runs before the tests.
 */
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
/** Installing from the registry over a slow link is the long pole; measured ~15 s from npm's cache. */
const INSTALL_MS = 240_000;
const RUN_MS = 60_000;

describe("the packed, installed package", () => {
  let work: string;
  let app: string;
  let files: string[];
  let ollama: OllamaProtocolServer;
  let home: string;

  /** `npx excel-slm …` in the install folder, as a user would type it, with its own $SLM_HOME. */
  const excelSlm = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> =>
    runProcess(NPX, ["--no", "--", "excel-slm", ...args], {
      cwd: app,
      // Cleared: the suite's EXCEL_SLM_FROM_SOURCE would send bin/ to sources the package lacks.
      env: { EXCEL_SLM_FROM_SOURCE: "", OLLAMA_HOST: ollama.url, SLM_MODEL: "", SLM_HOME: home, ...env },
    });

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot, "dist", "taskpane.html"))) {
      throw new Error("dist/ is missing: run `npm run build` first (npm test does this).");
    }
    await buildNode();
    work = await mkdtemp(path.join(os.tmpdir(), "slm-package-"));
    home = path.join(work, "home");
    // prepack (the full build) is skipped: the add-in was just built by npm test, the CLI above.
    const packed = await runProcess(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work]);
    expect(packed.code, packed.stderr).toBe(0);
    const [summary] = JSON.parse(packed.stdout) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    files = summary!.files.map((file) => file.path);
    app = path.join(work, "app");
    await mkdir(app);
    await writeFile(path.join(app, "package.json"), JSON.stringify({ name: "slm-user", private: true }));
    const installed = await runProcess(
      NPM,
      [
        "install",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        path.join(work, summary!.filename),
      ],
      { cwd: app },
    );
    expect(installed.code, installed.stderr).toBe(0);
    ollama = await OllamaProtocolServer.start();
  }, INSTALL_MS);

  afterAll(async () => {
    await ollama?.close();
    if (work) await rm(work, { recursive: true, force: true });
    // The build output is gitignored, its metafile included; nothing else was written to the tree.
    expect(existsSync(NODE_BUILD_DIR)).toBe(true);
  });

  it("ships the built CLI, server and add-in, and no tests or sources", () => {
    expect(files).toEqual(
      expect.arrayContaining(["bin/excel-slm.js", "dist-node/cli.js", "dist-node/serve.js"]),
    );
    expect(files).toEqual(
      expect.arrayContaining(["dist/taskpane.html", "dist/manifest.xml", "manifest.xml"]),
    );
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json"]));
    const unwanted = files.filter((file) =>
      /^(test|src|server|taskpane|functions|bench|scripts)\/|\.test\.|\.ts$/.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it(
    "installs no react, Fluent UI or echarts: they are bundled into the page or the CLI",
    async () => {
      const listed = await runProcess(NPM, ["ls", "--omit=dev", "--all", "--parseable"], { cwd: app });
      const names = listed.stdout.split("\n").map((line) => line.replace(/^.*node_modules[\\/]/, ""));
      expect(
        names.filter((name) =>
          /^(react|react-dom|@fluentui\/|echarts|tsx|exceljs|typescript)(\/|$)/.test(name),
        ),
      ).toEqual([]);
    },
    RUN_MS,
  );

  it(
    "answers --version and --help",
    async () => {
      const packageJson = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8")) as {
        version: string;
      };
      const version = await excelSlm(["--version"]);
      expect(version.code, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(packageJson.version);
      const help = await excelSlm(["--help"]);
      expect(help.code, help.stderr).toBe(0);
      for (const command of ["classify", "report", "doctor", "serve"])
        expect(help.stdout).toContain(`  ${command} `);
    },
    RUN_MS,
  );

  it(
    "classifies a column of a workbook",
    async () => {
      ollama.reset();
      ollama.onChat(keywordLabeller({ refund: "billing", crash: "bug" }, "praise"));
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Data");
      ["Ticket", "refund please", "app crash on start", "love it"].forEach((text) => sheet.addRow([text]));
      const input = path.join(work, "tickets.xlsx");
      await workbook.xlsx.writeFile(input);
      const out = path.join(work, "labelled.xlsx");
      const args = [
        "classify",
        input,
        "--range",
        "Data!A2:A4",
        "--labels",
        "billing,bug,praise",
        "--out",
        out,
      ];
      const run = await excelSlm([...args, "--json"]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, target: "Data!B2:B4", results: 3 });
      const written = new ExcelJS.Workbook();
      await written.xlsx.readFile(out);
      expect(["B2", "B3", "B4"].map((cell) => written.getWorksheet("Data")!.getCell(cell).value)).toEqual([
        "billing",
        "bug",
        "praise",
      ]);
    },
    RUN_MS,
  );

  it(
    "writes a report with chart pictures (the bundled echarts, the installed resvg and font)",
    async () => {
      const input = path.join(work, "orders.xlsx");
      await plantedOrders().workbook.xlsx.writeFile(input);
      const out = path.join(work, "report.xlsx");
      const run = await excelSlm([
        "report",
        input,
        "--sheet",
        "Orders",
        "--out",
        out,
        "--facts-only",
        "--json",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = new ExcelJS.Workbook();
      await report.xlsx.readFile(out);
      // A report-only workbook (the user's data is not rewritten): its one sheet is the report.
      expect(report.worksheets.map((sheet) => sheet.name)).toEqual([expect.stringMatching(/^Report/)]);
      expect(report.model.media.length).toBeGreaterThan(0);
    },
    RUN_MS,
  );

  it(
    "runs doctor: all set-up checks pass against a running Ollama, exit 3 when it is down",
    async () => {
      const port = String(await freePort());
      const up = await excelSlm(["doctor", "--port", port, "--json"]);
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const checks = (JSON.parse(up.stdout) as { checks: Array<{ name: string; status: string }> }).checks;
      expect(checks.find((check) => check.name === "ollama")?.status).toBe("ok");
      expect(checks.find((check) => check.name === "model")?.status).toBe("ok");
      const down = await excelSlm(["doctor", "--port", port], { OLLAMA_HOST: "http://127.0.0.1:9" });
      expect(down.code).toBe(3);
      expect(down.stdout).toMatch(/FAIL ollama .*\n\s+fix: Start Ollama/);
    },
    RUN_MS,
  );

  it(
    "serves the add-in over HTTPS on the port asked for, with a manifest for that port",
    async () => {
      const certificates = await temporaryCertificates();
      const port = await freePort();
      let child: ChildProcess | undefined;
      try {
        // The installed bin run directly, not through npx: a signal to npx would not reach the server.
        const started = await startUntil(
          process.execPath,
          [
            path.join(app, "node_modules", "excel-slm", "bin", "excel-slm.js"),
            "serve",
            "--port",
            String(port),
            "--ollama",
            ollama.url,
          ],
          { EXCEL_SLM_FROM_SOURCE: "", SLM_CERT_DIR: certificates.dir, SLM_HOME: home },
          /Manifest: (.*)\n[\s\S]*Stop with Ctrl\+C/,
          RUN_MS,
          app,
        );
        child = started.child;
        const page = await httpsRequest(`https://localhost:${port}/taskpane.html`, { ca: certificates.ca });
        expect(page.statusCode).toBe(200);
        expect(await readBody(page)).toContain("functions.js");
        const manifest = await readFile(started.match[1]!.trim(), "utf8");
        expect(manifest).toContain(`https://localhost:${port}/taskpane.html`);
      } finally {
        child?.kill("SIGTERM");
        await rm(certificates.dir, { recursive: true, force: true });
      }
    },
    RUN_MS,
  );
});
