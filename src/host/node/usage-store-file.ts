import { mkdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { writeFileAtomically } from "./atomic-file";
import {
  applyDelta,
  emptyDay,
  isDailyUsage,
  type DailyUsage,
  type UsageDelta,
  type UsageStore,
} from "../../routing/usage-store";

/**
 * Usage totals in one JSON file (CLI and tests; Node only). Writes go to a uniquely named
 * temporary file that is flushed and renamed over the old one (writeFileAtomically), so a crash or a
 * full disk never leaves half a file, and each read-add-write runs one at a time per file in this
 * process, whichever store object makes it, so two requests finishing together cannot lose each
 * other's counts.
 */

/** The update in progress for each file (by absolute path) in this process; the next waits for it. */
const fileQueues = new Map<string, Promise<unknown>>();

interface UsageFile {
  version: 1;
  days: Record<string, DailyUsage>;
}

export class JsonFileUsageStore implements UsageStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async get(date: string): Promise<DailyUsage> {
    await this.queue.catch(() => undefined);
    const file = await this.read();
    return file.days[date] ?? emptyDay(date);
  }

  add(date: string, delta: UsageDelta): Promise<DailyUsage> {
    const key = resolve(this.path);
    const run = (fileQueues.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const file = await this.read();
        const next = applyDelta(file.days[date] ?? emptyDay(date), delta);
        file.days[date] = next;
        await this.write(file);
        return next;
      });
    fileQueues.set(key, run);
    this.queue = run;
    // Forget the file once its last update is done, so the map does not grow with every path used.
    void run
      .catch(() => undefined)
      .then(() => {
        if (fileQueues.get(key) === run) fileQueues.delete(key);
      });
    return run;
  }

  async list(): Promise<DailyUsage[]> {
    await this.queue.catch(() => undefined);
    const file = await this.read();
    return Object.values(file.days).sort((a, b) => a.date.localeCompare(b.date));
  }

  private async read(): Promise<UsageFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, days: {} };
      throw error;
    }
    const parsed = JSON.parse(text) as { days?: Record<string, unknown> };
    const days: Record<string, DailyUsage> = {};
    for (const [date, day] of Object.entries(parsed.days ?? {})) {
      if (isDailyUsage(day) && day.date === date) days[date] = day;
    }
    return { version: 1, days };
  }

  private async write(file: UsageFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomically(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }
}
