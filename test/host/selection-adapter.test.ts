import { beforeEach, describe, expect, it } from "vitest";
import { readLabelCells, readSelection } from "../../src/host/excel/selection-read";
import { absoluteReference, selectionFormula } from "../../src/tasks/selection-formulas";
import { dataAddress, resultsWrite } from "../../src/tasks/selection-results";
import { rowBlocksAddress, selectRows } from "../../src/host/excel/selection-select";
import { configureAddinRuntime } from "../../src/addin/addin-runtime";
import { MemoryStore } from "../../src/settings/key-value-store";
import type { ItemOutcome } from "../../src/tasks/selection-run";
import {
  labelsFromSelection,
  planResults,
  readCellsSelection,
  runOnCells,
  writeResults,
} from "../../taskpane/services/cells";
import { FakeWorkbook } from "../support/excel-object-model";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { useOllamaProtocolServer } from "../support/protocol-server-fixture";
import { keywordLabeller } from "../support/scripted-models";

function feedbackBook(): FakeWorkbook {
  return new FakeWorkbook().addSheet("Feedback", [
    ["Id", "Comment", "Date"],
    [1, "I want a refund", "2024-01-02"],
    [2, "It crashes", "2024-01-03"],
    [3, "", "2024-01-04"],
    [4, "love it ??", "2024-01-05"],
  ]);
}

const result = (value: string | boolean, abstained = false): ItemOutcome => ({
  kind: "result",
  value,
  abstained,
});

describe("reading the selection", () => {
  it("reads one column, proposes the first empty column right of the data and spots the header", async () => {
    const book = feedbackBook().select("Feedback!B1:B5");
    const snapshot = await readSelection(book.run);
    expect(snapshot).toMatchObject({
      sheet: "Feedback",
      address: "Feedback!B1:B5",
      firstRow: 0,
      column: 1,
      values: ["Comment", "I want a refund", "It crashes", "", "love it ??"],
      defaultTargetColumn: "D",
      firstRowLooksLikeHeader: true,
    });
  });

  it("skips a column right of the data that is not empty on the selected rows", async () => {
    const book = feedbackBook().select("Feedback!B2:B5");
    // A note beside the block, separated by an empty column: D is empty, so it is still D...
    book.sheets.get("Feedback")![3]![4] = "note";
    expect((await readSelection(book.run)).defaultTargetColumn).toBe("D");
    // ...but a value in D on a selected row (joining the block) pushes the results further right.
    book.sheets.get("Feedback")![2]![3] = "x";
    const snapshot = await readSelection(book.run);
    expect(snapshot.defaultTargetColumn).toBe("F");
    expect(snapshot.firstRowLooksLikeHeader).toBe(false);
  });

  it("clips a whole-column selection to the used range", async () => {
    const book = feedbackBook().select("Feedback!B:B");
    const snapshot = await readSelection(book.run);
    expect(snapshot.address).toBe("Feedback!B1:B5");
    expect(snapshot.values).toHaveLength(5);
  });

  it("refuses several columns and empty selections with what to select instead", async () => {
    await expect(readSelection(feedbackBook().select("Feedback!A1:C5").run)).rejects.toThrow(
      /has 3 columns\. Select one column/,
    );
    const empty = new FakeWorkbook().addSheet("Blank", []).select("Blank!A1:A9");
    await expect(readSelection(empty.run)).rejects.toThrow(/is empty/);
  });

  it("reads picked label cells with their address", async () => {
    const book = feedbackBook();
    book.sheets.set("Lists", [["billing"], ["bug"], ["praise"]]);
    book.select("Lists!A1:A3");
    expect(await readLabelCells(book.run)).toEqual({
      address: "Lists!A1:A3",
      cells: [["billing"], ["bug"], ["praise"]],
    });
  });
});

