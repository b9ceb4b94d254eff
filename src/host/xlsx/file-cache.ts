import { SlmError } from "../../errors/slm-error";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LruDocumentCache } from "../../bulk/result-cache";
import { writeFileAtomically } from "../node/atomic-file";

/** The CLI's --cache <dir>: the same LRU document as in Excel, kept in a file. */
export const FILE_CACHE_NAME = "excel-slm-results.json";
export const FILE_CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** --cache names something that cannot hold the cache file (a file, or a path through one). */
export class CacheFolderError extends SlmError {
  override name = "CacheFolderError";
  constructor(message: string) {
    super("input", message);
  }
}

/**
 * Why `directory` cannot be the cache folder, or null when it can (it is a folder, or does not
 * exist yet and will be created). Checked before any model work, so a mistyped --cache costs nothing.
 */
export async function cacheFolderProblem(directory: string): Promise<string | null> {
  try {
    const found = await stat(directory);
    if (found.isDirectory()) return null;
    return `--cache "${directory}" is a file, not a folder: the cache is kept as ${FILE_CACHE_NAME} inside a folder. Give a folder (it is created if missing), e.g. --cache ${path.join(path.dirname(directory), "excel-slm-cache")}.`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR")
      return `--cache "${directory}" runs through a file, so no folder can be made there. Give a folder path, e.g. --cache excel-slm-cache.`;
    // Anything else (permissions) shows when the cache is opened or saved; the run goes on without it.
    return null;
  }
}

/**
 * Opens the cache in `directory` (created if missing). The cache only saves model calls, so a
 * folder that cannot be created or written does not fail the run: `warn` hears about it once
 * (one line: what, why, how to fix) and the run goes on with what is in memory. A path that is not
 * a folder at all is the user's mistake and throws CacheFolderError.
 */
export async function openFileCache(
  directory: string,
  warn: (message: string) => void = (message) => process.stderr.write(`excel-slm: ${message}\n`),
): Promise<LruDocumentCache> {
  const problem = await cacheFolderProblem(directory);
  if (problem) throw new CacheFolderError(problem);
  const file = path.join(directory, FILE_CACHE_NAME);
  let warned = false;
  const warnOnce = (error: unknown) => {
    if (warned) return;
    warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    warn(
      `warning: could not save the result cache in "${directory}" (${reason}). This run's results are ` +
        `still written; the next run will ask the model again for them. Check that the folder exists and is writable.`,
    );
  };
  await mkdir(directory, { recursive: true }).catch(warnOnce);
  const cache = new LruDocumentCache(
    // A uniquely named temporary file renamed over the cache: a write that fails or is interrupted
    // leaves the previous cache whole, and a timed write and the final flush never share a
    // temporary file. No fsync: a cache lost to a power cut costs only time (load() starts empty
    // on a damaged file), and syncing up to 256 MB every half second would not be free.
    (document) => writeFileAtomically(file, document, { fsync: false }),
    FILE_CACHE_MAX_BYTES,
    undefined,
    warnOnce,
  );
  cache.load(await readFile(file, "utf8").catch(() => null));
  return cache;
}
