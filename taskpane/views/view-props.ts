import type { InstalledModel } from "../../src/llm/ollama-client";
import type { Settings } from "../../src/settings/settings";
import type { ConnectionStatus } from "../services";

/** The views of the pane, in tab order; the id is also the tab's test id ("tab-formula"). */
export const VIEWS = [
  { id: "formula", label: "Formula" },
  { id: "cells", label: "Cells" },
  { id: "explain", label: "Explain" },
  { id: "report", label: "Report" },
  { id: "activity", label: "Activity" },
  { id: "settings", label: "Settings" },
] as const;
export type ViewId = (typeof VIEWS)[number]["id"];

/** What every view gets: the connection as last checked and a way to move to another view. */
export interface ViewProps {
  settings: Settings;
  status: ConnectionStatus | null;
  models: InstalledModel[] | null;
  saveSettings: (patch: Partial<Settings>) => Promise<void>;
  refreshConnection: () => void;
  goTo: (view: ViewId) => void;
}
