import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AuditEntry } from "../../../src/routing/audit-log";
import type { CloudMode } from "../../../src/routing/cloud-policy";
import { AuditEntryDetails } from "./AuditEntryDetails";
import { formatCount, formatMoney, formatWhen } from "../format";

const useStyles = makeStyles({
  header: { display: "flex", flexDirection: "column", alignItems: "start", textAlign: "start" },
  sub: { color: tokens.colorNeutralForeground3 },
  empty: { display: "flex", flexDirection: "column", alignItems: "start", gap: tokens.spacingVerticalS },
});

function shortTime(iso: string): string {
  return formatWhen(new Date(iso));
}

function summary(entry: AuditEntry): string {
  const result = entry.result;
  if (!result) return "no result";
  const tokens = `${formatCount(result.inputTokens + result.outputTokens)} tokens`;
  const cost = result.costUsd == null ? "cost unknown" : formatMoney(result.costUsd);
  return result.outcome === "ok" ? `${tokens} · ${cost}` : `${result.outcome} · ${tokens}`;
}

/** The audit log of cloud requests, newest first; each opens to show what exactly was sent. */
export function AuditLogList(props: {
  entries: AuditEntry[];
  mode: CloudMode | null;
  onOpenSettings: () => void;
}) {
  const styles = useStyles();
  if (props.entries.length === 0) {
    return (
      <div className={styles.empty} data-testid="audit-empty">
        <Text>
          {props.mode === "never"
            ? "No cloud requests yet — cloud use is off, so everything ran on this computer."
            : "No cloud requests yet. Each request sent to the cloud model will be listed here with exactly what was sent."}
        </Text>
        {props.mode === "never" && (
          <Button size="small" onClick={props.onOpenSettings}>
            Cloud settings
          </Button>
        )}
      </div>
    );
  }
  return (
    <Accordion collapsible multiple aria-label="Cloud requests" data-testid="audit-list">
      {props.entries.map((entry) => (
        <AccordionItem key={entry.id} value={entry.id} data-testid="audit-entry">
          <AccordionHeader size="small">
            <span className={styles.header}>
              <Text weight="semibold">
                {shortTime(entry.time)} · {entry.task} · {entry.provider} {entry.model}
              </Text>
              <Text size={200} className={styles.sub}>
                {summary(entry)} · {entry.reason}
              </Text>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <AuditEntryDetails entry={entry} />
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
