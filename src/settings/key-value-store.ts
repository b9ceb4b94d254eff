/**
 * Where per-user settings live. OfficeRuntime.storage has exactly this shape (the Excel host picks
 * the store: src/host/excel/office-page.ts); the task pane outside Office uses localStorage and
 * tests use memory. Never the workbook: settings would travel with the file.
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
