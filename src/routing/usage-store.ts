/**
 * Local and cloud work per UTC day: requests, tokens, what the cloud cost, and what the local
 * work would have cost at the configured cloud price ("cost avoided"). The same numbers back
 * the "auto" budget, so a day is one UTC date everywhere (no time-zone drift between CLI and add-in).
 */

export interface LocalTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface CloudTotals extends LocalTotals {
  costUsd: number;
}

export interface DailyUsage {
  /** UTC date, YYYY-MM-DD. */
  date: string;
  local: LocalTotals;
  cloud: CloudTotals;
  costAvoidedUsd: number;
}

export interface UsageDelta {
  local?: Partial<LocalTotals>;
  cloud?: Partial<CloudTotals>;
  costAvoidedUsd?: number;
}

export interface UsageStore {
  get(date: string): Promise<DailyUsage>;
  /** Adds to a day's totals and returns the new totals. */
  add(date: string, delta: UsageDelta): Promise<DailyUsage>;
  /** Every recorded day, oldest first. */
  list(): Promise<DailyUsage[]>;
}

export function utcDateKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function emptyDay(date: string): DailyUsage {
  return {
    date,
    local: { requests: 0, inputTokens: 0, outputTokens: 0 },
    cloud: { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    costAvoidedUsd: 0,
  };
}

/** Rounded to micro-dollars so sums of many small costs do not collect float noise. */
function money(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

export function applyDelta(day: DailyUsage, delta: UsageDelta): DailyUsage {
  const local = delta.local ?? {};
  const cloud = delta.cloud ?? {};
  return {
    date: day.date,
    local: {
      requests: day.local.requests + (local.requests ?? 0),
      inputTokens: day.local.inputTokens + (local.inputTokens ?? 0),
      outputTokens: day.local.outputTokens + (local.outputTokens ?? 0),
    },
    cloud: {
      requests: day.cloud.requests + (cloud.requests ?? 0),
      inputTokens: day.cloud.inputTokens + (cloud.inputTokens ?? 0),
      outputTokens: day.cloud.outputTokens + (cloud.outputTokens ?? 0),
      costUsd: money(day.cloud.costUsd + (cloud.costUsd ?? 0)),
    },
    costAvoidedUsd: money(day.costAvoidedUsd + (delta.costAvoidedUsd ?? 0)),
  };
}

/** Accepts a stored day only if every number is there, so a hand-edited file cannot poison budgets. */
export function isDailyUsage(value: unknown): value is DailyUsage {
  if (typeof value !== "object" || value === null) return false;
  const day = value as Partial<DailyUsage>;
  const numbers = (totals: unknown, keys: string[]) =>
    typeof totals === "object" &&
    totals !== null &&
    keys.every((key) => Number.isFinite((totals as Record<string, unknown>)[key]));
  return (
    typeof day.date === "string" &&
    /^\d{4}-\d{2}-\d{2}$/.test(day.date) &&
    numbers(day.local, ["requests", "inputTokens", "outputTokens"]) &&
    numbers(day.cloud, ["requests", "inputTokens", "outputTokens", "costUsd"]) &&
    Number.isFinite(day.costAvoidedUsd)
  );
}

export class MemoryUsageStore implements UsageStore {
  private readonly days = new Map<string, DailyUsage>();

  async get(date: string): Promise<DailyUsage> {
    return structuredClone(this.days.get(date) ?? emptyDay(date));
  }

  async add(date: string, delta: UsageDelta): Promise<DailyUsage> {
    const next = applyDelta(this.days.get(date) ?? emptyDay(date), delta);
    this.days.set(date, next);
    return structuredClone(next);
  }

  async list(): Promise<DailyUsage[]> {
    return [...this.days.values()]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((day) => structuredClone(day));
  }
}
