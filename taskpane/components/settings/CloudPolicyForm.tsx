import { useState } from "react";
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { CloudMode, CloudPolicy } from "../../../src/routing/cloud-policy";
import type { CloudStatus } from "../../../src/routing/cloud-status";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  budget: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
  number: { width: "9rem" },
});

const MODE_LABELS: Record<CloudMode, string> = {
  never: "Never: everything stays on this computer",
  ask: "Ask me each time, showing what would be sent",
  auto: "Automatically, within the daily budget",
};

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** When work may go to the cloud, how much per day, and what is hidden or kept on the way. */
export function CloudPolicyForm(props: {
  status: CloudStatus;
  busy: boolean;
  onSave: (policy: Partial<CloudPolicy>) => void;
}) {
  const styles = useStyles();
  const { policy } = props.status;
  const [requests, setRequests] = useState(String(policy.maxRequestsPerDay));
  const [tokensPerDay, setTokensPerDay] = useState(String(policy.maxTokensPerDay));
  const requestsValue = wholeNumber(requests);
  const tokensValue = wholeNumber(tokensPerDay);
  const budgetChanged = requestsValue !== policy.maxRequestsPerDay || tokensValue !== policy.maxTokensPerDay;

  return (
    <div className={styles.form}>
      <RadioGroup
        aria-label="When to use the cloud model"
        value={policy.mode}
        disabled={props.busy}
        onChange={(_event, data) => props.onSave({ mode: data.value as CloudMode })}
        data-testid="cloud-mode"
      >
        {(Object.keys(MODE_LABELS) as CloudMode[]).map((mode) => (
          <Radio key={mode} value={mode} label={MODE_LABELS[mode]} />
        ))}
      </RadioGroup>
      <form
        className={styles.budget}
        aria-label="Daily cloud budget"
        onSubmit={(event) => {
          event.preventDefault();
          if (requestsValue !== null && tokensValue !== null) {
            props.onSave({ maxRequestsPerDay: requestsValue, maxTokensPerDay: tokensValue });
          }
        }}
      >
        <Field
          label="Requests per day"
          validationState={requestsValue === null ? "error" : "none"}
          validationMessage={requestsValue === null ? "A whole number" : undefined}
        >
          <Input
            className={styles.number}
            inputMode="numeric"
            value={requests}
            onChange={(_event, data) => setRequests(data.value)}
          />
        </Field>
        <Field
          label="Tokens per day"
          validationState={tokensValue === null ? "error" : "none"}
          validationMessage={tokensValue === null ? "A whole number" : undefined}
        >
          <Input
            className={styles.number}
            inputMode="numeric"
            value={tokensPerDay}
            onChange={(_event, data) => setTokensPerDay(data.value)}
          />
        </Field>
        <Button
          type="submit"
          disabled={props.busy || !budgetChanged || requestsValue === null || tokensValue === null}
        >
          Save budget
        </Button>
      </form>
      <Switch
        label="Redact personal data (emails, phone numbers, IBANs, names, …) before anything leaves"
        checked={policy.redaction.enabled}
        disabled={props.busy}
        onChange={(_event, data) =>
          props.onSave({ redaction: { ...policy.redaction, enabled: data.checked } })
        }
        data-testid="cloud-redaction"
      />
      {!policy.redaction.enabled && (
        <MessageBar intent="warning">
          <MessageBarBody>Redaction is off: cell contents are sent to the cloud as they are.</MessageBarBody>
        </MessageBar>
      )}
      <Switch
        label="Keep the redacted text of each request in the audit log (off: only its SHA-256)"
        checked={policy.logPayloads}
        disabled={props.busy}
        onChange={(_event, data) => props.onSave({ logPayloads: data.checked })}
      />
      <Switch
        label="Let the cloud model review classifications the local model was unsure of"
        checked={policy.cloudReviewOfAbstains}
        disabled={props.busy}
        onChange={(_event, data) => props.onSave({ cloudReviewOfAbstains: data.checked })}
      />
    </div>
  );
}
