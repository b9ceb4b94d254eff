import { useCallback, useEffect, useState } from "react";
import { makeStyles, Tab, TabList, tokens } from "@fluentui/react-components";
import type { InstalledModel } from "../../src/llm/ollama-client";
import type { Settings } from "../../src/settings/settings";
import type { AssistantServices, ConnectionStatus } from "../services";
import { VIEWS, type ViewId, type ViewProps } from "../views/view-props";
import { ConnectionHeader } from "./ConnectionHeader";
import { ConnectionHelp } from "./ConnectionHelp";
import { ActivityView } from "../views/ActivityView";
import { CellsView } from "../views/CellsView";
import { ExplainView } from "../views/ExplainView";
import { FormulaView } from "../views/FormulaView";
import { ReportView } from "../views/ReportView";
import { SettingsView } from "../views/SettingsView";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minWidth: "280px",
    boxSizing: "border-box",
  },
  tabs: { flexWrap: "wrap" },
});

export function App({ services }: { services: AssistantServices }) {
  const styles = useStyles();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [models, setModels] = useState<InstalledModel[] | null>(null);
  const [checking, setChecking] = useState(true);
  const [checkRound, setCheckRound] = useState(0);
  const [view, setView] = useState<ViewId>("formula");

  useEffect(() => {
    services.loadSettings().then(setSettings);
  }, [services]);

  useEffect(() => {
    let current = true;
    (async () => {
      const next = await services.checkConnection();
      const installed = next.reachable ? await services.listModels().catch(() => []) : null;
      if (!current) return;
      setStatus(next);
      setModels(installed);
      setChecking(false);
    })();
    return () => {
      current = false;
    };
  }, [services, checkRound]);

  const refresh = useCallback(() => {
    setChecking(true);
    setCheckRound((round) => round + 1);
  }, []);

  const save = useCallback(
    async (patch: Partial<Settings>) => {
      setSettings(await services.saveSettings(patch));
      if ("ollamaMode" in patch || "ollamaDirectUrl" in patch) refresh();
    },
    [services, refresh],
  );

  const props: ViewProps | null = settings
    ? { settings, status, models, saveSettings: save, refreshConnection: refresh, goTo: setView }
    : null;

  return (
    <main className={styles.root} aria-busy={checking}>
      <ConnectionHeader status={status} model={settings?.model} checking={checking} onRetry={refresh} />
      {status && !status.reachable && <ConnectionHelp status={status} onRetry={refresh} />}
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={view}
        onTabSelect={(_event, data) => setView(data.value as ViewId)}
        aria-label="Assistant views"
      >
        {VIEWS.map((item) => (
          <Tab key={item.id} value={item.id} data-testid={`tab-${item.id}`}>
            {item.label}
          </Tab>
        ))}
      </TabList>
      {props && (
        <section aria-label={VIEWS.find((item) => item.id === view)?.label} data-testid={`view-${view}`}>
          {view === "formula" && <FormulaView {...props} />}
          {view === "cells" && <CellsView {...props} />}
          {view === "explain" && <ExplainView {...props} />}
          {view === "report" && <ReportView {...props} />}
          {view === "activity" && <ActivityView {...props} />}
          {view === "settings" && <SettingsView {...props} />}
        </section>
      )}
    </main>
  );
}
