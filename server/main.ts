/**
 * `npm start`: serve the built add-in on https://localhost:3000 with a development certificate,
 * relay /ollama/* to Ollama, and explain how to load the add-in into Excel.
 *
 * Environment: PORT (default 3000), OLLAMA_HOST (default http://127.0.0.1:11434),
 * SLM_CERT_DIR (use/generate certificates there instead of ~/.office-addin-dev-certs),
 * SLM_HOME (default ~/.excel-slm: cloud settings, the key file, the audit log and usage),
 * SLM_CLOUD_API_KEY (the cloud key; wins over the key file the task pane can set).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkOllama, startAddinServer } from "./addin-server";
import { CloudService } from "./cloud-service";
import { loadDevCertificates } from "./dev-certificates";
import { slmHomePaths } from "../src/host/node/slm-home";
import { resolveOllamaUrl } from "../src/llm/ollama-url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const home = slmHomePaths(process.env);
  const port = Number(process.env.PORT ?? 3000);
  const ollamaUrl = resolveOllamaUrl(undefined, process.env.OLLAMA_HOST);
  const certificates = await loadDevCertificates(process.env.SLM_CERT_DIR || undefined);
  const server = await startAddinServer({
    distDir: path.join(projectRoot, "dist"),
    ollamaUrl,
    port,
    tls: { key: certificates.key, cert: certificates.cert },
    cloud: await CloudService.open(home),
  });
  await mkdir(home.home, { recursive: true });
  await writeFile(home.serverPid, String(process.pid));

  const ollama = await checkOllama(ollamaUrl);
  const manifest = path.join(projectRoot, "dist", "manifest.xml");
  const lines = [
    `excel-slm is serving the add-in at ${server.url}/taskpane.html`,
    ollama.reachable
      ? `Ollama ${ollama.version ?? ""} is reachable at ${ollamaUrl} (relayed at ${server.url}/ollama).`
      : `Ollama is NOT reachable at ${ollamaUrl} (${ollama.error}). Start it with \`ollama serve\`, or set OLLAMA_HOST.`,
    certificates.caInstalled
      ? "The development certificate is trusted."
      : `Certificate: ${certificates.advice}`,
    "",
    `Manifest: ${manifest}`,
    "Load the add-in into Excel:",
    "  Windows / Mac desktop: in another terminal run",
    "      npx office-addin-debugging start dist/manifest.xml desktop --app excel --no-debug --dev-server-port " +
      port,
    "    (it registers the manifest and opens Excel; `npm stop` undoes it).",
    "  Excel on the web: Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, and choose the manifest above.",
    'Then: ribbon tab SLM > Assistant, or type =SLM.ASK("...") in a cell.',
    "Stop with Ctrl+C (or `npm stop` from another terminal).",
  ];
  console.log(lines.join("\n"));

  const shutdown = async () => {
    await server.close();
    await rm(home.serverPid, { force: true });
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    console.error(
      `Port ${process.env.PORT ?? 3000} is already in use: another excel-slm (or dev server) is running. ` +
        "Stop it with `npm stop`, or set PORT to another port (and update the manifest URLs).",
    );
  } else {
    console.error(
      `excel-slm server failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  process.exit(1);
});
