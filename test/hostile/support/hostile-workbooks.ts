import ExcelJS from "exceljs";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { InferenceRequest, ScriptedReply } from "../../support/ollama-protocol-server";
import { keyedReply, packedItems } from "../../support/scripted-models";

/**
 * Workbooks a careless or hostile user might point the CLI at: formulas whose cached result is 0,
 * "" or an error (exceljs drops a 0 or "" result when it saves, so only the formula is left), error
 * values, merged areas, array formulas whose spill cells are empty in the file, protected sheets
 * with a few unlocked cells. Built in code so each case reads as what it is.
 */
export type Content =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  | { kind: "formula-zero" }
  | { kind: "formula-empty-text" }
  | { kind: "formula-error" }
  | { kind: "sumifs" }
  | { kind: "error"; code: string };

export interface HostileSheet {
  /** Data rows under the header "Text" in A1; A2.. hold the inputs. */
  inputs: (string | { error: string })[];
  /** Columns B..E, rows 2..: what the user already has there. */
  beside: Content[][];
  merge: { col: number; row: number; across: boolean } | null;
  array: { col: number; row: number } | null;
  protection: { unlocked: { col: number; row: number }[] } | null;
}

export const BESIDE_COLUMNS = 4;

const contentArbitrary: fc.Arbitrary<Content> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: "empty" } as const) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((text) => ({ kind: "text", text }) as const) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -3.5).map((value) => ({ kind: "number", value }) as const) },
  { weight: 2, arbitrary: fc.constant({ kind: "formula-zero" } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: "formula-empty-text" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "formula-error" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "sumifs" } as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("#N/A", "#DIV/0!").map((code) => ({ kind: "error", code }) as const),
  },
);

const inputArbitrary = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom("refund please", "app crash", "love it", "=cmd|' /C calc'!A0", ""),
  },
  { weight: 1, arbitrary: fc.constantFrom("#N/A", "#DIV/0!").map((error) => ({ error })) },
);

export const hostileSheetArbitrary: fc.Arbitrary<HostileSheet> = fc
  .integer({ min: 2, max: 5 })
  .chain((rows) =>
    fc.record({
      inputs: fc.array(inputArbitrary, { minLength: rows, maxLength: rows }),
      beside: fc.array(fc.array(contentArbitrary, { minLength: BESIDE_COLUMNS, maxLength: BESIDE_COLUMNS }), {
        minLength: rows,
        maxLength: rows,
      }),
      merge: fc.option(
        fc.record({
          col: fc.integer({ min: 1, max: BESIDE_COLUMNS - 1 }),
          row: fc.integer({ min: 1, max: rows - 1 }),
          across: fc.boolean(),
        }),
        { freq: 3 },
      ),
      array: fc.option(
        fc.record({
          col: fc.integer({ min: 1, max: BESIDE_COLUMNS }),
          row: fc.integer({ min: 1, max: rows - 1 }),
        }),
        { freq: 3 },
      ),
      protection: fc.option(
        fc.record({
          unlocked: fc.array(
            fc.record({
              col: fc.integer({ min: 1, max: BESIDE_COLUMNS + 1 }),
              row: fc.integer({ min: 1, max: rows }),
            }),
            { maxLength: 6 },
          ),
        }),
        { freq: 4 },
      ),
    }),
  );

function contentValue(content: Content): ExcelJS.CellValue {
  switch (content.kind) {
    case "empty":
      return null;
    case "text":
      return content.text;
    case "number":
      return content.value;
    case "formula-zero":
      return { formula: "A2*0", result: 0 } as ExcelJS.CellFormulaValue;
    case "formula-empty-text":
      return { formula: 'IF(TRUE,"")', result: "" } as ExcelJS.CellFormulaValue;
    case "formula-error":
      return { formula: "1/0", result: { error: "#DIV/0!" } } as ExcelJS.CellFormulaValue;
    case "sumifs":
      return { formula: 'SUMIFS(A:A,A:A,"x")', result: 0 } as ExcelJS.CellFormulaValue;
    case "error":
      return { error: content.code } as ExcelJS.CellErrorValue;
  }
}

/** 1-based Excel cell for a 0-based column and a 1-based data row (row 1 is the first data row, sheet row 2). */
const at = (col: number, row: number) => ({ row: row + 1, col: col + 1 });

