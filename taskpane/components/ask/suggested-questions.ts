/**
 * Questions to start with, built from the table's columns: a number column summed or averaged by
 * a text column, the largest group, a count per group. Only columns the table has are named, so
 * each suggestion is one the analysis plans can answer.
 */
export interface ProfiledColumn {
  header: string;
  type: "number" | "date" | "text" | "boolean" | "empty";
}

const MAX_SUGGESTIONS = 4;

export function suggestedQuestions(columns: readonly ProfiledColumn[]): string[] {
  const named = columns.filter((column) => column.header.trim() !== "");
  const numbers = named.filter((column) => column.type === "number").map((column) => column.header);
  const groups = named.filter((column) => column.type === "text").map((column) => column.header);
  const suggestions: string[] = [];
  const [amount, second] = numbers;
  const [group] = groups;
  if (amount && group) {
    suggestions.push(`Total ${amount} by ${group}`);
    suggestions.push(`Which ${group} has the highest ${amount}?`);
  }
  if (amount) suggestions.push(`Average ${amount}`);
  if (second) suggestions.push(`Total ${second}`);
  if (group) suggestions.push(`How many rows per ${group}?`);
  if (suggestions.length === 0) suggestions.push("How many rows are there?");
  return suggestions.slice(0, MAX_SUGGESTIONS);
}