describe("formulas and result cells", () => {
  it("writes =SLM.* formulas with the argument order of functions.ts", () => {
    const spec = {
      kind: "classify",
      labels: ["billing", "bug"],
      instructions: 'say "bug" for crashes',
    } as const;
    expect(selectionFormula(spec, "B2", "Feedback")).toBe(
      '=SLM.CLASSIFY(B2,"billing, bug","say ""bug"" for crashes")',
    );
    expect(
      selectionFormula({ kind: "classify", labels: ["a", "b"] }, "B2", "Feedback", {
        rangeAddress: "Lists!A1:A3",
      }),
    ).toBe("=SLM.CLASSIFY(B2,Lists!$A$1:$A$3)");
    expect(absoluteReference("Feedback!F1:F4", "feedback")).toBe("$F$1:$F$4");
    expect(absoluteReference("'My Lists'!A1", "Feedback")).toBe("'My Lists'!$A$1");
    expect(selectionFormula({ kind: "extract", what: " order no " }, "C7", "S")).toBe(
      '=SLM.EXTRACT(C7,"order no")',
    );
    expect(selectionFormula({ kind: "validate", rule: "is an email" }, "C7", "S")).toBe(
      '=SLM.VALIDATE(C7,"is an email")',
    );
  });

  const selection = { sheet: "Feedback", firstRow: 0, column: 1 };
  const spec = { kind: "classify", labels: ["billing", "bug"] } as const;

  it("puts one value per data row in the results column, below a skipped header", () => {
    const write = resultsWrite({
      selection,
      skipHeader: true,
      outcomes: [result("billing"), { kind: "failed", message: "x" }, { kind: "blank" }, result("=odd")],
      targetColumn: "D",
      mode: "values",
      spec,
    });
    expect(write).toEqual({
      target: "Feedback!D2:D5",
      cells: [["billing"], ["#N/A"], [""], ["'=odd"]],
      firstRow: 1,
    });
  });

  it("after a cancel writes only the answered span, with no formula where there is no answer", () => {
    const write = resultsWrite({
      selection,
      skipHeader: true,
      outcomes: [
        { kind: "cancelled" },
        result("bug"),
        { kind: "cancelled" },
        result("billing"),
        { kind: "cancelled" },
      ],
      targetColumn: "e",
      mode: "formulas",
      spec,
    });
    expect(write.target).toBe("Feedback!E3:E5");
    expect(write.cells).toEqual([
      ['=SLM.CLASSIFY(B3,"billing, bug")'],
      [""],
      ['=SLM.CLASSIFY(B5,"billing, bug")'],
    ]);
  });

  it("refuses the input column as the results column", () => {
    expect(() =>
      resultsWrite({
        selection,
        skipHeader: false,
        outcomes: [result("a")],
        targetColumn: "B",
        mode: "values",
        spec,
      }),
    ).toThrow(/Column B holds the selected text/);
    expect(() =>
      resultsWrite({
        selection,
        skipHeader: false,
        outcomes: [result("a")],
        targetColumn: "1",
        mode: "values",
        spec,
      }),
    ).toThrow(/column letter/);
  });
});

describe("selecting rows", () => {
  it("merges neighbouring rows into blocks and selects them in the workbook", async () => {
    expect(rowBlocksAddress({ rows: [8, 4, 5, 6], fromColumn: 1, toColumn: 3 })).toBe("B5:D7,B9:D9");
    const book = feedbackBook().select("Feedback!A1");
    book.addSheet("Other", [["x"]]);
    book.select("Other!A1");
    const address = await selectRows(book.run, {
      sheet: "Feedback",
      rows: [1, 4],
      fromColumn: 1,
      toColumn: 3,
    });
    expect(address).toBe("Feedback!B2:D2,B5:D5");
    expect(book.activeSheet).toBe("Feedback");
    expect(book.selectedAreas().map((area) => [area.sheet, area.start.row, area.end.row])).toEqual([
      ["Feedback", 1, 1],
      ["Feedback", 4, 4],
    ]);
  });
});

