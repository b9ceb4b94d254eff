import { Text } from "@fluentui/react-components";
import type { ConnectionStatus } from "../../services";
import { ConnectionHelp } from "../ConnectionHelp";

/**
 * "Ollama not running" in the Ask tab: the pane's connection help (unless the pane already shows
 * it above the tabs) and where to check the whole set-up from a terminal.
 */
export function AskConnectionHelp(props: {
  status: ConnectionStatus | null;
  mode: ConnectionStatus["mode"];
  error: string | undefined;
  onRetry: () => void;
}) {
  const shownAbove = props.status !== null && !props.status.reachable;
  return (
    <>
      {!shownAbove && (
        <ConnectionHelp
          status={{ reachable: false, baseUrl: "", mode: props.mode, error: props.error }}
          onRetry={props.onRetry}
        />
      )}
      <Text size={200} data-testid="ask-doctor">
        To check the whole set-up, run npx excel-slm doctor in a terminal.
      </Text>
    </>
  );
}
