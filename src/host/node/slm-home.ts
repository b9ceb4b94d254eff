import os from "node:os";
import path from "node:path";

/**
 * The one layout of $SLM_HOME (default ~/.excel-slm), shared by the CLI and the local server:
 * the cloud audit log and usage totals (both), the cloud key and settings the task pane sets
 * through the server, and the running server's PID file (`npm start` writes it, `npm stop` reads it).
 */
export interface SlmHomePaths {
  home: string;
  auditLog: string;
  usage: string;
  cloudKey: string;
  cloudSettings: string;
  serverPid: string;
}

export function slmHomePaths(env: NodeJS.ProcessEnv = process.env): SlmHomePaths {
  const home = env.SLM_HOME || path.join(os.homedir(), ".excel-slm");
  return {
    home,
    auditLog: path.join(home, "audit.jsonl"),
    usage: path.join(home, "usage.json"),
    cloudKey: path.join(home, "cloud-key"),
    cloudSettings: path.join(home, "cloud.json"),
    serverPid: path.join(home, "server.pid"),
  };
}
