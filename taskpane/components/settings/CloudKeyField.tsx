import { useRef, useState } from "react";
import { Button, Field, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { CloudStatus } from "../../../src/routing/cloud-status";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
  note: { color: tokens.colorNeutralForeground3 },
  set: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/**
 * The API key goes to the local server and is never shown again, not even masked. The input is
 * uncontrolled on purpose: React mirrors a controlled input's value into the DOM attribute, and
 * the key must not sit in the page's markup.
 */
export function CloudKeyField(props: {
  status: CloudStatus;
  busy: boolean;
  onSave: (key: string) => Promise<boolean>;
  onRemove: () => void;
}) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);

  if (props.status.keySet) {
    const fromEnvironment = props.status.keyFrom === "environment";
    return (
      <div className={styles.set} data-testid="cloud-key-set">
        <Text weight="semibold">
          {fromEnvironment
            ? "Key set (from SLM_CLOUD_API_KEY where the local server runs)"
            : "Key set (stored by the local server)"}
        </Text>
        {!fromEnvironment && (
          <Button size="small" disabled={props.busy} onClick={props.onRemove}>
            Remove key
          </Button>
        )}
      </div>
    );
  }

  const save = async () => {
    const key = input.current?.value.trim() ?? "";
    if (!key) return;
    if (await props.onSave(key)) {
      if (input.current) input.current.value = "";
      setHasText(false);
    }
  };
  return (
    <div>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field className={styles.grow} label="API key">
          <Input
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="cloud-key-note"
            onChange={(_event, data) => setHasText(data.value.trim() !== "")}
            data-testid="cloud-key-input"
          />
        </Field>
        <Button type="submit" disabled={!hasText || props.busy}>
          Save key
        </Button>
      </form>
      <Text id="cloud-key-note" size={200} className={styles.note}>
        Sent to the local server, which stores it for your user only. It is never shown again.
      </Text>
    </div>
  );
}
