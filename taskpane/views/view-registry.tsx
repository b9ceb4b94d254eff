import type { ComponentType, ReactElement } from "react";
import {
  ChatRegular,
  DocumentDataRegular,
  HistoryRegular,
  LightbulbRegular,
  MathFormulaRegular,
  SettingsRegular,
  TableRegular,
} from "@fluentui/react-icons";
import type { ViewId, ViewProps } from "./view-props";
import { ActivityView } from "./ActivityView";
import { AskView } from "./AskView";
import { CellsView } from "./CellsView";
import { ExplainView } from "./ExplainView";
import { FormulaView } from "./FormulaView";
import { ReportView } from "./ReportView";
import { SettingsView } from "./SettingsView";

/** Each tab's view and icon; a Record, so a new entry in VIEWS does not compile without one here. */
export const VIEW_PARTS: Record<ViewId, { View: ComponentType<ViewProps>; icon: ReactElement }> = {
  ask: { View: AskView, icon: <ChatRegular /> },
  formula: { View: FormulaView, icon: <MathFormulaRegular /> },
  cells: { View: CellsView, icon: <TableRegular /> },
  explain: { View: ExplainView, icon: <LightbulbRegular /> },
  report: { View: ReportView, icon: <DocumentDataRegular /> },
  activity: { View: ActivityView, icon: <HistoryRegular /> },
  settings: { View: SettingsView, icon: <SettingsRegular /> },
};
