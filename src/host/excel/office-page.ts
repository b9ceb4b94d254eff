import { BrowserLocalStore, MemoryStore, type KeyValueStore } from "../../settings/key-value-store";

/**
 * What the page needs from Office itself, outside a workbook batch: the per-user store, the theme
 * and the moment Office is ready. Outside Office (a plain browser, the browser tests) office.js is
 * absent and each falls back: localStorage, the light theme, start at once.
 */

/** The best per-user store the current page offers: OfficeRuntime.storage, else localStorage, else memory. */
export function officeStore(): KeyValueStore {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  if (typeof localStorage !== "undefined") return new BrowserLocalStore(localStorage);
  return new MemoryStore();
}

/** True when Office shows a dark theme (its body background is dark). */
export function isDarkOfficeTheme(): boolean {
  try {
    const background = Office.context?.officeTheme?.bodyBackgroundColor;
    if (!background) return false;
    const value = parseInt(background.replace("#", ""), 16);
    const luminance = 0.299 * (value >> 16) + 0.587 * ((value >> 8) & 0xff) + 0.114 * (value & 0xff);
    return luminance < 128;
  } catch {
    return false;
  }
}

/** Runs `start` once Office is ready, or at once without office.js. */
export function whenOfficeReady(start: () => void): void {
  if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
    void Office.onReady(() => start());
  } else {
    start();
  }
}
