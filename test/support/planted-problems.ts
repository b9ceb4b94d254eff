/**
 * Planted problems for measuring the data checks: each clean table (planted-tables.ts) gets a twin
 * with known problems at known cells, of every kind the checks claim. The benchmark
 * (bench/checks.bench.ts) scores findings against them; tests reuse single twins.
 */
import ExcelJS from "exceljs";
import type { DataFinding, DataFindingKind } from "../../src/analysis/data-findings";
import { readTable } from "../../src/analysis/table";
import { XlsxWorkbook } from "../../src/host/xlsx/xlsx-workbook";
import { runDataChecks } from "../../src/report/data-checks";
import { resolveReportRange } from "../../src/report/report-model";
import { columnIndexToLetter } from "../../src/sheet/a1";
import {
  cleanTable,
  DAY_MS,
  PLANTED_TODAY,
  Random,
  TABLE_TEMPLATES,
  type CleanTable,
  type ColumnRole,
  type GeneratedColumn,
  type TableCell,
} from "./planted-tables";

export { PLANTED_TODAY, type CleanTable, type TableCell } from "./planted-tables";

export interface PlantedProblem {
  kind: DataFindingKind;
  /** Sheet cell, e.g. "Orders!C4". */
  address: string;
  what: string;
}

export interface PlantedTable extends CleanTable {
  planted: PlantedProblem[];
}

/** `source`: a row the problem depends on (a duplicate's original), kept free of other plants. */
type Plant = { value: TableCell; what: string; source?: number } | null;
type Planter = (column: GeneratedColumn, row: number, random: Random) => Plant;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The rows a category variant may be made from: spellings used at least three times. */
function commonCategory(column: GeneratedColumn, row: number): string | null {
  const value = column.values[row];
  if (typeof value !== "string") return null;
  return column.values.filter((other) => other === value).length >= 3 ? value : null;
}

function typo(word: string, random: Random): string | null {
  if (word.length < 5) return null;
  const at = random.int(1, word.length - 3);
  const swapped = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return swapped === word ? word.slice(0, at) + word.slice(at + 1) : swapped;
}

/** "HR" for "Human Resources", "R&D" for "Research and Development", "Health and Beauty" for "&". */
function synonym(value: string): string | null {
  if (value.includes(" & ")) return value.replace(" & ", " and ");
  const words = value.split(" ");
  if (words.length < 2) return null;
  return words.map((word) => (word === "and" ? "&" : (word[0] ?? "").toUpperCase())).join("");
}

const categoryVariant: Planter = (column, row, random) => {
  const value = commonCategory(column, row);
  if (!value) return null;
  const options: Plant[] = [
    { value: value.toLowerCase(), what: "case" },
    { value: `${value} `, what: "trailing space" },
    { value: value.replace(" ", "  ") === value ? ` ${value}` : value.replace(" ", "  "), what: "spacing" },
  ];
  const typed = typo(value, random);
  if (typed) options.push({ value: typed, what: "typo" });
  const same = synonym(value);
  if (same) options.push({ value: same, what: "synonym" });
  const chosen = random.pick(options);
  return chosen && chosen.value !== value ? chosen : null;
};

const numberAsText: Planter = (column, row) => {
  const value = column.values[row];
  if (typeof value !== "number") return null;
  const text = value >= 1000 ? value.toLocaleString("en-US") : String(value);
  return { value: text, what: "number stored as text" };
};

const outlier: Planter = (column, row, random) => {
  const value = column.values[row];
  const numbers = column.values.filter((v): v is number => typeof v === "number").sort((a, b) => a - b);
  const median = numbers[Math.floor(numbers.length / 2)] ?? 0;
  if (typeof value !== "number" || value < median || median <= 0) return null;
  const factor = random.pick([100, 1000]);
  const slipped = Math.round(value * factor * 100) / 100;
  return { value: slipped, what: factor === 100 ? "decimal point slipped two places" : "three extra zeros" };
};

const typeMix =
  (texts: readonly string[]): Planter =>
  (_column, _row, random) => ({
    value: random.pick(texts),
    what: "text in a typed column",
  });

const errorValue: Planter = (_column, _row, random) => ({
  value: { error: random.pick(["#N/A", "#N/A", "#DIV/0!", "#VALUE!", "#REF!"]) },
  what: "error value",
});

