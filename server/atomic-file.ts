import { randomUUID } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `file` with `text` so that a reader (or a crash) sees the old content or the new,
 * never half of it: the text goes to a fresh temporary file in the same folder (a rename is
 * atomic only within one file system), is flushed to disk, then renamed over the target. The
 * temporary file is created with `mode` from the start ("wx": never an existing file), so a key
 * is not readable by others even for a moment.
 */
export async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`,
  );
  try {
    const handle = await open(temporary, "wx", mode);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
