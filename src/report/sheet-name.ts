/**
 * Names for the sheets a report or a data check adds: "Report Orders 2025-06-30". Excel refuses names
 * longer than 31 characters, with any of [ ] : * ? / \, or starting or ending with an apostrophe, and
 * compares names without regard to case; the name shortens the table's name, never the date.
 */
export const MAX_SHEET_NAME = 31;

export function newSheetName(
  prefix: string,
  tableName: string,
  date: string,
  existing: readonly string[],
): string {
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const cleanName = tableName
    .replace(/[[\]:*?/\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  for (let copy = 1; ; copy++) {
    const suffix = copy === 1 ? ` ${date}` : ` ${date} (${copy})`;
    const room = MAX_SHEET_NAME - prefix.length - 1 - suffix.length;
    const middle = cleanName.slice(0, Math.max(0, room)).trim();
    const name = `${prefix}${middle ? ` ${middle}` : ""}${suffix}`.replace(/^'+|'+$/g, "");
    if (!taken.has(name.toLowerCase())) return name;
  }
}
