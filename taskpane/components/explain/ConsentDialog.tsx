import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ConsentRequest } from "../../../src/routing/route-decision";
import { formatMoney } from "../format";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalM,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  payload: {
    maxHeight: "260px",
    overflow: "auto",
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
  },
  role: { fontWeight: tokens.fontWeightSemibold },
});

export function formatUsd(usd: number | null): string {
  if (usd === null) return "unknown (no price for this model in the price table)";
  return formatMoney(usd);
}

function redactionSummary(redactions: ConsentRequest["redactions"]): string {
  const parts = Object.entries(redactions)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([category, count]) => `${count} ${category}`);
  return parts.length ? `${parts.join(", ")} replaced by placeholders` : "nothing personal found";
}

/**
 * "ask" mode: exactly what would leave the machine, where it would go and what it may cost. Nothing
 * is sent unless the user presses Send; Keep local answers with the local model instead.
 */
export function ConsentDialog(props: {
  consent: ConsentRequest;
  busy: boolean;
  onDecide: (approved: boolean) => void;
}) {
  const styles = useStyles();
  const { consent } = props;
  return (
    <Dialog open modalType="alert">
      <DialogSurface aria-describedby="consent-payload" data-testid="consent-dialog">
        <DialogBody>
          <DialogTitle>Send this to the cloud model?</DialogTitle>
          <DialogContent>
            <dl className={styles.facts}>
              <dt className={styles.term}>Provider</dt>
              <dd>{consent.provider}</dd>
              <dt className={styles.term}>Model</dt>
              <dd>{consent.model}</dd>
              <dt className={styles.term}>Estimated cost</dt>
              <dd data-testid="consent-cost">
                {formatUsd(consent.estimatedCost.usd)} · {consent.estimatedCost.inputTokens} tokens in, up to{" "}
                {consent.estimatedCost.outputTokens} out
              </dd>
              <dt className={styles.term}>Privacy</dt>
              <dd>{redactionSummary(consent.redactions)}</dd>
            </dl>
            <Text as="p" weight="semibold">
              Exactly what would be sent:
            </Text>
            <div className={styles.payload} id="consent-payload" data-testid="consent-payload" tabIndex={0}>
              {consent.payload.map((message, index) => (
                <div key={index}>
                  <span className={styles.role}>{message.role}:</span> {message.content}
                </div>
              ))}
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={props.busy} onClick={() => props.onDecide(true)}>
              Send to {consent.model}
            </Button>
            <Button disabled={props.busy} onClick={() => props.onDecide(false)}>
              Keep local
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
