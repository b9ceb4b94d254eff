import { useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { modelPulls, usePullState } from "./pull-store";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "end", gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: 0 },
});

/** Ollama model names: "qwen2.5:3b", "library/phi4-mini", "hf.co/owner/repo:Q4_K_M". */
const MODEL_NAME = /^[\w.\-/]+(:[\w.-]+)?$/;

export function PullModelForm({ onPulled }: { onPulled: (model: string) => void }) {
  const styles = useStyles();
  const state = usePullState();
  const [name, setName] = useState("");
  const trimmed = name.trim();
  const valid = MODEL_NAME.test(trimmed);
  const pull = () => {
    if (valid) void modelPulls.start(trimmed, onPulled);
  };
  return (
    <form
      className={styles.row}
      onSubmit={(event) => {
        event.preventDefault();
        pull();
      }}
    >
      <Field
        className={styles.grow}
        label="Pull a model (names from ollama.com/library)"
        validationState={trimmed && !valid ? "error" : "none"}
        validationMessage={trimmed && !valid ? "Use a model name such as qwen2.5:7b" : undefined}
      >
        <Input
          value={name}
          placeholder="e.g. qwen2.5:7b"
          onChange={(_event, data) => setName(data.value)}
          data-testid="pull-model-name"
        />
      </Field>
      <Button type="submit" appearance="primary" disabled={!valid || state.phase === "pulling"}>
        Pull
      </Button>
    </form>
  );
}
