import type { CellGrid, CellValue } from "../sheet/cells";

/**
 * Names cannot be recognised by their shape, but tables say where they are: a column headed
 * Name, Customer, Employee, Contact... holds people. Such columns are found by their header's
 * last word (its head noun), so "Customer Name" and "Sales Rep" count while "Customer Segment"
 * and "Product Name" do not.
 */

const PERSON_WORDS = new Set([
  "name",
  "names",
  "fullname",
  "firstname",
  "lastname",
  "surname",
  "forename",
  "customer",
  "client",
  "employee",
  "contact",
  "person",
  "owner",
  "manager",
  "patient",
  "student",
  "applicant",
  "recipient",
  "sender",
  "assignee",
  "requester",
  "requestor",
  "buyer",
  "member",
  "staff",
  "worker",
  "agent",
  "rep",
  "representative",
  "salesperson",
  "tenant",
  "guest",
  "passenger",
  "author",
  "approver",
  "reviewer",
  "supervisor",
  "teacher",
  "doctor",
  "physician",
  "nurse",
  "spouse",
  "beneficiary",
  "cardholder",
  "holder",
  "signatory",
  "candidate",
  "user",
  "username",
]);

/** "X Name" where X is a thing, not a person. */
const THING_QUALIFIERS = new Set([
  "product",
  "company",
  "item",
  "file",
  "sheet",
  "table",
  "project",
  "brand",
  "domain",
  "host",
  "field",
  "column",
  "city",
  "country",
  "street",
  "region",
  "category",
  "department",
  "team",
  "store",
  "shop",
  "organisation",
  "organization",
  "business",
  "server",
  "app",
  "application",
  "model",
  "device",
  "event",
  "course",
  "part",
  "range",
  "tab",
  "workbook",
  "place",
  "location",
  "site",
  "vendor",
  "supplier",
  "account",
  "bank",
  "campaign",
  "task",
  "plan",
  "branch",
  "route",
  "service",
]);

function words(header: string): string[] {
  return header
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

export function isPersonHeader(header: CellValue): boolean {
  if (typeof header !== "string") return false;
  const parts = words(header);
  if (parts.length === 0) return false;
  // "Name of customer" / "Name (employee)": the head comes first.
  const ofIndex = parts.indexOf("of");
  const head = ofIndex > 0 ? parts[0] : parts[parts.length - 1];
  if (!head || !PERSON_WORDS.has(head)) return false;
  if (head !== "name" && head !== "names") return true;
  const qualifiers = ofIndex > 0 ? parts.slice(ofIndex + 1) : parts.slice(0, -1);
  return !qualifiers.some((word) => THING_QUALIFIERS.has(word));
}

/** Column indexes (0-based) whose header (row 0) names people. */
export function personColumns(grid: CellGrid): number[] {
  const header = grid[0] ?? [];
  return header.flatMap((cell, index) => (isPersonHeader(cell) ? [index] : []));
}

/**
 * Placeholders and summary rows that sit in name columns; learning them as names would replace
 * the word "Total" everywhere in the prompt.
 */
const NOT_NAMES =
  /^(?:n\/?a|none|unknown|tbd|tba|other|others|misc|various|total|subtotal|sub-total|grand total|sum|average|avg|count|all|blank|empty|-+)$/i;

/** A cell worth treating as a name: text with at least two letters (not "-", "N/A", "Total", a number). */
export function nameValue(cell: CellValue | undefined): string | null {
  if (typeof cell !== "string") return null;
  const value = cell.trim();
  if ((value.match(/\p{L}/gu) ?? []).length < 2) return null;
  if (NOT_NAMES.test(value)) return null;
  return value;
}

/** Every name held in a person column of a header-first table. */
export function namesInTable(grid: CellGrid): string[] {
  const columns = personColumns(grid);
  const names: string[] = [];
  for (const row of grid.slice(1)) {
    for (const column of columns) {
      const value = nameValue(row[column]);
      if (value) names.push(value);
    }
  }
  return names;
}
