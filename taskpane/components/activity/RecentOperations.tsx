import { useEffect, useState } from "react";
import { Badge, makeStyles, Text, tokens } from "@fluentui/react-components";
import { useListStyles } from "../list-styles";
import { operationLog, type Operation } from "../../services/activity";
import { formatWhen } from "../format";

const useStyles = makeStyles({
  subject: { overflowWrap: "anywhere" },
  detail: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

const KIND_LABEL: Record<Operation["kind"], string> = {
  ask: "Ask",
  formula: "Formula",
  explain: "Explain",
  classify: "Classify",
  extract: "Extract",
  validate: "Validate",
  report: "Report",
};

const OUTCOME: Record<
  Operation["outcome"],
  { text: string; color: "success" | "warning" | "danger" | "informative" }
> = {
  done: { text: "Done", color: "success" },
  waiting: { text: "Waiting for approval", color: "warning" },
  cancelled: { text: "Cancelled", color: "informative" },
  failed: { text: "Failed", color: "danger" },
};

const SOURCE: Record<NonNullable<Operation["source"]>, string> = {
  local: "Local",
  cloud: "Cloud",
  code: "Computed by code",
};

/** What the assistant did in this session, newest first, and which model did it. */
export function RecentOperations() {
  const styles = { ...useListStyles(), ...useStyles() };
  const [operations, setOperations] = useState<readonly Operation[]>(() => operationLog.list());
  useEffect(() => operationLog.subscribe(setOperations), []);

  if (operations.length === 0) {
    return (
      <Text className={styles.detail}>
        Nothing yet in this session. Formulas written, explanations, classifications and reports appear here.
      </Text>
    );
  }
  return (
    <ul className={styles.list} aria-label="Recent operations">
      {operations.map((operation) => (
        <li key={operation.id} className={styles.item} data-testid="recent-operation">
          <div className={styles.line}>
            <Text weight="semibold">{KIND_LABEL[operation.kind]}</Text>
            <Badge appearance="tint" color={OUTCOME[operation.outcome].color}>
              {OUTCOME[operation.outcome].text}
            </Badge>
            {operation.source && (
              <Badge appearance="outline" color={operation.source === "cloud" ? "brand" : "informative"}>
                {SOURCE[operation.source]}
                {operation.model ? `: ${operation.model}` : ""}
              </Badge>
            )}
            <Text size={200} className={styles.detail}>
              {formatWhen(operation.time)}
            </Text>
          </div>
          <Text size={200} className={styles.subject}>
            {operation.subject}
          </Text>
          <Text size={200} className={styles.detail}>
            {operation.detail}
          </Text>
        </li>
      ))}
    </ul>
  );
}
