import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder excel-slm is installed in (or the clone): the first parent of this file, or of the
 * bundle it was built into, whose package.json names excel-slm. Walking up works from
 * src/host/node/ in a clone and from dist-node/ in an installed package alike.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "excel-slm"
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`excel-slm's package.json was not found above ${from}`);
    dir = parent;
  }
}
