/**
 * `npm stop`: stops a server started by `npm start` and, on Windows and Mac, removes the sideloaded
 * add-in from Excel (office-addin-debugging is fetched by npx on demand: it is not needed on Linux).
 */
import { spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { slmHomePaths } from "../src/host/node/slm-home";

const PID_FILE = slmHomePaths(process.env).serverPid;

async function main(): Promise<void> {
  const pid = Number(await readFile(PID_FILE, "utf8").catch(() => ""));
  if (pid > 0) {
    try {
      process.kill(pid, "SIGTERM");
      console.log(`Stopped the excel-slm server (pid ${pid}).`);
    } catch {
      console.log("The excel-slm server was not running.");
    }
    await rm(PID_FILE, { force: true });
  } else {
    console.log("No excel-slm server is running.");
  }
  if (process.platform === "win32" || process.platform === "darwin") {
    const result = spawnSync("npx", ["--yes", "office-addin-debugging", "stop", "dist/manifest.xml"], {
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
