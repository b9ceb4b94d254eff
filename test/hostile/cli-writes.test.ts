import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import fc from "fast-check";
import os from "node:os";
import path from "node:path";
import { access, mkdir, mkdtemp, rm } from "node:fs/promises";
import { runCli } from "../../src/cli/main";
import { columnIndexToLetter } from "../../src/sheet/a1";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import {
  BESIDE_COLUMNS,
  buildHostileWorkbook,
  FORMULA_LIKE,
  hostileModel,
  hostileSheetArbitrary,
  occupiedCells,
  sha256,
  type HostileSheet,
} from "./support/hostile-workbooks";

/**
 * The hostile suite for the CLI's writers: whatever workbook and target the user gives, no cell of
 * theirs changes without --overwrite, the input file stays byte-identical, errors stay errors and
 * model text never turns into a formula. The CLI runs in this process (the same runCli the bin
 * calls) against the Ollama protocol server, so a property can try many workbooks quickly.
 */

type Writer =
  | { name: "classify"; target: number | null; confidence: boolean }
  | { name: "extract"; target: number | null }
  | { name: "validate"; target: number | null; reason: boolean }
  | { name: "formula"; cell: { col: number; row: number } };

const targetColumn = fc.option(fc.integer({ min: 1, max: BESIDE_COLUMNS }), { freq: 2 });
const writerArbitrary: fc.Arbitrary<Writer> = fc.oneof(
  fc.record({ name: fc.constant("classify" as const), target: targetColumn, confidence: fc.boolean() }),
  fc.record({ name: fc.constant("extract" as const), target: targetColumn }),
  fc.record({ name: fc.constant("validate" as const), target: targetColumn, reason: fc.boolean() }),
  fc.record({
    name: fc.constant("formula" as const),
    cell: fc.record({
      col: fc.integer({ min: 1, max: BESIDE_COLUMNS }),
      row: fc.integer({ min: 1, max: 3 }),
    }),
  }),
);

function writerArgs(writer: Writer, rows: number): string[] {
  const range = `Data!A2:A${rows + 1}`;
  const target = (col: number | null) =>
    col === null ? [] : ["--target", `Data!${columnIndexToLetter(col)}2`];
  switch (writer.name) {
    case "classify":
      return [
        "classify",
        "--range",
        range,
        "--labels",
        "billing,bug,praise",
        ...target(writer.target),
        ...(writer.confidence ? ["--with-confidence"] : []),
      ];
    case "extract":
      return ["extract", "--range", range, "--field", "the product", ...target(writer.target)];
    case "validate":
      return [
        "validate",
        "--range",
        range,
        "--rule",
        "mentions a product",
        ...target(writer.target),
        ...(writer.reason ? ["--with-reason"] : []),
      ];
    case "formula":
      return [
        "formula",
        "--sheet",
        "Data",
        "--ask",
        "how many texts",
        "--cell",
        `${columnIndexToLetter(writer.cell.col)}${writer.cell.row + 1}`,
        "--write",
      ];
  }
}

const COUNT_PLAN = JSON.stringify({ kind: "aggregate", function: "count", criteria: [] });

