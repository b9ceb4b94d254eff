import { paneMessage } from "./services/pane-words";
import type { InstalledModel } from "../src/llm/ollama-client";
import { updateSettings } from "../src/addin/addin-runtime";
import { paneRuntime } from "./services/runtime";
import type { Settings } from "../src/settings/settings";

/**
 * What the task pane may do, as plain async operations. Components receive these as props, so
 * they never reach Office.js or the network themselves and can be driven with other services.
 */
export interface ConnectionStatus {
  reachable: boolean;
  baseUrl: string;
  mode: Settings["ollamaMode"];
  version?: string;
  error?: string;
}

export interface AssistantServices {
  loadSettings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  checkConnection(): Promise<ConnectionStatus>;
  listModels(): Promise<InstalledModel[]>;
}

export const addinServices: AssistantServices = {
  async loadSettings() {
    return (await paneRuntime()).settings;
  },
  async saveSettings(patch) {
    return (await updateSettings(patch)).settings;
  },
  async checkConnection() {
    const runtime = await paneRuntime();
    const base = { baseUrl: runtime.llm.baseUrl, mode: runtime.settings.ollamaMode };
    try {
      return { ...base, reachable: true, version: await runtime.llm.version(AbortSignal.timeout(5000)) };
    } catch (error) {
      return { ...base, reachable: false, error: paneMessage(error) };
    }
  },
  async listModels() {
    return (await paneRuntime()).llm.listModels();
  },
};
