import { Badge, Button, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowClockwiseRegular } from "@fluentui/react-icons";
import type { ConnectionStatus } from "../services";

const useStyles = makeStyles({
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  title: { flexGrow: 1 },
});

export function ConnectionHeader(props: {
  status: ConnectionStatus | null;
  model: string | undefined;
  checking: boolean;
  onRetry: () => void;
}) {
  const styles = useStyles();
  const { status } = props;
  return (
    <header className={styles.header}>
      <div className={styles.row}>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          SLM Assistant
        </Text>
        <Button
          appearance="subtle"
          size="small"
          icon={<ArrowClockwiseRegular />}
          aria-label="Check the Ollama connection again"
          onClick={props.onRetry}
          disabled={props.checking}
        />
      </div>
      <div className={styles.row} role="status" aria-live="polite" data-testid="connection-status">
        {status === null ? (
          <Spinner size="extra-tiny" label="Checking Ollama…" />
        ) : status.reachable ? (
          <Badge color="success" appearance="tint">
            Ollama {status.version} connected
          </Badge>
        ) : (
          <Badge color="danger" appearance="tint">
            Ollama not reachable
          </Badge>
        )}
        {props.model && (
          <Badge appearance="outline" color="informative">
            Model: {props.model}
          </Badge>
        )}
      </div>
    </header>
  );
}
