import { describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { chmod, lstat, mkdtemp, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { writeFileAtomically } from "../../src/host/node/atomic-file";

describe("writeFileAtomically", () => {
  it("replaces the file a symlink points to (not the link), keeps its permissions, and leaves no temporary file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-atomic-"));
    const real = path.join(dir, "real.xlsx");
    const link = path.join(dir, "link.xlsx");
    await writeFile(real, "old");
    await chmod(real, 0o640);
    await symlink(real, link);
    await writeFileAtomically(link, "new");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, "utf8")).toBe("new");
    expect((await stat(real)).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(["link.xlsx", "real.xlsx"]);
  });

  it("a write into a folder that does not exist fails without creating anything", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "slm-atomic-"));
    await expect(writeFileAtomically(path.join(dir, "missing", "out.xlsx"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
