import { Fragment } from "react";
import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { PiiCategory } from "../../../src/privacy/redaction-settings";
import type { AuditEntry } from "../../../src/routing/audit-log";
import { formatCount, formatMoney, formatWhen } from "../format";

const useStyles = makeStyles({
  list: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  payload: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    maxHeight: "240px",
    overflowY: "auto",
  },
  sentTitle: { marginTop: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalXXS },
  hash: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

function outcomeText(entry: AuditEntry): string {
  const result = entry.result;
  if (!result) return "No result recorded (still running, or the server stopped before it ended)";
  if (result.outcome === "ok") return `Answered by ${result.answeredBy ?? entry.model}`;
  if (result.outcome === "cancelled") return "Cancelled";
  return `Failed: ${result.error?.message ?? "unknown error"}`;
}

const CATEGORY_WORDS: Record<PiiCategory, [one: string, many: string]> = {
  email: ["email address", "email addresses"],
  phone: ["phone number", "phone numbers"],
  card: ["card number", "card numbers"],
  iban: ["IBAN", "IBANs"],
  nationalId: ["national ID", "national IDs"],
  ipAddress: ["IP address", "IP addresses"],
  secretUrl: ["secret URL", "secret URLs"],
  personName: ["name", "names"],
};

function redactionText(redactions: AuditEntry["redactions"]): string {
  const parts = (Object.entries(redactions) as [PiiCategory, number | undefined][])
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([category, count]) => {
      const words = CATEGORY_WORDS[category] ?? [category, category];
      return `${count} ${count === 1 ? words[0] : words[1]}`;
    });
  return parts.length ? parts.join(", ") : "none found";
}

/** Everything the log holds about one cloud request, including what was sent (already redacted). */
export function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  const styles = useStyles();
  const result = entry.result;
  const rows: [string, string][] = [
    ["When", formatWhen(entry.time)],
    ["Why", entry.reason],
    ["Approval", entry.approval === "user" ? "You approved it" : "Automatic, within the budget"],
    ["Outcome", outcomeText(entry)],
    [
      "Tokens",
      result ? `${formatCount(result.inputTokens)} in · ${formatCount(result.outputTokens)} out` : "—",
    ],
    ["Cost", result?.costUsd == null ? "unknown (no price for this model)" : formatMoney(result.costUsd)],
    ["Redacted", redactionText(entry.redactions)],
  ];
  return (
    <div>
      <dl className={styles.list}>
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <Text as="h4" weight="semibold" size={200} block className={styles.sentTitle}>
        What was sent
      </Text>
      {entry.payload ? (
        <pre className={styles.payload} data-testid="audit-payload">
          {entry.payload.map((message) => `${message.role}:\n${message.content}`).join("\n\n")}
        </pre>
      ) : (
        <Text size={200} block>
          Not kept (payload logging is off); only its fingerprint:
        </Text>
      )}
      <Text size={200} className={styles.hash} block>
        SHA-256 {entry.payloadSha256}
      </Text>
    </div>
  );
}
