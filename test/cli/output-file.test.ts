import { describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { planOutput, sameFile } from "../../src/cli/output-file";

describe("planOutput (--out and --in-place)", () => {
  it("never overwrites an existing backup: two --in-place runs in the same second keep both copies", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-backup-"));
    const input = path.join(dir, "book.xlsx");
    const now = new Date(2025, 0, 2, 3, 4, 5);
    await writeFile(input, "first version");
    const first = await planOutput({ input, out: undefined, inPlace: true, now });
    expect(first).toEqual({ out: input, backup: path.join(dir, "book.backup-20250102-030405.xlsx") });
    await writeFile(input, "second version");
    const second = await planOutput({ input, out: input, inPlace: true, now });
    expect(second.backup).toBe(path.join(dir, "book.backup-20250102-030405-2.xlsx"));
    expect(await readFile(first.backup!, "utf8")).toBe("first version");
    expect(await readFile(second.backup!, "utf8")).toBe("second version");
    expect((await readdir(dir)).sort()).toEqual([
      "book.backup-20250102-030405-2.xlsx",
      "book.backup-20250102-030405.xlsx",
      "book.xlsx",
    ]);
  });

  it("lets a new file or another existing file through, and treats a not-yet-existing --out by its folder's real path", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-out-"));
    const input = path.join(dir, "book.xlsx");
    const other = path.join(dir, "other.xlsx");
    await writeFile(input, "x");
    await writeFile(other, "x");
    await expect(planOutput({ input, out: other, inPlace: false })).resolves.toEqual({
      out: other,
      backup: undefined,
    });
    expect(await sameFile(input, path.join(dir, "new.xlsx"))).toBe(false);
    expect(await sameFile(input, path.join(dir, "sub", "..", "book.xlsx"))).toBe(true);
  });
});
