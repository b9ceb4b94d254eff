import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isLlmError } from "../llm/errors";
import { OllamaClient, type InstalledModel } from "../llm/ollama-client";
import { caTrust, caTrustAdvice } from "../host/node/certificate-trust";
import { packageRoot } from "../host/node/package-root";
import { processRuns, readServerRecord } from "../host/node/server-record";
import { slmHomePaths } from "../host/node/slm-home";

/**
 * What `excel-slm doctor` checks, one function per check. "service" failures are things that are
 * not running or not installed (exit 3, like the other commands' model/service errors); "config"
 * failures are set-up the user must change (exit 2). A warning never changes the exit code.
 */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** One line saying what to do; only when the check did not pass. */
  fix?: string;
  /** Which exit code a failure means. */
  kind: "service" | "config";
}

export interface DoctorSetup {
  ollamaUrl: string;
  model: string;
  numCtx: number;
  port: number;
  env: NodeJS.ProcessEnv;
  nodeVersion?: string;
  /** The machine's memory in bytes; the real machine's unless a test says otherwise. */
  memory?: { total: number; available: number };
}

/** The first Ollama release that returns logprobs, which classify's confidence needs. */
export const LOGPROBS_OLLAMA = "0.12.11";
const MIN_NODE_MAJOR = 20;
const OLLAMA_TIMEOUT_MS = 5000;

export function checkNode(version = process.versions.node): CheckResult {
  const major = Number(version.split(".")[0]);
  return major >= MIN_NODE_MAJOR
    ? { name: "node", status: "ok", detail: `Node ${version}`, kind: "config" }
    : {
        name: "node",
        status: "fail",
        detail: `Node ${version} is older than ${MIN_NODE_MAJOR}`,
        fix: `Install Node.js ${MIN_NODE_MAJOR} or newer (https://nodejs.org).`,
        kind: "config",
      };
}

/** Ollama's reachability, version, and the configured model (pulled, context length). */
export async function checkOllama(setup: DoctorSetup): Promise<CheckResult[]> {
  // No retries: the doctor reports what it sees now instead of waiting out a backoff.
  const client = new OllamaClient({ baseUrl: setup.ollamaUrl, timeoutMs: OLLAMA_TIMEOUT_MS, retries: 0 });
  let version: string;
  try {
    version = await client.version();
  } catch (error) {
    return [
      {
        name: "ollama",
        status: "fail",
        detail: isLlmError(error, "unreachable")
          ? `Ollama is not reachable at ${setup.ollamaUrl}`
          : `Ollama at ${setup.ollamaUrl} did not answer /api/version: ${(error as Error).message}`,
        fix: "Start Ollama (`ollama serve` or the Ollama app), or point --ollama / OLLAMA_HOST at it.",
        kind: "service",
      },
      { name: "model", status: "skip", detail: "not checked: Ollama is not reachable", kind: "service" },
      { name: "memory", status: "skip", detail: "not checked: Ollama is not reachable", kind: "service" },
    ];
  }
  const reachable: CheckResult = versionAtLeast(version, LOGPROBS_OLLAMA)
    ? { name: "ollama", status: "ok", detail: `Ollama ${version} at ${setup.ollamaUrl}`, kind: "service" }
    : {
        name: "ollama",
        status: "warn",
        detail: `Ollama ${version} at ${setup.ollamaUrl} gives no logprobs, so classify cannot say how sure it is`,
        fix: `Update Ollama to ${LOGPROBS_OLLAMA} or newer (https://ollama.com/download).`,
        kind: "service",
      };
  const models = await client.listModels().catch(() => []);
  // Ollama lists "name:latest" for a model pulled as "name".
  const withTag = setup.model.includes(":") ? setup.model : `${setup.model}:latest`;
  const installed = models.find((model) => model.name === setup.model || model.name === withTag);
  if (!installed) {
    const skipped: CheckResult = {
      name: "memory",
      status: "skip",
      detail: "not checked: the model is not pulled",
      kind: "service",
    };
    return [reachable, modelMissing(setup, models), skipped];
  }
  return [reachable, await checkModel(client, setup), await checkMemory(client, installed, setup)];
}

function modelMissing(setup: DoctorSetup, models: InstalledModel[]): CheckResult {
  return {
    name: "model",
    status: "fail",
    detail: `the model ${setup.model} is not pulled (installed: ${models.map((m) => m.name).join(", ") || "none"})`,
    fix: `Run \`ollama pull ${setup.model}\`, or choose an installed model with --model / SLM_MODEL.`,
    kind: "service",
  };
}

