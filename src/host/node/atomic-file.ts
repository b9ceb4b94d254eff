import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { chmod, open, realpath, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { onExit } from "signal-exit";

/**
 * The one way Node code here replaces a file: workbooks (--out), the result cache, the usage store,
 * the cloud key and settings.
 */
export interface AtomicWriteOptions {
  /** Permissions of the file; default: an existing file's own, else the usual 0666 less the umask. */
  mode?: number;
  /** Flush the data (and the folder's entry) to disk before returning. Default true. */
  fsync?: boolean;
}

/**
 * Writes `data` to a uniquely named temporary file in the target's folder, flushes it (fsync) and
 * renames it over the target: readers see the old file or the new one, never part of one. A write
 * that fails part way (disk full, a file size limit) removes the temporary file and leaves the
 * target as it was; so does an exit signal (SIGINT, SIGTERM, ...) during the write. Only SIGKILL,
 * which nothing can catch, can leave a temporary file behind, and even then never a damaged target.
 * A target that is a symlink is resolved, so the file it points to is replaced, not the link.
 *
 * Hand-written rather than npm's write-file-atomic (checked at 6.0.0 and 7.0.1): it writes with one
 * fs.write call and does not check how many bytes were written. libuv reports a write that failed
 * after some bytes (a file size limit, a full disk) as a short count rather than an error, so
 * write-file-atomic would rename a truncated file over the target: the very loss this prevents.
 */
export async function writeFileAtomically(
  file: string,
  data: Uint8Array | string | AsyncIterable<Uint8Array | string>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const target = await realpath(file).catch(() => path.resolve(file));
  const existing = await stat(target).catch(() => null);
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const fsync = options.fsync !== false;
  // pid + random: unique across processes and across writes in flight in this one.
  const temporary = `${target}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
  const removeOnExit = onExit(() => {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created.
    }
  });
  let handle: FileHandle | undefined;
  try {
    // "wx": never open a file that is already there, whoever made it.
    handle = await open(temporary, "wx", mode ?? 0o666);
    if (typeof data === "string" || data instanceof Uint8Array) await writeAll(handle, bytesOf(data));
    // In pieces, so a large file (the result cache) is never one string and its writer can yield between them.
    else for await (const piece of data) await writeAll(handle, bytesOf(piece));
    if (fsync) await handle.sync();
    await handle.close();
    handle = undefined;
    // open() applies the umask; an existing file keeps exactly its own permissions.
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  } finally {
    removeOnExit();
  }
  if (fsync) await syncFolder(path.dirname(target));
}

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

/** Writes every byte, or throws: a short count is retried, so the error behind it surfaces. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    // No position: each piece follows the one before it.
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) {
      throw new Error(`the disk accepted no more data after ${offset} of ${bytes.length} bytes`);
    }
    offset += bytesWritten;
  }
}

/**
 * The rename is only durable once the folder's entry is on disk: without this, a power cut just
 * after the save can bring back the old file (or none). Folders cannot be opened for syncing on
 * Windows, and some file systems refuse fsync on them; the file itself is already safe there.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, "r");
    await handle.sync();
  } catch {
    // Best effort, see above: the new file is complete either way.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
