import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import type { ConnectionStatus } from "../services";

/** The "Ollama not running" state: what is wrong and what to run, not just a red light. */
export function ConnectionHelp({ status, onRetry }: { status: ConnectionStatus; onRetry: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Cannot reach Ollama</MessageBarTitle>
        {status.error}
        {status.mode === "relay" ? (
          <>
            {" "}
            The add-in reaches Ollama through the excel-slm server, so keep <code>npm start</code> running
            too.
          </>
        ) : (
          <>
            {" "}
            In direct mode the browser may ask to allow access to local network devices: choose Allow, or
            switch to the relay below.
          </>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>Retry</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
