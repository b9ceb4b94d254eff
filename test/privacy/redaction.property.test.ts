import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RedactionSession } from "../../src/privacy/redaction-session";
import { encodeTable } from "../../src/sheet/table-text";
import { cellWith, plantedPii, sheetWithPii } from "./support/pii-arbitraries";

/** The redactor alone, many runs: nothing planted survives, and restoring gives back the text. */
describe("redaction properties", () => {
  it("no planted value survives redaction of a cell, and restore gives the cell back", () => {
    fc.assert(
      fc.property(cellWith(plantedPii), ({ text, planted }) => {
        const session = new RedactionSession();
        const redacted = session.redact(text);
        for (const pii of planted)
          expect(redacted, `${pii.category} in ${JSON.stringify(text)}`).not.toContain(pii.value);
        // Two writings of one value share a placeholder, so only distinct values round-trip exactly.
        if (new Set(planted.map((p) => p.value)).size === planted.length)
          expect(session.restore(redacted)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  it("no planted value or name survives in a sheet encoded for a prompt", () => {
    fc.assert(
      fc.property(sheetWithPii, ({ grid, planted }) => {
        const session = new RedactionSession();
        session.learnTable(grid);
        const text = session.redact(encodeTable(grid, { firstRowIsHeader: true }).text);
        for (const pii of planted) expect(text).not.toContain(pii.value);
      }),
      { numRuns: 300 },
    );
  });
});
