import { forwardRef, useState } from "react";
import {
  Badge,
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { DataAnswer } from "../../services/ask";
import { ResultTable } from "./ResultTable";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  question: { color: tokens.colorNeutralForeground3 },
  formula: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: "break-all",
    userSelect: "text",
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface AnswerActions {
  onInsertFormula: () => void;
  busy: boolean;
}

/**
 * One answer: the prose (and a note when it was rewritten from the computed numbers), the plan in
 * words, which model answered, the result table, and the actions (insert the verified formula, copy).
 * Focusable, so the view can move focus here when the answer arrives.
 */
export const AnswerCard = forwardRef<HTMLDivElement, { answer: DataAnswer; actions?: AnswerActions }>(
  function AnswerCard({ answer, actions }, ref) {
    const styles = useStyles();
    const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
    const cloud = answer.source === "cloud";
    const offered = answer.formula?.status === "verified" ? answer.formula.formula : null;

    async function copy() {
      try {
        await navigator.clipboard.writeText(copyText(answer));
        setCopied("copied");
      } catch {
        // Clipboard access can be denied inside Office: the text stays selectable for Ctrl+C.
        setCopied("failed");
      }
    }

    return (
      <Card className={styles.card} ref={ref} tabIndex={-1} data-testid="ask-answer" aria-label="Answer">
        <Text size={200} className={styles.question}>
          {answer.question}
        </Text>
        <Text as="p" weight="semibold" data-testid="ask-answer-text">
          {answer.answer}
        </Text>
        {answer.check === "rewritten" && (
          <MessageBar intent="info" data-testid="ask-rewritten">
            <MessageBarBody>
              Rewritten from the computed numbers: the model wrote numbers that were not computed
              {answer.unsupported.length > 0 && ` (${answer.unsupported.join(", ")})`}.
            </MessageBarBody>
          </MessageBar>
        )}
        {answer.planWords && (
          <Text size={200} data-testid="ask-plan">
            How: {answer.planWords}
          </Text>
        )}
        <div className={styles.row}>
          <Badge color={cloud ? "brand" : "success"} appearance="tint" data-testid="ask-source">
            {cloud ? "Cloud" : "Local"}: {answer.model}
          </Badge>
        </div>
        {answer.result && <ResultTable result={answer.result} />}
        {offered && (
          <Text className={styles.formula} data-testid="ask-formula">
            {offered.formula}
          </Text>
        )}
        {!offered && answer.formula?.status === "not-offered" && (
          <Text size={200} className={styles.muted}>
            No formula offered: {answer.formula.reason}
          </Text>
        )}
        <div className={styles.row}>
          {offered && actions && (
            <Button
              appearance="primary"
              disabled={actions.busy}
              onClick={actions.onInsertFormula}
              data-testid="ask-insert-formula"
            >
              Insert the formula
            </Button>
          )}
          <Button onClick={() => void copy()} data-testid="ask-copy">
            Copy
          </Button>
          {copied && (
            <Text size={200} role="status">
              {copied === "copied" ? "Copied." : "Could not copy: select the text and press Ctrl+C."}
            </Text>
          )}
        </div>
      </Card>
    );
  },
);

/** The answer as text for the clipboard: prose, how it was computed, the result rows, the formula. */
function copyText(answer: DataAnswer): string {
  const lines = [answer.answer];
  if (answer.planWords) lines.push(`How: ${answer.planWords}`);
  if (answer.result) {
    lines.push(answer.result.columns.join("\t"));
    for (const row of answer.result.rows)
      lines.push(row.map((cell) => (cell === null ? "" : String(cell))).join("\t"));
  }
  if (answer.formula?.status === "verified") lines.push(answer.formula.formula.formula);
  return lines.join("\n");
}
