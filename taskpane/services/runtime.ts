import { getAddinRuntime, type AddinRuntime } from "../../src/addin/addin-runtime";

/**
 * The pane's one way into the add-in's composition root (src/addin/addin-runtime.ts): the runtime
 * the pane shares with the custom functions and the ribbon (settings, Ollama client, bulk engine,
 * cloud relay, consent queue, Excel batch). Only services call it, per operation, so a settings
 * change (which rebuilds the runtime) reaches the next operation; views and components never
 * reach the runtime (the lint boundaries forbid it) and get plain data from services.
 */
export function paneRuntime(): Promise<AddinRuntime> {
  return getAddinRuntime();
}
