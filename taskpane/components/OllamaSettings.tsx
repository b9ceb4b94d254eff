import { useState } from "react";
import {
  Badge,
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
import type { ConnectionStatus } from "../services";
import { SettingsSection } from "./settings/SettingsSection";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
  status: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  address: { overflowWrap: "anywhere" },
});

/** Where Ollama is reached and whether it answers. Saved per user, never in the workbook. */
export function OllamaSettings({
  settings,
  status,
  onSave,
}: {
  settings: Settings;
  status: ConnectionStatus | null;
  onSave: (patch: Partial<Settings>) => void;
}) {
  const styles = useStyles();
  const [directUrl, setDirectUrl] = useState(settings.ollamaDirectUrl);
  const validUrl = /^https?:\/\/[^\s]+$/.test(directUrl);
  return (
    <SettingsSection id="settings-connection" title="Ollama connection" testId="settings-connection">
      <div className={styles.status} data-testid="ollama-status">
        {status === null ? (
          <Badge appearance="outline">Checking…</Badge>
        ) : status.reachable ? (
          <Badge color="success" appearance="tint">
            Reachable · Ollama {status.version}
          </Badge>
        ) : (
          <Badge color="danger" appearance="tint">
            Not reachable
          </Badge>
        )}
        <Badge appearance="outline" color="informative">
          {settings.ollamaMode === "relay" ? "Through the local server" : "Direct"}
        </Badge>
      </div>
      {status && (
        <Text size={200} className={styles.address}>
          Address: <code>{status.baseUrl}</code>
        </Text>
      )}
      <RadioGroup
        value={settings.ollamaMode}
        aria-label="How the add-in reaches Ollama"
        onChange={(_event, data) => onSave({ ollamaMode: data.value === "direct" ? "direct" : "relay" })}
      >
        <Radio value="relay" label="Through the local excel-slm server (recommended)" />
        <Radio value="direct" label="Directly (needs OLLAMA_ORIGINS set to this add-in's origin)" />
      </RadioGroup>
      {settings.ollamaMode === "direct" && (
        <form
          className={styles.row}
          onSubmit={(event) => {
            event.preventDefault();
            if (validUrl) onSave({ ollamaDirectUrl: directUrl });
          }}
        >
          <Field
            className={styles.grow}
            label="Ollama URL"
            validationState={validUrl ? "none" : "error"}
            validationMessage={validUrl ? undefined : "Use a full URL, e.g. http://127.0.0.1:11434"}
          >
            <Input value={directUrl} onChange={(_event, data) => setDirectUrl(data.value)} />
          </Field>
          <Button type="submit" disabled={!validUrl || directUrl === settings.ollamaDirectUrl}>
            Save
          </Button>
        </form>
      )}
    </SettingsSection>
  );
}
