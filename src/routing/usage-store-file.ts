import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  applyDelta,
  emptyDay,
  isDailyUsage,
  type DailyUsage,
  type UsageDelta,
  type UsageStore,
} from "./usage-store";

/**
 * Usage totals in one JSON file (CLI and tests; Node only). Writes go to a temporary file that
 * is renamed over the old one, so a crash never leaves half a file, and they run one at a time
 * so two requests finishing together cannot lose each other's counts.
 */

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
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const file = await this.read();
        const next = applyDelta(file.days[date] ?? emptyDay(date), delta);
        file.days[date] = next;
        await this.write(file);
        return next;
      });
    this.queue = run;
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
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
