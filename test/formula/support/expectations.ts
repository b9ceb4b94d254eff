/**
 * Plain TypeScript versions of what the tests expect, written from the meaning of each plan rather than
 * from the formulas, so a wrong formula cannot agree with itself.
 */

export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Excel's serial number of a date (1900 date system, days since 1899-12-30). */
export function serial(date: Date): number {
  return Math.round((date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function sum(values: readonly (number | null | string)[]): number {
  return values.reduce<number>((total, value) => total + (typeof value === "number" ? value : 0), 0);
}

export function numbers(values: readonly (number | null | string)[]): number[] {
  return values.filter((value): value is number => typeof value === "number");
}

/** Excel's TRIM: spaces at the ends removed, inner runs of spaces made one. */
export function excelTrim(text: string): string {
  return text.replace(/ +/g, " ").trim();
}

/** Monday to Friday from `from` to `to`, both included. */
export function workdays(from: Date, to: Date): number {
  let count = 0;
  for (let t = from.getTime(); t <= to.getTime(); t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/** Completed years between two dates (age on `to`). */
export function wholeYears(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const beforeBirthday =
    to.getUTCMonth() < from.getUTCMonth() ||
    (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate());
  if (beforeBirthday) years--;
  return years;
}

export function monthEnd(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: Date): number {
  return ((date.getUTCDay() + 6) % 7) + 1;
}

/** Rank with ties sharing the best rank, as RANK.EQ; blanks count as 0. */
export function rankOf(value: number, all: readonly number[], largestFirst: boolean): number {
  return 1 + all.filter((other) => (largestFirst ? other > value : other < value)).length;
}
