import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { LruDocumentCache } from "../../runtime/result-cache";

/** The CLI's --cache <dir>: the same LRU document as in Excel, kept in a file. */
export const FILE_CACHE_NAME = "excel-slm-results.json";
export const FILE_CACHE_MAX_BYTES = 256 * 1024 * 1024;

export async function openFileCache(directory: string): Promise<LruDocumentCache> {
  const file = path.join(directory, FILE_CACHE_NAME);
  await mkdir(directory, { recursive: true });
  const cache = new LruDocumentCache(async (document) => {
    // Write then rename, so an interrupted run never leaves half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, document);
    await rename(temporary, file);
  }, FILE_CACHE_MAX_BYTES);
  cache.load(await readFile(file, "utf8").catch(() => null));
  return cache;
}
