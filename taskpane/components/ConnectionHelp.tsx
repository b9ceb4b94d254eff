import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ConnectionStatus } from "../services";

const useStyles = makeStyles({
  steps: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  error: { display: "block", marginBottom: tokens.spacingVerticalXS },
});

function pageOrigin(): string {
  return typeof location === "undefined" ? "https://localhost:3000" : location.origin;
}

/** The "Ollama not running" state: what is wrong and what to run, not just a red light. */
export function ConnectionHelp({ status, onRetry }: { status: ConnectionStatus; onRetry: () => void }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline" data-testid="connection-help">
      <MessageBarBody>
        <MessageBarTitle>Cannot reach Ollama</MessageBarTitle>
        <span className={styles.error}>{status.error}</span>
        {status.mode === "relay" ? (
          <ol className={styles.steps}>
            <li>
              Start Ollama: run <code>ollama serve</code> or open the Ollama app.
            </li>
            <li>
              Keep the excel-slm server running (<code>npm start</code>): it serves this pane and relays to
              Ollama.
            </li>
          </ol>
        ) : (
          <ol className={styles.steps}>
            <li>
              Start Ollama allowing this add-in: <code>OLLAMA_ORIGINS={pageOrigin()} ollama serve</code>.
            </li>
            <li>
              Direct mode calls Ollama on your computer from the page, so the browser or Excel may ask to
              allow access to devices on your local network. Choose Allow: it only lets this add-in reach
              Ollama. If it was blocked, allow it in the site permissions, or switch to the relay (Settings →
              Ollama connection), which needs no permission.
            </li>
          </ol>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>Retry</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
