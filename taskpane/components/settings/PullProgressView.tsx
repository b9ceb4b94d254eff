import {
  Button,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { formatBytes } from "../format";
import { modelPulls, usePullState } from "./pull-store";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  detail: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" },
});

/** The running pull: determinate bar with bytes, Ollama's current step, and Cancel. */
export function PullProgressView() {
  const styles = useStyles();
  const state = usePullState();
  if (state.phase === "idle") return null;
  if (state.phase === "pulling") {
    const { snapshot } = state;
    const percent = snapshot.fraction === null ? null : Math.floor(snapshot.fraction * 100);
    const detail =
      percent === null
        ? snapshot.status || "starting…"
        : `${formatBytes(snapshot.completedBytes)} of ${formatBytes(snapshot.totalBytes)} (${percent}%) · ${snapshot.status}`;
    return (
      <div className={styles.stack} data-testid="pull-progress">
        <Field label={`Pulling ${state.model}`}>
          <ProgressBar value={snapshot.fraction ?? undefined} max={1} thickness="large" />
        </Field>
        <div className={styles.row}>
          <Text size={200} className={styles.detail} data-testid="pull-progress-text">
            {detail}
          </Text>
          <Button onClick={() => modelPulls.cancel()}>Cancel</Button>
        </div>
      </div>
    );
  }
  const message =
    state.phase === "done"
      ? { intent: "success" as const, text: `${state.model} is installed.` }
      : state.phase === "cancelled"
        ? {
            intent: "info" as const,
            text: `Pull of ${state.model} cancelled. Pulling it again resumes from what Ollama already downloaded.`,
          }
        : { intent: "error" as const, text: `Could not pull ${state.model}: ${state.error}` };
  return (
    <MessageBar intent={message.intent} data-testid="pull-result">
      <MessageBarBody>{message.text}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => modelPulls.dismiss()}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
