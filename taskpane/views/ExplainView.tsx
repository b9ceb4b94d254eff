import { useEffect, useRef, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { paneMessage } from "../services/pane-words";
import type { ConsentRequest } from "../../src/routing/route-decision";
import type { PendingConsent } from "../../src/routing/consent-queue";
import type { ExplainResult } from "../../src/tasks/explain";
import type { ViewProps } from "./view-props";
import { ConsentDialog, formatUsd } from "../components/explain/ConsentDialog";
import {
  decideConsent,
  explainActive,
  readActiveFormula,
  settlePendingConsent,
  showRange,
  watchPendingConsents,
  type ActiveFormula,
} from "../services/explain";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  formula: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: "break-all",
    userSelect: "text",
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Explained = Extract<ExplainResult, { status: "explained" }>;

type State =
  | { step: "idle" }
  | { step: "running"; target: ActiveFormula }
  | { step: "consent"; target: ActiveFormula; consent: ConsentRequest }
  | { step: "done"; target: ActiveFormula; result: Explained }
  | { step: "error"; message: string };

/**
 * Explains the active cell's formula: the summary and steps, the ranges it reads (each can be
 * shown in the sheet), which model answered (local or cloud) and why. In "ask" mode the consent
 * dialog shows exactly what would be sent before anything is; requests from =SLM.EXPLAIN cells
 * wait in the list below until the user decides.
 */
export function ExplainView(_props: ViewProps) {
  const styles = useStyles();
  const [state, setState] = useState<State>({ step: "idle" });
  const [useCloud, setUseCloud] = useState(false);
  const [pending, setPending] = useState<readonly PendingConsent[]>([]);
  const [reviewing, setReviewing] = useState<PendingConsent | null>(null);
  const [deciding, setDeciding] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => watchPendingConsents(setPending), []);
  useEffect(() => () => controller.current?.abort(), []);

  async function run(target: ActiveFormula, decision?: Parameters<typeof explainActive>[1]["decision"]) {
    if (!target.formula) return;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ step: "running", target });
    try {
      const result = await explainActive(
        { formula: target.formula, address: target.address },
        { useCloud, decision },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      setState(
        result.status === "needs-consent"
          ? { step: "consent", target, consent: result.consent }
          : { step: "done", target, result },
      );
    } catch (error) {
      if (abort.signal.aborted) setState({ step: "idle" });
      else setState({ step: "error", message: paneMessage(error) });
    }
  }

  async function explainActiveCell() {
    try {
      const target = await readActiveFormula();
      if (!target.formula) {
        setState({
          step: "error",
          message: `${target.address} holds no formula. Select a cell with a formula, then press Explain again.`,
        });
        return;
      }
      await run(target);
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    }
  }

  async function decide(approved: boolean) {
    if (state.step !== "consent") return;
    setDeciding(true);
    try {
      const decision = await decideConsent(state.consent.ticket, approved);
      await run(state.target, decision);
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    } finally {
      setDeciding(false);
    }
  }

  async function decidePending(approved: boolean) {
    if (!reviewing) return;
    setDeciding(true);
    try {
      await settlePendingConsent(reviewing.id, approved);
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    } finally {
      setDeciding(false);
      setReviewing(null);
    }
  }

  return (
    <div className={styles.root}>
      <Text>Explains the formula in the active cell in plain words.</Text>
      <Checkbox
        label="Prefer the cloud model (only if your cloud policy allows it)"
        checked={useCloud}
        onChange={(_event, data) => setUseCloud(data.checked === true)}
      />
      <div className={styles.row}>
        <Button appearance="primary" onClick={explainActiveCell} disabled={state.step === "running"}>
          Explain the active cell
        </Button>
        {state.step === "running" && (
          <>
            <Spinner size="tiny" label={`Explaining ${state.target.address}…`} />
            <Button onClick={() => controller.current?.abort()}>Cancel</Button>
          </>
        )}
      </div>

      {state.step === "error" && (
        <MessageBar intent="error" data-testid="explain-error">
          <MessageBarBody>{state.message}</MessageBarBody>
        </MessageBar>
      )}

      {state.step === "consent" && (
        <ConsentDialog consent={state.consent} busy={deciding} onDecide={decide} />
      )}
      {reviewing && <ConsentDialog consent={reviewing.consent} busy={deciding} onDecide={decidePending} />}

      {state.step === "done" && <ExplanationCard target={state.target} result={state.result} />}

      <section aria-label="Waiting for your approval" data-testid="pending-consents">
        <Text as="h2" weight="semibold">
          Waiting for your approval
        </Text>
        {pending.length === 0 ? (
          <Text as="p" className={styles.muted}>
            Nothing waiting. In &quot;ask&quot; mode, =SLM.EXPLAIN cells that need the cloud model show #N/A
            and wait here.
          </Text>
        ) : (
          <ul className={styles.list}>
            {pending.map((entry) => (
              <li key={entry.id}>
                <div className={styles.row}>
                  <Text>{entry.cell ?? entry.task}</Text>
                  <Button size="small" onClick={() => setReviewing(entry)}>
                    Review
                  </Button>
                </div>
                <Text className={styles.formula}>{entry.subject}</Text>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ExplanationCard({ target, result }: { target: ActiveFormula; result: Explained }) {
  const styles = useStyles();
  const cloud = result.source === "cloud";
  return (
    <Card data-testid="explanation">
      <div className={styles.row}>
        <Badge color={cloud ? "brand" : "success"} appearance="tint" data-testid="explain-source">
          {cloud ? "Cloud" : "Local"}: {result.model}
        </Badge>
        {cloud && result.costUsd !== null && <Text size={200}>cost {formatUsd(result.costUsd)}</Text>}
        <Text size={200} className={styles.muted}>
          complexity {result.complexity.score}
        </Text>
      </div>
      <Text className={styles.formula}>
        {target.address}: {result.formula}
      </Text>
      <Text as="p" weight="semibold">
        {result.summary}
      </Text>
      {result.steps.length > 0 && (
        <ol className={styles.list}>
          {result.steps.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      )}
      {result.referencedRanges.length > 0 && (
        <div className={styles.row} aria-label="Ranges the formula reads">
          <Text size={200}>Reads:</Text>
          {result.referencedRanges.map((range) => (
            <Button
              key={range}
              size="small"
              appearance="outline"
              aria-label={`Show ${range} in the sheet`}
              onClick={() => void showRange(range, target.sheet)}
            >
              {range}
            </Button>
          ))}
        </div>
      )}
      <MessageBar intent={cloud ? "info" : "success"}>
        <MessageBarBody>
          <MessageBarTitle>{cloud ? "Why the cloud model" : "Why the local model"}</MessageBarTitle>
          <span data-testid="explain-reasons">{result.route.reasons.join(" ")}</span>
        </MessageBarBody>
      </MessageBar>
    </Card>
  );
}
