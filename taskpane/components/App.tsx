import { useCallback, useEffect, useState } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import type { InstalledModel } from "../../src/llm/ollama-client";
import type { Settings } from "../../src/settings/settings";
import type { AssistantServices, ConnectionStatus } from "../services";
import { ConnectionHeader } from "./ConnectionHeader";
import { ConnectionHelp } from "./ConnectionHelp";
import { ModelPicker } from "./ModelPicker";
import { OllamaSettings } from "./OllamaSettings";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
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

  const save = async (patch: Partial<Settings>) => {
    setSettings(await services.saveSettings(patch));
    if ("ollamaMode" in patch || "ollamaDirectUrl" in patch) refresh();
  };

  return (
    <main className={styles.root} aria-busy={checking}>
      <ConnectionHeader status={status} model={settings?.model} checking={checking} onRetry={refresh} />
      {status && !status.reachable && <ConnectionHelp status={status} onRetry={refresh} />}
      {settings && status?.reachable && models && (
        <ModelPicker models={models} selected={settings.model} onSelect={(model) => save({ model })} />
      )}
      {settings && <OllamaSettings settings={settings} onSave={save} />}
    </main>
  );
}
