import { makeStyles, tokens } from "@fluentui/react-components";
import type { ViewProps } from "./view-props";
import { OllamaSettings } from "../components/OllamaSettings";
import { CacheSection } from "../components/settings/CacheSection";
import { CloudSection } from "../components/settings/CloudSection";
import { ModelsSection } from "../components/settings/ModelsSection";

const useStyles = makeStyles({
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/**
 * Everything the user sets once: how Ollama is reached, which models, the optional cloud model
 * and its rules, and the result cache. Saved per user (and, for the cloud, in the local server),
 * never in the workbook.
 */
export function SettingsView(props: ViewProps) {
  const styles = useStyles();
  return (
    <div className={styles.view}>
      <OllamaSettings settings={props.settings} status={props.status} onSave={props.saveSettings} />
      <ModelsSection {...props} />
      <CloudSection />
      <CacheSection />
    </div>
  );
}
