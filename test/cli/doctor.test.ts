import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { versionAtLeast, type CheckResult } from "../../src/cli/doctor-checks";
import { closedPortUrl, freePort } from "../support/network";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";

/**
 * `excel-slm doctor` in process (its checks matter here, not start-up) against real servers. The
 * CLI reads its environment from process.env, so `env` is laid over it for the one run.
 */
async function doctor(args: string[], env: NodeJS.ProcessEnv) {
  const saved = process.env;
  process.env = { ...saved, ...env };
  const out: string[] = [];
  try {
    const code = await runCli(["doctor", ...args], { stdout: (s) => out.push(s), stderr: () => undefined });
    return { code, stdout: out.join("\n") };
  } finally {
    process.env = saved;
  }
}

async function doctorJson(args: string[], env: NodeJS.ProcessEnv) {
  const run = await doctor([...args, "--json"], env);
  const json = JSON.parse(run.stdout) as { ok: boolean; checks: CheckResult[] };
  return { ...run, json, check: (name: string) => json.checks.find((check) => check.name === name) };
}

describe("excel-slm doctor", () => {
  let ollama: OllamaProtocolServer;
  let oldOllama: OllamaProtocolServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let port: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start({ models: [{ name: "qwen2.5:3b", contextLength: 32768 }] });
    oldOllama = await OllamaProtocolServer.start({ version: "0.12.3" });
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-doctor-"));
    const certs = path.join(dir, "certs");
    env = {
      SLM_HOME: path.join(dir, "home"),
      SLM_CERT_DIR: certs,
      SLM_CLOUD_API_KEY: "",
      SLM_MODEL: "",
      OLLAMA_HOST: ollama.url,
    };
    port = String(await freePort());
  });
  afterAll(async () => {
    await ollama.close();
    await oldOllama.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("passes with Ollama up, the model pulled and $SLM_HOME writable: exit 0, the model's context length", async () => {
    const run = await doctorJson(["--port", port], env);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json.ok).toBe(true);
    expect(run.check("node")?.status).toBe("ok");
    expect(run.check("ollama")).toMatchObject({ status: "ok", detail: expect.stringContaining("0.12.11") });
    expect(run.check("model")).toMatchObject({ status: "ok", detail: expect.stringContaining("32768") });
    expect(run.check("slm-home")?.status).toBe("ok");
    expect(run.check("cloud")?.status).toBe("skip");
    // No certificate yet is a warning (serve makes one), not a failure.
    expect(run.check("certificate")).toMatchObject({ status: "warn", fix: expect.stringContaining("serve") });
    expect(run.check("port")?.status).toBe("ok");
  });

  it("exits 3 with a one-line fix when Ollama is down, and does not check the model", async () => {
    const run = await doctorJson(["--port", port, "--ollama", await closedPortUrl()], env);
    expect(run.code).toBe(3);
    expect(run.json.ok).toBe(false);
    expect(run.check("ollama")).toMatchObject({ status: "fail", fix: expect.stringMatching(/ollama serve/) });
    expect(run.check("model")?.status).toBe("skip");
    const text = await doctor(["--port", port, "--ollama", await closedPortUrl()], env);
    expect(text.stdout).toMatch(
      /^FAIL ollama +Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+\n +fix: Start Ollama/m,
    );
  });

  it("exits 3 when the model is not pulled, naming the pull command", async () => {
    const run = await doctorJson(["--port", port, "--model", "llama3.2:3b"], env);
    expect(run.code).toBe(3);
    expect(run.check("model")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("ollama pull llama3.2:3b"),
    });
  });

  it("warns (exit 0) about an Ollama too old for logprobs", async () => {
    const run = await doctorJson(["--port", port, "--ollama", oldOllama.url], env);
    expect(run.code).toBe(0);
    expect(run.check("ollama")).toMatchObject({ status: "warn", fix: expect.stringContaining("0.12.11") });
  });

  it("exits 2 for configuration problems: a port held by another program, a cloud provider without a key", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const busy = String((blocker.address() as net.AddressInfo).port);
    try {
      const run = await doctorJson(["--port", busy], env);
      expect(run.code).toBe(2);
      expect(run.check("port")).toMatchObject({ status: "fail", fix: expect.stringContaining("--port") });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }

    const home = path.join(dir, "cloud-home");
    await mkdir(home, { recursive: true });
    await writeFile(
      path.join(home, "cloud.json"),
      JSON.stringify({ provider: { kind: "openai", model: "gpt-x" } }),
    );
    const noKey = await doctorJson(["--port", port], { ...env, SLM_HOME: home });
    expect(noKey.code).toBe(2);
    expect(noKey.check("cloud")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("SLM_CLOUD_API_KEY"),
    });
    const secret = "sk-test-never-printed";
    const withKey = await doctorJson(["--port", port], { ...env, SLM_HOME: home, SLM_CLOUD_API_KEY: secret });
    expect(withKey.code).toBe(0);
    expect(withKey.check("cloud")?.status).toBe("ok");
    expect(withKey.stdout).not.toContain(secret);
  });

  it("compares Ollama versions by release number", () => {
    expect(versionAtLeast("0.12.11", "0.12.11")).toBe(true);
    expect(versionAtLeast("0.13.0", "0.12.11")).toBe(true);
    expect(versionAtLeast("0.12.9", "0.12.11")).toBe(false);
    expect(versionAtLeast("0.12.11-rc1", "0.12.11")).toBe(true);
  });
});