describe("hostile workbooks: the CLI's writers lose nothing", () => {
  let ollama: OllamaProtocolServer;
  let dir: string;
  let run = 0;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-hostile-"));
  });
  afterAll(async () => {
    await ollama.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    ollama.reset();
    ollama.onChat(hostileModel);
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args, "--ollama", ollama.url, "--json"], {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  async function fixture(sheet: HostileSheet) {
    const folder = path.join(dir, `case-${++run}`);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder);
    const input = path.join(folder, "input.xlsx");
    await buildHostileWorkbook(sheet, input);
    return { input, out: path.join(folder, "out.xlsx") };
  }

  it("no non-empty cell changes without --overwrite, and the input file stays byte-identical", async () => {
    let written = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostileSheetArbitrary, writerArbitrary, async (sheet, writer) => {
        const { input, out } = await fixture(sheet);
        const before = await sha256(input);
        const cellsBefore = await occupiedCells(input);
        if (writer.name === "formula") ollama.enqueue({ content: COUNT_PLAN });
        const args = writerArgs(writer, sheet.inputs.length);
        const result = await cli([args[0]!, input, ...args.slice(1), "--out", out]);

        expect(await sha256(input), "the input workbook was modified").toBe(before);
        if (result.code !== 0) {
          // Refused (2), or a formula that could not be proven (1): nothing is written anywhere.
          expect([1, 2], result.stderr).toContain(result.code);
          await expect(access(out), "a refused run must not create --out").rejects.toThrow();
          refused++;
          return;
        }
        written++;
        const cellsAfter = await occupiedCells(out);
        for (const [address, signature] of cellsBefore) {
          expect(cellsAfter.get(address), `${address} changed (${args.join(" ")})`).toBe(signature);
        }
      }),
      { numRuns: 60, seed: 20261205, endOnFailure: true },
    );
    // Both outcomes must occur, or the property proved nothing about one of them.
    expect(written).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  }, 300_000);

  const plainSheet = (beside: HostileSheet["beside"]): HostileSheet => ({
    inputs: ["refund please", "app crash", "love it"],
    beside,
    merge: null,
    array: null,
    protection: null,
  });
  const empty = { kind: "empty" } as const;

  it("refuses a default target column whose formulas show 0 or an empty text (exceljs kept no value for them)", async () => {
    const { input, out } = await fixture(
      plainSheet([
        [{ kind: "formula-zero" }, empty, empty, empty],
        [{ kind: "formula-empty-text" }, empty, empty, empty],
        [empty, empty, empty, empty],
      ]),
    );
    const result = await cli([
      "classify",
      input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "billing,bug",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    // Column B holds formulas, so the results go to C, and B keeps them.
    expect(JSON.parse(result.stdout).target).toBe("Data!C2:C4");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const data = book.getWorksheet("Data")!;
    expect(data.getCell("B2").formula).toBe("A2*0");
    expect(data.getCell("B3").formula).toBe('IF(TRUE,"")');
  });

  it("refuses --target over a SUMIFS, and --with-confidence's second column over a formula, naming the cell", async () => {
    const { input, out } = await fixture(
      plainSheet([
        [{ kind: "sumifs" }, empty, empty, empty],
        [empty, empty, { kind: "formula-zero" }, empty],
        [empty, empty, empty, empty],
      ]),
    );
    const onTarget = await cli([
      "classify",
      input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "a,b",
      "--target",
      "Data!B2",
      "--out",
      out,
    ]);
    expect(onTarget.code).toBe(2);
    expect(onTarget.stderr).toMatch(/Data!B2 \(the formula =SUMIFS\(A:A,A:A,"x"\)\)/);
    const second = await cli([
      "classify",
      input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "a,b",
      "--target",
      "Data!C2",
      "--with-confidence",
      "--out",
      out,
    ]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/Data!D3 \(the formula =A2\*0\)/);
    await expect(access(out)).rejects.toThrow();
    // Nothing was asked of the model: the refusal comes before any model time is spent.
    expect(ollama.requests.filter((request) => request.path === "/api/chat")).toHaveLength(0);
  });

  it("refuses formula --write over a formula that shows 0", async () => {
    const { input, out } = await fixture(
      plainSheet([
        [{ kind: "formula-zero" }, empty, empty, empty],
        [empty, empty, empty, empty],
        [empty, empty, empty, empty],
      ]),
    );
    const result = await cli([
      "formula",
      input,
      "--sheet",
      "Data",
      "--ask",
      "count",
      "--cell",
      "B2",
      "--write",
      "--out",
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Data!B2 already holds 1 non-empty cell: Data!B2 \(the formula =A2\*0\)/);
  });

  it("writes errors as error values and keeps formula-like model text as text", async () => {
    const sheet: HostileSheet = {
      ...plainSheet([]),
      inputs: ["a", "b", "c", "d", "e", "f", { error: "#DIV/0!" }],
      beside: [],
    };
    const { input, out } = await fixture(sheet);
    const result = await cli(["extract", input, "--range", "Data!A2:A8", "--field", "x", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const data = book.getWorksheet("Data")!;
    const answers = FORMULA_LIKE.map((_, index) => data.getCell(`B${index + 2}`));
    for (const [index, cell] of answers.entries()) {
      expect(cell.type, `B${index + 2}`).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(FORMULA_LIKE[index]);
      // The Text format keeps "=..." text when the cell is edited in Excel.
      if (/^[=+\-@]/.test(FORMULA_LIKE[index]!)) expect(cell.numFmt, `B${index + 2}`).toBe("@");
    }
    // The input's error passes through as an error, which ISERROR sees, not the text "#DIV/0!".
    expect(data.getCell("B8").value).toEqual({ error: "#DIV/0!" });
  });

  it("refuses to write into a protected sheet, unless the target cells are unlocked", async () => {
    const locked: HostileSheet = { ...plainSheet([]), protection: { unlocked: [] } };
    const first = await fixture(locked);
    const refused = await cli([
      "classify",
      first.input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "a,b",
      "--out",
      first.out,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/protected sheet.*Unprotect Sheet/);
    await expect(access(first.out)).rejects.toThrow();

    const unlocked: HostileSheet = {
      ...plainSheet([]),
      protection: { unlocked: [1, 2, 3].map((row) => ({ col: 1, row })) },
    };
    const second = await fixture(unlocked);
    const allowed = await cli([
      "classify",
      second.input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "a,b",
      "--out",
      second.out,
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).target).toBe("Data!B2:B4");
  });

  it("refuses to write into the middle of a merged area, even with --overwrite", async () => {
    const merged: HostileSheet = { ...plainSheet([]), merge: { col: 1, row: 1, across: false } };
    const { input, out } = await fixture(merged);
    const result = await cli([
      "classify",
      input,
      "--range",
      "Data!A2:A4",
      "--labels",
      "a,b",
      "--target",
      "Data!B2",
      "--overwrite",
      "--out",
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/merged cells.*Data!B3 \(part of the merged area B2:B3\)/);
  });
});
