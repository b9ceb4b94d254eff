import { useCallback, useEffect, useMemo, useState } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import type { InstalledModel } from "../../src/llm/ollama-client";
import type { Settings } from "../../src/settings/settings";
import type { AssistantServices, ConnectionStatus } from "../services";
import { VIEWS, type ViewId, type ViewProps } from "../views/view-props";
import { VIEW_PARTS } from "../views/view-registry";
import { ConnectionHeader } from "./ConnectionHeader";
import { ConnectionHelp } from "./ConnectionHelp";
import { ViewTabs } from "./ViewTabs";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minWidth: "280px",
    boxSizing: "border-box",
  },
});

export function App({ services }: { services: AssistantServices }) {
  const styles = useStyles();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [models, setModels] = useState<InstalledModel[] | null>(null);
  const [checking, setChecking] = useState(true);
  const [checkRound, setCheckRound] = useState(0);
  const [view, setView] = useState<ViewId>("formula");
  // Views are mounted on their first visit and then kept (hidden), so work and input survive tab switches.
  const [visited, setVisited] = useState<ReadonlySet<ViewId>>(() => new Set(["formula"]));
  const [running, setRunning] = useState<ReadonlySet<ViewId>>(() => new Set());

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

  const goTo = useCallback((next: ViewId) => {
    setView(next);
    setVisited((seen) => (seen.has(next) ? seen : new Set([...seen, next])));
  }, []);

  // One stable reporter per view, so a view's effect on it does not re-run on every render.
  const reporters = useMemo(
    () =>
      Object.fromEntries(
        VIEWS.map(({ id }) => [
          id,
          (isRunning: boolean) =>
            setRunning((now) => {
              if (now.has(id) === isRunning) return now;
              const next = new Set(now);
              if (isRunning) next.add(id);
              else next.delete(id);
              return next;
            }),
        ]),
      ) as Record<ViewId, (running: boolean) => void>,
    [],
  );

  return (
    <main className={styles.root} aria-busy={checking}>
      <ConnectionHeader status={status} model={settings?.model} checking={checking} onRetry={refresh} />
      <ViewTabs view={view} running={running} onSelect={goTo} />
      {status && !status.reachable && <ConnectionHelp status={status} onRetry={refresh} />}
      {settings &&
        VIEWS.filter((item) => visited.has(item.id)).map((item) => {
          const { View } = VIEW_PARTS[item.id];
          const props: ViewProps = {
            settings,
            status,
            models,
            saveSettings: save,
            refreshConnection: refresh,
            goTo,
            active: item.id === view,
            reportRunning: reporters[item.id],
          };
          return (
            <section
              key={item.id}
              aria-label={item.label}
              data-testid={`view-${item.id}`}
              hidden={item.id !== view}
            >
              <View {...props} />
            </section>
          );
        })}
    </main>
  );
}
