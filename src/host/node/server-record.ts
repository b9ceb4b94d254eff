import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { slmHomePaths } from "./slm-home";

/**
 * What a running `excel-slm serve` leaves in $SLM_HOME so that `npm stop` and `excel-slm doctor`
 * know which process to stop, which port it holds and which manifest Excel was given for it
 * (`serve --port N` renders its own manifest; unregistering dist/manifest.xml would miss it).
 */
export interface ServerRecord {
  pid: number;
  port: number;
  manifest: string;
}

export async function writeServerRecord(record: ServerRecord, env: NodeJS.ProcessEnv): Promise<void> {
  const paths = slmHomePaths(env);
  await mkdir(paths.home, { recursive: true });
  await writeFile(paths.serverPid, JSON.stringify(record));
}

/** The record, or null when none is there. A bare PID (what earlier versions wrote) still reads. */
export async function readServerRecord(env: NodeJS.ProcessEnv): Promise<Partial<ServerRecord> | null> {
  const text = await readFile(slmHomePaths(env).serverPid, "utf8").catch(() => "");
  if (/^\s*\d+\s*$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<ServerRecord>;
    return typeof parsed.pid === "number" && parsed.pid > 0 ? parsed : null;
  } catch {
    return null;
  }
}

/** Removes the record; with `pid`, only when it is that process's (another server may have started since). */
export async function removeServerRecord(env: NodeJS.ProcessEnv, pid?: number): Promise<void> {
  if (pid !== undefined && (await readServerRecord(env))?.pid !== pid) return;
  await rm(slmHomePaths(env).serverPid, { force: true });
}

/** Whether a process with this PID exists (signal 0 checks without sending anything). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
