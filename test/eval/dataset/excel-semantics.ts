/**
 * What Excel computes, written out in plain TypeScript for the expected values: SUM/SUMIFS skip text
 * (even "12"), arithmetic reads "12" as 12 and a blank as 0, criteria ignore case, dates are serial
 * numbers. Written from Excel's documented behaviour, not from the compiler.
 */

const DAY_MS = 86_400_000;

export function serial(date: Date): number {
  return Math.round((date.getTime() - Date.UTC(1899, 11, 30)) / DAY_MS);
}

/** Criteria and = comparisons ignore case. */
export function same(cell: string | null, text: string): boolean {
  return cell !== null && cell.toLowerCase() === text.toLowerCase();
}

/** The real numbers among cell values, as SUM, AVERAGE, MAX and the *IFS functions see them. */
export function numbers(values: readonly unknown[]): number[] {
  return values.filter((v): v is number => typeof v === "number");
}

export function sum(values: readonly unknown[]): number {
  return numbers(values).reduce((total, v) => total + v, 0);
}

export function average(values: readonly unknown[]): number {
  const found = numbers(values);
  if (found.length === 0) throw new Error("average of nothing");
  return sum(found) / found.length;
}

/** A cell as + - * / read it: blank is 0 and text that reads as a number is that number. */
export function arithmetic(value: number | string | null): number {
  if (value === null) return 0;
  if (typeof value === "number") return value;
  const parsed = Number(value);
  if (value.trim() === "" || Number.isNaN(parsed)) throw new Error(`#VALUE! for ${value}`);
  return parsed;
}

/** A cell in a comparison such as <= 2: blank is 0. (Text is greater than any number; callers avoid it.) */
export function compared(value: number | null): number {
  return value ?? 0;
}

/** Excel's TRIM: no spaces at the ends, inner runs of spaces made one. */
export function excelTrim(text: string | null): string {
  return (text ?? "").replace(/ +/g, " ").trim();
}

/** Excel's PROPER: a letter after a non-letter is capitalised, every other letter lower-cased. */
export function excelProper(text: string): string {
  return text.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

/** Monday to Friday from `from` to `to`, both included (NETWORKDAYS). */
export function workdays(from: Date, to: Date): number {
  let count = 0;
  for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/** Completed years from `from` to `to` (DATEDIF "Y"). */
export function wholeYears(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const monthDay = (d: Date) => d.getUTCMonth() * 100 + d.getUTCDate();
  if (monthDay(to) < monthDay(from)) years--;
  return years;
}

export function monthEnd(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
}

/** 1 = Monday ... 7 = Sunday (WEEKDAY(d,2)). */
export function isoWeekday(date: Date): number {
  return ((date.getUTCDay() + 6) % 7) + 1;
}

export function quarter(date: Date): number {
  return Math.floor(date.getUTCMonth() / 3) + 1;
}

export function inMonth(date: Date, year: number, month: number): boolean {
  return date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month;
}

/** RANK.EQ: 1 + how many numbers beat it; ties share a rank; text and blanks take no part. */
export function rank(value: number, all: readonly unknown[], largestFirst: boolean): number {
  return 1 + numbers(all).filter((other) => (largestFirst ? other > value : other < value)).length;
}

/** Rows sorted by a number, keeping the original order of ties (SORTBY is stable). */
export function sortedBy<T>(rows: readonly T[], key: (row: T) => number, descending: boolean): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (descending ? key(b.row) - key(a.row) : key(a.row) - key(b.row)) || a.index - b.index)
    .map(({ row }) => row);
}

/** Distinct values in order of first appearance, ignoring case (UNIQUE), blanks left out. */
export function distinct(values: readonly (string | null)[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values)
    if (v !== null && v !== "" && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

/** A to Z, ignoring case, as SORT orders text. */
export function alphabetical(values: readonly string[]): string[] {
  return [...values].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}
