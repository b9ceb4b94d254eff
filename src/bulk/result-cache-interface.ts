/**
 * What every result cache offers (see ./result-cache.ts). In a file of its own so the LRU map that
 * implements it does not import the module that builds it from a store or file.
 */
export interface ResultCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Writes anything still buffered. */
  flush(): Promise<void>;
  clear(): Promise<void>;
  stats(): { entries: number; bytes: number };
}
