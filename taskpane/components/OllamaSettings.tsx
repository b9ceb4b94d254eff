import { useState } from "react";
import {
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Settings } from "../../src/settings/settings";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
});

/** Where Ollama is reached. Saved per user (OfficeRuntime.storage), never in the workbook. */
export function OllamaSettings({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => void;
}) {
  const styles = useStyles();
  const [directUrl, setDirectUrl] = useState(settings.ollamaDirectUrl);
  const validUrl = /^https?:\/\/[^\s]+$/.test(directUrl);
  return (
    <section className={styles.section} aria-labelledby="ollama-settings-title">
      <Text as="h2" id="ollama-settings-title" size={400} weight="semibold">
        Connection
      </Text>
      <RadioGroup
        value={settings.ollamaMode}
        aria-label="How the add-in reaches Ollama"
        onChange={(_event, data) => onSave({ ollamaMode: data.value === "direct" ? "direct" : "relay" })}
      >
        <Radio value="relay" label="Through the local excel-slm server (recommended)" />
        <Radio value="direct" label="Directly (needs OLLAMA_ORIGINS set to this add-in's origin)" />
      </RadioGroup>
      {settings.ollamaMode === "direct" && (
        <div className={styles.row}>
          <Field
            label="Ollama URL"
            validationState={validUrl ? "none" : "error"}
            validationMessage={validUrl ? undefined : "Use a full URL, e.g. http://127.0.0.1:11434"}
          >
            <Input value={directUrl} onChange={(_event, data) => setDirectUrl(data.value)} />
          </Field>
          <Button
            disabled={!validUrl || directUrl === settings.ollamaDirectUrl}
            onClick={() => onSave({ ollamaDirectUrl: directUrl })}
          >
            Save
          </Button>
        </div>
      )}
    </section>
  );
}
