import { useCallback, useEffect, useState } from "react";
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Text } from "@fluentui/react-components";
import type { ViewProps } from "../../views/view-props";
import { ModelPicker } from "../ModelPicker";
import { contextLengths } from "../../services/settings";
import { InstalledModels } from "./InstalledModels";
import { PullModelForm } from "./PullModelForm";
import { PullProgressView } from "./PullProgressView";
import { modelPulls, usePullState } from "./pull-store";
import { SettingsSection } from "./SettingsSection";
import { TaskModels } from "./TaskModels";

/** Installed models with size and context length, the default and per-task models, and pulls. */
export function ModelsSection({ settings, status, models, saveSettings, refreshConnection }: ViewProps) {
  const pull = usePullState();
  const [lengths, setLengths] = useState<Record<string, number | null>>({});

  useEffect(() => {
    if (!models || models.length === 0) return;
    const controller = new AbortController();
    contextLengths(models, controller.signal).then(
      (found) => setLengths((known) => ({ ...known, ...found })),
      () => undefined,
    );
    return () => controller.abort();
  }, [models]);

  // A pulled model shows up once the connection (and with it the model list) is checked again.
  const onPulled = useCallback(() => refreshConnection(), [refreshConnection]);
  const startPull = useCallback((model: string) => void modelPulls.start(model, onPulled), [onPulled]);

  return (
    <SettingsSection id="settings-models" title="Models" testId="settings-models">
      {!status?.reachable || !models ? (
        <Text>Installed models appear here once Ollama is reachable (see the message above).</Text>
      ) : (
        <>
          <ModelPicker
            models={models}
            selected={settings.model}
            onSelect={(model) => saveSettings({ model })}
            onPull={startPull}
            pulling={pull.phase === "pulling"}
          />
          {models.length > 0 && <InstalledModels models={models} contextLengths={lengths} />}
          <PullProgressView />
          <PullModelForm onPulled={onPulled} />
          {models.length > 0 && (
            <Accordion collapsible>
              <AccordionItem value="per-task">
                <AccordionHeader size="small">Model per task</AccordionHeader>
                <AccordionPanel>
                  <TaskModels
                    settings={settings}
                    models={models}
                    onChange={(taskModels) => saveSettings({ taskModels })}
                  />
                </AccordionPanel>
              </AccordionItem>
            </Accordion>
          )}
        </>
      )}
    </SettingsSection>
  );
}