const blank: Planter = (column, _row, random) =>
  column.required ? { value: random.chance(0.2) ? "  " : null, what: "missing value" } : null;

const eventDate: Planter = (column, row, random) => {
  const value = column.values[row];
  if (!(value instanceof Date)) return null;
  const year = value.getUTCFullYear();
  const swapped = Number(String(year).replace(/(\d)(\d)$/, "$2$1"));
  const options: Plant[] = [
    { value: day("1900-01-01"), what: "sentinel 1900-01-01" },
    { value: day("9999-12-31"), what: "sentinel 9999-12-31" },
    { value: `${year}-02-30`, what: "impossible date (30 February) typed as text" },
  ];
  if (swapped > PLANTED_TODAY.getUTCFullYear() + 5) {
    const typoDate = new Date(value);
    typoDate.setUTCFullYear(swapped);
    options.push({ value: typoDate, what: "year digits swapped" });
  }
  return random.pick(options);
};

const birthDate: Planter = (_column, _row, random) =>
  random.pick<Plant>([
    {
      value: new Date(PLANTED_TODAY.getTime() + random.int(20, 700) * DAY_MS),
      what: "birth date in the future",
    },
    { value: day("1900-01-01"), what: "sentinel 1900-01-01" },
  ]);

const dateAsText: Planter = (column, row, random) => {
  const value = column.values[row];
  if (!(value instanceof Date)) return null;
  const iso = value.toISOString().slice(0, 10);
  const [y, m, d] = iso.split("-");
  return { value: random.chance(0.5) ? iso : `${d}/${m}/${y}`, what: "date stored as text" };
};

const duplicateKey: Planter = (column, row, random) => {
  if (row < 2) return null;
  const source = random.int(0, row - 1);
  return { value: column.values[source] ?? null, what: "repeats an earlier key", source };
};

const keyPattern: Planter = (column, row, random) => {
  const value = column.values[row];
  if (typeof value !== "string") return null;
  const digits = /\d+/.exec(value)?.[0] ?? "";
  const options: Plant[] = [
    { value: value.toLowerCase(), what: "id in lower case" },
    { value: value.replace("-", " "), what: "space instead of a dash" },
  ];
  if (digits.startsWith("0"))
    options.push({ value: value.replace(digits, String(Number(digits))), what: "padding lost" });
  if (value.includes("-")) options.push({ value: value.replace("-", ""), what: "dash missing" });
  const chosen = random.pick(options);
  return chosen && chosen.value !== value ? chosen : null;
};

const emailPattern: Planter = (column, row, random) => {
  const value = String(column.values[row] ?? "");
  return random.pick<Plant>([
    { value: value.replace("@", " at "), what: "e-mail without @" },
    { value: value.replace(/\.[a-z]+$/, ""), what: "e-mail without its domain ending" },
    { value: value.replace(".", ", "), what: "comma and space in an e-mail" },
  ]);
};

const phonePattern: Planter = (column, row, random) => {
  const value = String(column.values[row] ?? "");
  return random.pick<Plant>([
    { value: value.slice(0, -3), what: "phone number cut short" },
    { value: "ask reception", what: "words in a phone column" },
  ]);
};

const postcodePattern: Planter = (column, row) => {
  const value = String(column.values[row] ?? "");
  if (/^\d{5}$/.test(value)) {
    // What Excel does to a ZIP code typed as a number: the leading zero goes.
    return value.startsWith("0")
      ? { value: Number(value), what: "ZIP code lost its leading zero" }
      : { value: value.slice(0, 4), what: "ZIP code one digit short" };
  }
  return { value: value.replace(" ", ""), what: "postcode without its space" };
};

