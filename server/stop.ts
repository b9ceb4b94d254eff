/**
 * `npm stop`: stops a server started by `npm start` / `excel-slm serve` and, on Windows and Mac,
 * removes the sideloaded add-in from Excel — the manifest that server handed out, which is its own
 * one under $SLM_HOME after `serve --port N` (office-addin-debugging is fetched by npx on demand:
 * it is not needed on Linux).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { processRuns, readServerRecord, removeServerRecord } from "../src/host/node/server-record";

async function main(): Promise<void> {
  const record = await readServerRecord(process.env);
  if (record?.pid) {
    if (processRuns(record.pid)) {
      process.kill(record.pid, "SIGTERM");
      console.log(
        `Stopped the excel-slm server (pid ${record.pid}${record.port ? `, port ${record.port}` : ""}).`,
      );
    } else {
      console.log("The excel-slm server was not running.");
    }
    await removeServerRecord(process.env);
  } else {
    console.log("No excel-slm server is running.");
  }
  const manifest = record?.manifest && existsSync(record.manifest) ? record.manifest : "dist/manifest.xml";
  if (process.platform === "win32" || process.platform === "darwin") {
    const result = spawnSync("npx", ["--yes", "office-addin-debugging", "stop", manifest], {
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (result.status !== 0)
      console.error("Could not remove the sideloaded add-in; remove it in Excel's add-in list.");
  }
}

main().catch((error: unknown) => {
  console.error(`npm stop failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
