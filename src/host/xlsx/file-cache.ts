import { SlmError } from "../../errors/slm-error";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { LruResultCache } from "../../bulk/result-cache";
import { CacheLogFile } from "../node/cache-log-file";

/**
 * The CLI's --cache <dir>: the same LRU cache as in Excel, kept as a base file and a log of the
 * changes since (src/host/node/cache-log-file.ts). The base keeps the name the one-document cache
 * had, so a cache from an older version is read (and rewritten in the new format on first save).
 */
export const FILE_CACHE_NAME = "excel-slm-results.json";
export const FILE_CACHE_LOG_NAME = "excel-slm-results.log";
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
): Promise<LruResultCache> {
  const problem = await cacheFolderProblem(directory);
  if (problem) throw new CacheFolderError(problem);
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
  const files = new CacheLogFile(
    path.join(directory, FILE_CACHE_NAME),
    path.join(directory, FILE_CACHE_LOG_NAME),
  );
  const cache = new LruResultCache(
    (changes) => files.write(changes),
    FILE_CACHE_MAX_BYTES,
    undefined,
    warnOnce,
  );
  // A cache that cannot be read is only lost time: start empty (the first save replaces it).
  const loaded = await files.load().catch(() => ({ entries: new Map<string, string>(), rewrite: true }));
  cache.load(loaded.entries, loaded);
  return cache;
}
