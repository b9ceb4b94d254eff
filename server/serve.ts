/**
 * `excel-slm serve [--port N] [--ollama URL]` (and `npm start`, which builds first): serve the
 * built add-in over HTTPS with a development certificate, relay /ollama/* to Ollama, and explain
 * how to load the add-in into Excel. Runs from a clone or from the installed package alike: the
 * add-in is the dist/ folder next to this file's folder in both.
 *
 * Environment: PORT (default 3000; --port wins), OLLAMA_HOST (default http://127.0.0.1:11434;
 * --ollama wins), SLM_CERT_DIR (use/generate certificates there instead of
 * ~/.office-addin-dev-certs), SLM_HOME (default ~/.excel-slm: cloud settings, the key file, the
 * audit log, usage, the PID file and manifests for other ports), SLM_CLOUD_API_KEY.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkOllama, startAddinServer } from "./addin-server";
import { CloudService } from "./cloud-service";
import { loadDevCertificates } from "./dev-certificates";
import { PACKAGE_VERSION } from "../src/host/node/package-version";
import { removeServerRecord, writeServerRecord } from "../src/host/node/server-record";
import { slmHomePaths } from "../src/host/node/slm-home";
import { resolveOllamaUrl } from "../src/llm/ollama-url";
import { renderManifest } from "../scripts/manifest-template.mjs";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "Usage: excel-slm serve [--port 3000] [--ollama http://127.0.0.1:11434] [--version]";

interface ServeOptions {
  port: number;
  ollamaUrl: string;
}

/** Starts the server and keeps running until SIGINT/SIGTERM; returns an exit code only when it does not start. */
export async function serve(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  let options: ServeOptions;
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        ollama: { type: "string" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (parsed.values.help || parsed.values.version) {
      console.log(parsed.values.version ? PACKAGE_VERSION : USAGE);
      return 0;
    }
    options = serveOptions(parsed.values, env);
  } catch (error) {
    console.error(`excel-slm serve: ${(error as Error).message}. ${USAGE}`);
    return 2;
  }
  try {
    await start(options, env);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(
        `Port ${options.port} is already in use: another excel-slm (or dev server) is running. ` +
          `Stop it with \`npm stop\`, or serve on another port: \`excel-slm serve --port ${options.port + 1}\`.`,
      );
    } else {
      console.error(
        `excel-slm server failed to start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return 1;
  }
}

function serveOptions(values: { port?: string; ollama?: string }, env: NodeJS.ProcessEnv): ServeOptions {
  const portText = values.port ?? env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535 (got "${portText}")`);
  return { port, ollamaUrl: resolveOllamaUrl(values.ollama, env.OLLAMA_HOST) };
}

async function start({ port, ollamaUrl }: ServeOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const home = slmHomePaths(env);
  const distDir = path.join(packageRoot, "dist");
  if (!existsSync(path.join(distDir, "taskpane.html")))
    throw new Error(`the add-in is not built (${distDir} has no taskpane.html): run \`npm run build\``);
  const certificates = await loadDevCertificates(env.SLM_CERT_DIR || undefined);
  const server = await startAddinServer({
    distDir,
    ollamaUrl,
    port,
    tls: { key: certificates.key, cert: certificates.cert },
    cloud: await CloudService.open(home),
  });
  await mkdir(home.home, { recursive: true });
  const manifest = await manifestFor(server.url, distDir, home.home);
  await writeServerRecord({ pid: process.pid, port: server.port, manifest }, env);

  const ollama = await checkOllama(ollamaUrl);
  const lines = [
    `excel-slm ${PACKAGE_VERSION} is serving the add-in at ${server.url}/taskpane.html`,
    ollama.reachable
      ? `Ollama ${ollama.version ?? ""} is reachable at ${ollamaUrl} (relayed at ${server.url}/ollama).`
      : `Ollama is NOT reachable at ${ollamaUrl} (${ollama.error}). Start it with \`ollama serve\`, or set --ollama / OLLAMA_HOST. \`excel-slm doctor\` checks the whole set-up.`,
    certificates.caInstalled
      ? "The development certificate is trusted."
      : `Certificate: ${certificates.advice}`,
    "",
    `Manifest: ${manifest}`,
    "Load the add-in into Excel:",
    "  Windows / Mac desktop: in another terminal run",
    `      npx office-addin-debugging start "${manifest}" desktop --app excel --no-debug --dev-server-port ${server.port}`,
    "    (it registers the manifest and opens Excel; `npm stop` undoes it).",
    "  Excel on the web: Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, and choose the manifest above.",
    'Then: ribbon tab SLM > Assistant, or type =SLM.ASK("...") in a cell.',
    "Stop with Ctrl+C (or `npm stop` from another terminal).",
  ];
  console.log(lines.join("\n"));

  const shutdown = async () => {
    await server.close();
    await removeServerRecord(env, process.pid);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/**
 * The manifest whose URLs point at this server: the built dist/manifest.xml when it already
 * does, else one rendered from the same template (manifest.xml) into $SLM_HOME for this port,
 * so `--port N` never hands Excel a manifest for another port.
 */
async function manifestFor(serverUrl: string, distDir: string, home: string): Promise<string> {
  const built = path.join(distDir, "manifest.xml");
  const template = await readFile(path.join(packageRoot, "manifest.xml"), "utf8");
  const wanted = renderManifest(template, serverUrl);
  if ((await readFile(built, "utf8").catch(() => "")) === wanted) return built;
  const own = path.join(home, `manifest-${new URL(serverUrl).port}.xml`);
  await writeFile(own, wanted);
  return own;
}