describe("the Cells services on the fake workbook and the Ollama protocol server", () => {
  const startedServer = useOllamaProtocolServer();
  let server: OllamaProtocolServer;
  let book: FakeWorkbook;

  beforeEach(() => {
    server = startedServer();
    server.onChat(keywordLabeller({ refund: "billing", crash: "bug" }, "praise"));
    book = feedbackBook();
    configureAddinRuntime({ store: new MemoryStore(), relayBaseUrl: server.url, excel: book.run });
  });

  it("classifies the selection, previews and writes the labels, and needs confirmation to overwrite", async () => {
    book.select("Feedback!B1:B5");
    const snapshot = await readCellsSelection();
    const values = snapshot.values.slice(1);
    const run = await runOnCells({ kind: "classify", labels: ["billing", "bug", "praise"] }, values, {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const request = {
      selection: snapshot,
      skipHeader: true,
      outcomes: run.outcomes,
      targetColumn: snapshot.defaultTargetColumn,
      mode: "values" as const,
      spec: { kind: "classify", labels: ["billing", "bug", "praise"] } as const,
    };
    const plan = await planResults(request);
    expect(plan.target).toBe("Feedback!D2:D5");
    expect(plan.nonEmpty).toBe(0);
    const record = await writeResults(plan, "Classify Feedback!B2:B5", false);
    expect(record.cellCount).toBe(4);
    expect(
      book.sheets
        .get("Feedback")!
        .slice(1)
        .map((row) => row[3]),
    ).toEqual(["billing", "bug", "", "REVIEW"]);

    // Running again into the same column: the preview counts the filled cells and writing needs a yes.
    const again = await planResults(request);
    expect(again.nonEmpty).toBe(3);
    await expect(writeResults(again, "Classify again", false)).rejects.toThrow(/3 cells .* not empty/);
    await writeResults(again, "Classify again", true);
  });

  it("writes =SLM.CLASSIFY formulas referring to a picked labels range, re-reading the cells it showed", async () => {
    book.select("Feedback!B2:B5");
    const shown = await readCellsSelection();
    book.sheets.set("Lists", [["billing"], ["bug"], ["praise"]]);
    book.select("Lists!A1:A3");
    const picked = await labelsFromSelection();
    // The selection is now the labels; the run reads the cells the view showed.
    const snapshot = await readCellsSelection(shown.address);
    expect(snapshot.values).toEqual(["I want a refund", "It crashes", "", "love it ??"]);
    expect(dataAddress(snapshot, false)).toBe("Feedback!B2:B5");
    const spec = { kind: "classify", labels: picked.labels } as const;
    const run = await runOnCells(spec, snapshot.values, {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const plan = await planResults({
      selection: snapshot,
      skipHeader: false,
      outcomes: run.outcomes,
      targetColumn: snapshot.defaultTargetColumn,
      mode: "formulas",
      spec,
      labels: { rangeAddress: picked.address },
    });
    await writeResults(plan, "Classify Feedback!B2:B5", false);
    expect(book.formulaAt("Feedback", 1, 3)).toBe("=SLM.CLASSIFY(B2,Lists!$A$1:$A$3)");
    expect(book.formulaAt("Feedback", 4, 3)).toBe("=SLM.CLASSIFY(B5,Lists!$A$1:$A$3)");
  });

  it("reads labels from a picked range", async () => {
    book.sheets.set("Lists", [["billing"], ["bug"], ["praise"]]);
    book.select("Lists!A1:A3");
    expect(await labelsFromSelection()).toEqual({
      address: "Lists!A1:A3",
      labels: ["billing", "bug", "praise"],
    });
  });

  it("refuses to run without labels, with the formula's message", async () => {
    await expect(
      runOnCells({ kind: "classify", labels: ["one"] }, ["x"], {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      }),
    ).rejects.toThrow(/at least two labels/);
    expect(server.requests.filter((r) => r.path === "/api/chat")).toHaveLength(0);
  });
});
