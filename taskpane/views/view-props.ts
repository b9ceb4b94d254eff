import type { InstalledModel } from "../../src/llm/ollama-client";
import type { Settings } from "../../src/settings/settings";
import type { ConnectionStatus } from "../services";

/**
 * The views of the pane, in tab order; the id is also the tab's test id ("tab-formula"). Adding a
 * tab is one entry here plus its component and icon in views/view-registry.tsx (the compiler asks
 * for them).
 */
export const VIEWS = [
  { id: "ask", label: "Ask" },
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
  /**
   * Whether this view is the one showing. Views stay mounted after their first visit so a running
   * job and typed input survive a tab switch; a hidden view may keep working but must not move focus.
   */
  active: boolean;
  /** The view tells the tab list a long job is running, so its tab shows a badge while hidden. */
  reportRunning: (running: boolean) => void;
}
