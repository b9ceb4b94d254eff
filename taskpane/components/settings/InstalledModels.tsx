import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { InstalledModel } from "../../../src/llm/ollama-client";
import { formatBytes, formatContextLength } from "../format";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "flex",
    flexDirection: "column",
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  details: { color: tokens.colorNeutralForeground3 },
});

/** What Ollama has installed: name, size on disk and the trained context length (from /api/show). */
export function InstalledModels(props: {
  models: InstalledModel[];
  contextLengths: Record<string, number | null> | null;
}) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label="Installed models" data-testid="installed-models">
      {props.models.map((model) => {
        const length = props.contextLengths?.[model.name];
        const context =
          length === undefined
            ? "context …"
            : length
              ? `context ${formatContextLength(length)} tokens`
              : "context not reported";
        const facts = [model.parameterSize, model.quantization, formatBytes(model.sizeBytes), context].filter(
          Boolean,
        );
        return (
          <li key={model.name} className={styles.item} data-testid="installed-model" data-model={model.name}>
            <Text weight="semibold">{model.name}</Text>
            <Text size={200} className={styles.details}>
              {facts.join(" · ")}
            </Text>
          </li>
        );
      })}
    </ul>
  );
}