export async function buildHostileWorkbook(sheet: HostileSheet, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet("Data");
  data.getCell("A1").value = "Text";
  sheet.inputs.forEach((input, index) => {
    const value =
      typeof input === "string"
        ? input === ""
          ? null
          : input
        : ({ error: input.error } as ExcelJS.CellErrorValue);
    data.getCell(index + 2, 1).value = value;
  });
  sheet.beside.forEach((row, r) =>
    row.forEach((content, c) => {
      const value = contentValue(content);
      if (value !== null) data.getCell(r + 2, c + 2).value = value;
    }),
  );
  if (sheet.merge) {
    const { row, col } = at(sheet.merge.col, sheet.merge.row);
    const end = sheet.merge.across ? { row, col: col + 1 } : { row: row + 1, col };
    data.mergeCells(row, col, end.row, end.col);
    data.getCell(row, col).value = "merged";
  }
  if (sheet.array) {
    const { row, col } = at(sheet.array.col, sheet.array.row);
    const letter = data.getColumn(col).letter;
    data.getCell(row, col).value = {
      formula: "SEQUENCE(2)",
      shareType: "array",
      ref: `${letter}${row}:${letter}${row + 1}`,
      result: 1,
    } as unknown as ExcelJS.CellFormulaValue;
  }
  if (sheet.protection) {
    for (const cell of sheet.protection.unlocked) {
      const { row, col } = at(cell.col, cell.row);
      data.getCell(row, col).protection = { locked: false };
    }
    await data.protect("", {});
  }
  await workbook.xlsx.writeFile(file);
}

/** What the user has in a cell, as exceljs reads it back: the formula, else the value. */
export function cellSignature(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Merge) return `merge:${cell.master.address}`;
  if (cell.formula) return `formula:${cell.formula}`;
  return `value:${JSON.stringify(cell.value)}`;
}

/**
 * Every cell that holds something of the user's, by an independent reading of the file: a value, a
 * formula, a merged cell, or a cell an array formula fills. Keyed "B3".
 */
export async function occupiedCells(file: string): Promise<Map<string, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const data = workbook.getWorksheet("Data")!;
  const found = new Map<string, string>();
  data.eachRow((row) =>
    row.eachCell((cell) => {
      const value = cell.value as { shareType?: string; ref?: string } | null;
      if (value?.shareType === "array" && value.ref) {
        const [from, to] = value.ref.split(":");
        const first = data.getCell(from!);
        const last = data.getCell(to!);
        for (let r = Number(first.row); r <= Number(last.row); r++)
          found.set(data.getCell(r, first.col).address, "array");
      }
      if (cell.type !== ExcelJS.ValueType.Null) found.set(cell.address, cellSignature(cell));
    }),
  );
  for (const address of [...found.keys()]) {
    if (found.get(address) === "array") found.set(address, cellSignature(data.getCell(address)));
  }
  return found;
}

export async function sha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}

/** Texts a hostile model might answer with: each would turn into a formula if written as typed. */
export const FORMULA_LIKE = ['=HYPERLINK("http://x")', "+SUM(1,2)", "-2+3", "@cmd", "plain"];

/**
 * A scripted model for every packed task: it answers each item in the shape the request's JSON
 * Schema asks for, picking the first label of an enum and formula-like text for free strings.
 */
export function hostileModel(request: InferenceRequest): ScriptedReply | undefined {
  const items = packedItems(request);
  if (items.length === 0 || !request.format || request.format === "json") return undefined;
  const answers = (request.format as { properties?: { answers?: { items?: unknown } } }).properties?.answers;
  const values = items.map((_, index) => instance(answers?.items, index));
  return keyedReply(values);
}

function instance(schema: unknown, index: number): unknown {
  const s = (schema ?? {}) as { type?: string; enum?: unknown[]; properties?: Record<string, unknown> };
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.type === "boolean") return index % 2 === 0;
  if (s.type === "number" || s.type === "integer") return 0;
  if (s.type === "object" && s.properties) {
    return Object.fromEntries(
      Object.entries(s.properties).map(([key, value]) => [key, instance(value, index)]),
    );
  }
  return FORMULA_LIKE[index % FORMULA_LIKE.length];
}