async function checkModel(client: OllamaClient, setup: DoctorSetup): Promise<CheckResult> {
  const context = await client.contextLength(setup.model).catch(() => null);
  if (context !== null && context < setup.numCtx) {
    return {
      name: "model",
      status: "warn",
      detail: `${setup.model} is pulled; its context length ${context} is below the ${setup.numCtx} tokens asked for`,
      fix: `Use --num-ctx ${context} or a model with a longer context.`,
      kind: "config",
    };
  }
  const length = context === null ? "context length not reported" : `context length ${context}`;
  return { name: "model", status: "ok", detail: `${setup.model} is pulled (${length})`, kind: "service" };
}

/** Beyond its weights, a loaded model holds its context (KV) cache and buffers: about a fifth more. */
const RUNTIME_OVERHEAD = 1.2;
const GB = 2 ** 30;

/**
 * Whether the model fits in memory. A loaded model (/api/ps) says what it takes and how much sits
 * on the GPU; otherwise its weights plus the overhead are compared with this machine's memory,
 * which only means something when Ollama runs on this machine.
 */
async function checkMemory(
  client: OllamaClient,
  model: InstalledModel,
  setup: DoctorSetup,
): Promise<CheckResult> {
  const running = await client.runningModels().catch(() => []);
  const loaded = running.find((entry) => entry.name === model.name);
  if (loaded) {
    const share = loaded.sizeBytes > 0 ? Math.round((100 * loaded.vramBytes) / loaded.sizeBytes) : 0;
    const where =
      share === 0 ? "all in main memory (CPU)" : share === 100 ? "all on the GPU" : `${share}% on the GPU`;
    return {
      name: "memory",
      status: "ok",
      detail: `${model.name} is loaded: ${gb(loaded.sizeBytes)} GB, ${where}`,
      kind: "config",
    };
  }
  const host = new URL(setup.ollamaUrl).hostname;
  if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(host)) {
    return {
      name: "memory",
      status: "skip",
      detail: `Ollama runs on ${host}: its memory is not visible from here`,
      kind: "config",
    };
  }
  const memory = setup.memory ?? { total: os.totalmem(), available: os.freemem() };
  const needed = model.sizeBytes * RUNTIME_OVERHEAD;
  const estimate = `${model.name} needs about ${gb(needed)} GB when loaded`;
  if (needed > memory.total) {
    return {
      name: "memory",
      status: "fail",
      detail: `${estimate}; this machine has ${gb(memory.total)} GB`,
      fix: "Choose a smaller or more quantised model (e.g. a 1.5b–3b q4 model) with --model / SLM_MODEL.",
      kind: "config",
    };
  }
  if (needed > memory.available) {
    return {
      name: "memory",
      status: "warn",
      detail: `${estimate}; ${gb(memory.available)} GB is free now, so loading it may swap and be slow`,
      fix: "Close other programs, or choose a smaller model with --model / SLM_MODEL.",
      kind: "config",
    };
  }
  return {
    name: "memory",
    status: "ok",
    detail: `${estimate}; ${gb(memory.available)} GB is free`,
    kind: "config",
  };
}

function gb(bytes: number): string {
  return (bytes / GB).toFixed(1);
}

