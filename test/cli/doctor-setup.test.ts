import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCertificate, checkManifest, checkOllama, type DoctorSetup } from "../../src/cli/doctor-checks";
import { caTrust } from "../../src/host/node/certificate-trust";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { temporaryCertificates } from "../support/tls";

/**
 * The doctor's checks of what a person sets up by hand: does the model fit this machine's memory,
 * does the system trust the development certificate, does the manifest Excel got point at the
 * port the server listens on.
 */
const GB = 2 ** 30;

describe("doctor: memory, certificate trust and manifest port", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;

  beforeAll(async () => {
    // A 2 GB model file: needs about 2.4 GB loaded.
    ollama = await OllamaProtocolServer.start({ models: [{ name: "qwen2.5:3b", size: 2 * GB }] });
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-doctor-setup-"));
  });
  afterAll(async () => {
    await ollama.close();
    await rm(dir, { recursive: true, force: true });
  });

  const setup = (memory: DoctorSetup["memory"], ollamaUrl = ollama.url): DoctorSetup => ({
    ollamaUrl,
    model: "qwen2.5:3b",
    numCtx: 8192,
    port: 3000,
    env: {},
    memory,
  });
  const memoryCheck = async (memory: DoctorSetup["memory"], ollamaUrl?: string) =>
    (await checkOllama(setup(memory, ollamaUrl))).find((check) => check.name === "memory");

  it("fails a model that cannot fit this machine's memory, naming sizes and a smaller model", async () => {
    const check = await memoryCheck({ total: 2 * GB, available: 1 * GB });
    expect(check).toMatchObject({ status: "fail", kind: "config" });
    expect(check?.detail).toBe("qwen2.5:3b needs about 2.4 GB when loaded; this machine has 2.0 GB");
    expect(check?.fix).toMatch(/smaller/);
  });

  it("warns when the model fits but not in the memory free now", async () => {
    const check = await memoryCheck({ total: 16 * GB, available: 1 * GB });
    expect(check).toMatchObject({ status: "warn", detail: expect.stringContaining("1.0 GB is free now") });
    expect((await memoryCheck({ total: 16 * GB, available: 8 * GB }))?.status).toBe("ok");
  });

  it("reports a loaded model from /api/ps as it is, wherever its memory is", async () => {
    const reply = await fetch(`${ollama.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: "qwen2.5:3b",
        messages: [{ role: "user", content: "hi" }],
        stream: false,
      }),
    });
    await reply.text();
    // Loaded now: /api/ps is believed even on a machine that looks too small.
    const check = await memoryCheck({ total: 1 * GB, available: 0 });
    expect(check).toMatchObject({ status: "ok" });
    expect(check?.detail).toMatch(/^qwen2\.5:3b is loaded: 2\.4 GB, all in main memory \(CPU\)$/);
  });

  it("says when the development CA is present but not trusted, with how to trust it", async () => {
    const certificates = await temporaryCertificates();
    try {
      const check = await checkCertificate({ SLM_CERT_DIR: certificates.dir });
      if (process.platform === "linux") {
        expect(check).toMatchObject({ status: "warn", detail: expect.stringContaining("does not trust") });
        expect(check.fix).toContain("update-ca-certificates");
      }
      // The lookup itself: a bundle that holds the CA trusts it, one that does not, does not.
      const bundle = path.join(dir, "bundle.crt");
      const other = await temporaryCertificates();
      await writeFile(bundle, await readFile(other.caPath, "utf8"));
      if (process.platform === "linux") {
        expect(await caTrust(certificates.caPath, false, bundle)).toBe("not-trusted");
        await writeFile(
          bundle,
          `${await readFile(other.caPath, "utf8")}\n${certificates.ca.toString("utf8")}`,
        );
        expect(await caTrust(certificates.caPath, false, bundle)).toBe("trusted");
      }
      await rm(other.dir, { recursive: true, force: true });
    } finally {
      await rm(certificates.dir, { recursive: true, force: true });
    }
  });

  it("checks the built manifest's port against the served one, and a missing build", async () => {
    const root = path.join(dir, "package");
    await mkdir(path.join(root, "dist"), { recursive: true });
    const home = path.join(dir, "home");
    expect(await checkManifest(3000, { SLM_HOME: home }, root)).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("npm run build"),
    });
    await writeFile(
      path.join(root, "dist", "manifest.xml"),
      '<OfficeApp><SourceLocation DefaultValue="https://localhost:3000/taskpane.html" /></OfficeApp>',
    );
    expect((await checkManifest(3000, { SLM_HOME: home }, root)).status).toBe("ok");
    const other = await checkManifest(3443, { SLM_HOME: home }, root);
    expect(other).toMatchObject({ status: "warn", detail: expect.stringContaining("port 3000, not 3443") });
    expect(other.fix).toContain(path.join(home, "manifest-3443.xml"));
    expect(other.fix).toContain("--url https://localhost:3443");
  });
});
