/**
 * Where per-user settings live. OfficeRuntime.storage has exactly this shape; the task pane outside
 * Office uses localStorage and tests use memory. Never the workbook: settings would travel with the file.
 */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, string>();
  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null;
  }
  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
  }
  async removeItem(key: string): Promise<void> {
    this.items.delete(key);
  }
}

export class BrowserLocalStore implements KeyValueStore {
  constructor(private readonly storage: Storage) {}
  async getItem(key: string): Promise<string | null> {
    return this.storage.getItem(key);
  }
  async setItem(key: string, value: string): Promise<void> {
    this.storage.setItem(key, value);
  }
  async removeItem(key: string): Promise<void> {
    this.storage.removeItem(key);
  }
}

/** The best per-user store the current page offers. */
export function defaultStore(): KeyValueStore {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  if (typeof localStorage !== "undefined") return new BrowserLocalStore(localStorage);
  return new MemoryStore();
}