/** Which problems each role of column can carry, and how to make one. */
const PLANTERS: Record<ColumnRole, Partial<Record<DataFindingKind, Planter>>> = {
  key: { "duplicate-key": duplicateKey, "pattern-break": keyPattern, blank },
  "event-date": {
    "implausible-date": eventDate,
    "date-as-text": dateAsText,
    "type-mismatch": typeMix(["TBD", "pending", "unknown"]),
    "error-value": errorValue,
    blank,
  },
  "birth-date": { "implausible-date": birthDate, blank },
  count: {
    "number-as-text": numberAsText,
    "type-mismatch": typeMix(["n/a", "TBD", "-", "see notes"]),
    "error-value": errorValue,
    outlier,
    blank,
  },
  amount: {
    "number-as-text": numberAsText,
    "type-mismatch": typeMix(["n/a", "TBD", "-", "call for price"]),
    "error-value": errorValue,
    outlier,
    blank,
  },
  category: { "category-variant": categoryVariant, "error-value": errorValue, blank },
  email: { "pattern-break": emailPattern, blank },
  phone: { "pattern-break": phonePattern, blank },
  postcode: { "pattern-break": postcodePattern, blank },
  name: { blank },
  text: {},
  flag: { "type-mismatch": typeMix(["yes", "Y", "no"]), blank },
};

/**
 * The clean table with problems planted: each applicable kind in each column with probability
 * `rate`, at most one problem per cell, never in the row a duplicate was copied from.
 */
export function plantProblems(clean: CleanTable, seed: number, rate = 0.5): PlantedTable {
  const random = new Random(seed ^ 0x5eed);
  const used = new Set<string>();
  const planted: PlantedProblem[] = [];
  const columns = clean.columns.map((column) => ({ ...column, values: [...column.values] }));
  columns.forEach((column, col) => {
    for (const [kind, planter] of Object.entries(PLANTERS[column.role]) as [DataFindingKind, Planter][]) {
      if (!random.chance(rate)) continue;
      for (let attempt = 0; attempt < 20; attempt++) {
        const row = random.int(0, clean.rows - 1);
        if (used.has(`${col}:${row}`)) continue;
        const plant = planter({ ...column, values: clean.columns[col]?.values ?? [] }, row, random);
        if (!plant || (plant.source !== undefined && used.has(`${col}:${plant.source}`))) continue;
        if (plant.source !== undefined) used.add(`${col}:${plant.source}`);
        column.values[row] = plant.value;
        used.add(`${col}:${row}`);
        planted.push({ kind, address: cellAddress(clean, row, col), what: plant.what });
        break;
      }
    }
  });
  return { ...clean, columns, planted };
}

/** Header in row 1, data from row 2, column A onwards. */
export function cellAddress(table: CleanTable, row: number, col: number): string {
  return `${table.sheet}!${columnIndexToLetter(col)}${row + 2}`;
}

/** The table as a workbook, the way a user's sheet arrives: one sheet, header row on top. */
export function tableWorkbook(table: CleanTable): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet);
  table.columns.forEach((column, c) => {
    sheet.getCell(1, c + 1).value = column.header;
    column.values.forEach((value, r) => {
      if (value !== null) sheet.getCell(r + 2, c + 1).value = value as ExcelJS.CellValue;
    });
  });
  return workbook;
}

export interface PlantedPair {
  clean: CleanTable;
  planted: PlantedTable;
}

/** Every template at several sizes and seeds: the benchmark's suite, the same on every run. */
export function plantedSuite(seeds: readonly number[] = [1, 2, 3, 4]): PlantedPair[] {
  const sizes = [80, 150, 250, 400];
  const pairs: PlantedPair[] = [];
  for (const seed of seeds) {
    (Object.keys(TABLE_TEMPLATES) as (keyof typeof TABLE_TEMPLATES)[]).forEach((template, t) => {
      const rows = sizes[(seed + t) % sizes.length] ?? 100;
      const clean = cleanTable(template, seed * 1000 + t, rows);
      pairs.push({ clean, planted: plantProblems(clean, seed * 1000 + t) });
    });
  }
  return pairs;
}

/**
 * The checks run on a table the way `excel-slm validate` runs them: saved as .xlsx, opened by the
 * exceljs host, the sheet's used range read as a table, every finding kept.
 */
export async function checkLikeTheCli(table: CleanTable): Promise<DataFinding[]> {
  const buffer = await tableWorkbook(table).xlsx.writeBuffer();
  const loaded = new ExcelJS.Workbook();
  await loaded.xlsx.load(buffer);
  const host = XlsxWorkbook.fromWorkbook(loaded);
  const range = await resolveReportRange(host, { sheet: table.sheet });
  const result = runDataChecks(await readTable(host, range), range, {
    today: PLANTED_TODAY,
    perColumnKind: Number.POSITIVE_INFINITY,
  });
  return result.findings;
}
