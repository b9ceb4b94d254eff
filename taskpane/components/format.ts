/**
 * The pane's one way to write numbers, money, sizes, dates and times, so every view says
 * "10,000 cells" and the same date style. English wording, en-US digit grouping (the pane's
 * words are English); times follow the user's clock (12 or 24 hours) through the locale.
 */
const COUNT = new Intl.NumberFormat("en-US");
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const DATE = new Intl.DateTimeFormat("en-US", { day: "numeric", month: "short", year: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** 10000 → "10,000". */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

/** 1 → "1 cell", 10000 → "10,000 cells"; `many` defaults to one + "s". */
export function formatQuantity(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Cloud costs are often fractions of a cent: enough digits to be non-zero, no more. */
export function formatMoney(usd: number): string {
  if (usd === 0) return "$0.00";
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2).replace(/0+$/, "")}`;
}

/** 14:05 (or 2:05 PM): a time of day today. */
export function formatTime(time: number | string | Date): string {
  return TIME.format(new Date(time));
}

/** Dec 5, 2026. */
export function formatDate(time: number | string | Date): string {
  return DATE.format(new Date(time));
}

/** Today: the time only; another day: "Dec 4, 14:05". */
export function formatWhen(time: number | string | Date, now = new Date()): string {
  const at = new Date(time);
  return at.toDateString() === now.toDateString() ? formatTime(at) : DATE_TIME.format(at);
}

/** A duration for an ETA: "about 20 s", "about 3 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `about ${seconds} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/** 32768 → "32K", 131072 → "128K"; tokens, as model cards write them. */
export function formatContextLength(tokens: number): string {
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}