/** Compares dotted release numbers ("0.12.11"); a pre-release or build suffix is ignored. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (text: string) =>
    text
      .split(/[-+]/)[0]!
      .split(".")
      .map((part) => Number(part) || 0);
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const difference = (have[i] ?? 0) - (need[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** $SLM_HOME must take a file: the audit log, usage, cloud settings and the server's PID live there. */
export async function checkSlmHome(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const { home } = slmHomePaths(env);
  const probe = path.join(home, `.doctor-${randomUUID()}`);
  try {
    await mkdir(home, { recursive: true });
    await writeFile(probe, "");
    await rm(probe, { force: true });
    return { name: "slm-home", status: "ok", detail: `${home} is writable`, kind: "config" };
  } catch (error) {
    return {
      name: "slm-home",
      status: "fail",
      detail: `${home} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: "Set SLM_HOME to a folder you can write, or fix the folder's permissions.",
      kind: "config",
    };
  }
}

/** Whether a cloud provider is set and has its key. The key itself is never read into output. */
export async function checkCloud(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const paths = slmHomePaths(env);
  const settings = await readFile(paths.cloudSettings, "utf8")
    .then((text) => JSON.parse(text) as { provider?: { kind?: string; model?: string } | null })
    .catch(() => null);
  const provider = settings?.provider ?? null;
  const keySource = env.SLM_CLOUD_API_KEY
    ? "SLM_CLOUD_API_KEY"
    : existsSync(paths.cloudKey)
      ? paths.cloudKey
      : null;
  if (!provider) {
    return {
      name: "cloud",
      status: "skip",
      detail: `no cloud provider set in the task pane (optional)${keySource ? `; a key is present (${keySource})` : ""}`,
      kind: "config",
    };
  }
  const what = `${provider.kind ?? "provider"}${provider.model ? ` ${provider.model}` : ""}`;
  return keySource
    ? { name: "cloud", status: "ok", detail: `${what}, key present (${keySource})`, kind: "config" }
    : {
        name: "cloud",
        status: "fail",
        detail: `${what} is set but no key is present`,
        fix: "Set the key in the task pane (Settings > Cloud model) or in SLM_CLOUD_API_KEY.",
        kind: "config",
      };
}

/** The development certificate `serve` uses (generated on its first start), and whether the system trusts it. */
export async function checkCertificate(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const dir = env.SLM_CERT_DIR || path.join(os.homedir(), ".office-addin-dev-certs");
  const present = ["localhost.crt", "localhost.key", "ca.crt"].every((file) =>
    existsSync(path.join(dir, file)),
  );
  if (!present) {
    return {
      name: "certificate",
      status: "warn",
      detail: `no development certificate in ${dir} yet`,
      fix: "Run `excel-slm serve` (or `npm start`) once: it generates one and says how to trust it.",
      kind: "config",
    };
  }
  const caPath = path.join(dir, "ca.crt");
  const trust = await caTrust(caPath, !env.SLM_CERT_DIR).catch(() => "unknown" as const);
  if (trust === "trusted")
    return {
      name: "certificate",
      status: "ok",
      detail: `development certificate in ${dir}, trusted`,
      kind: "config",
    };
  return {
    name: "certificate",
    status: "warn",
    detail:
      trust === "not-trusted"
        ? `development certificate in ${dir}, but the system does not trust its CA, so Excel will not load the add-in`
        : `development certificate in ${dir}; whether the system trusts it could not be told`,
    fix: caTrustAdvice(caPath),
    kind: "config",
  };
}

/**
 * The manifest Excel was given must point at the port the server listens on. The built
 * dist/manifest.xml names one address; `serve --port N` renders its own for N into $SLM_HOME.
 */
export async function checkManifest(
  port: number,
  env: NodeJS.ProcessEnv,
  root = packageRoot(),
): Promise<CheckResult> {
  const built = path.join(root, "dist", "manifest.xml");
  const xml = await readFile(built, "utf8").catch(() => null);
  if (xml === null) {
    return {
      name: "manifest",
      status: "fail",
      detail: `the add-in is not built (${built} is missing)`,
      fix: "Run `npm run build` in the clone (an installed package ships it built).",
      kind: "config",
    };
  }
  const source = xml.match(/<SourceLocation\s+DefaultValue="([^"]+)"/)?.[1];
  if (!source) {
    return {
      name: "manifest",
      status: "fail",
      detail: `${built} has no SourceLocation: it is not an add-in manifest`,
      fix: "Rebuild it with `npm run build`.",
      kind: "config",
    };
  }
  const address = new URL(source);
  if (address.hostname !== "localhost") {
    return {
      name: "manifest",
      status: "ok",
      detail: `the built manifest points at ${address.origin} (not this machine's server)`,
      kind: "config",
    };
  }
  const builtPort = Number(address.port || 443);
  if (builtPort === port)
    return { name: "manifest", status: "ok", detail: `${built} points at port ${port}`, kind: "config" };
  const own = path.join(slmHomePaths(env).home, `manifest-${port}.xml`);
  return {
    name: "manifest",
    status: "warn",
    detail: `${built} points at port ${builtPort}, not ${port}${existsSync(own) ? `; ${own} is the one for ${port}` : ""}`,
    fix: `Sideload the manifest \`excel-slm serve --port ${port}\` prints (${own}), or rebuild with \`npm run build -- --url https://localhost:${port}\`.`,
    kind: "config",
  };
}

/** The add-in server's port: free, or held by our own running server. */
export async function checkPort(port: number, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
  if (free) return { name: "port", status: "ok", detail: `port ${port} is free`, kind: "config" };
  const server = await readServerRecord(env);
  if (server?.pid && processRuns(server.pid) && (server.port === undefined || server.port === port)) {
    return {
      name: "port",
      status: "ok",
      detail: `port ${port} is in use by the running excel-slm server (pid ${server.pid})`,
      kind: "config",
    };
  }
  return {
    name: "port",
    status: "fail",
    detail: `port ${port} is in use by another program`,
    fix: `Stop that program, or serve on another port: \`excel-slm serve --port ${port + 1}\` (the manifest follows it).`,
    kind: "config",
  };
}
