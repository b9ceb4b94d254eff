import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { SelectionSummary } from "../../../src/tasks/selection-run";
import { CountsChart } from "./CountsChart";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export type CellsTaskKind = "classify" | "extract" | "validate";

const DONE_VERB: Record<CellsTaskKind, string> = {
  classify: "Classified",
  extract: "Extracted from",
  validate: "Checked",
};

const CAPTION: Record<CellsTaskKind, string> = {
  classify: "Cells per label",
  extract: "Cells per extracted value",
  validate: "Cells per verdict",
};

/** What a run came to: counts per value (chart), cells to review, errors, and what was cancelled. */
export function CellsSummary({
  kind,
  summary,
  total,
  cancelled,
  abstainLabel,
  onSelectReview,
  selectingReview,
  onCloudReview,
  cloudReviewing,
}: {
  kind: CellsTaskKind;
  summary: SelectionSummary;
  /** Cells that needed the model. */
  total: number;
  cancelled: boolean;
  abstainLabel: string;
  onSelectReview: () => void;
  selectingReview: boolean;
  /** Classify only: ask the cloud model to label the REVIEW cells (as the policy allows). */
  onCloudReview?: () => void;
  cloudReviewing?: boolean;
}) {
  const styles = useStyles();
  const answered = total - summary.cancelled;
  const review = summary.abstained.length;
  const cellsWord = (n: number) => `${n} ${n === 1 ? "cell" : "cells"}`;
  return (
    <section className={styles.root} aria-label="Results summary" data-testid="cells-summary">
      <Text weight="semibold" data-testid="cells-summary-title">
        {cancelled
          ? `Cancelled: ${answered} of ${cellsWord(total)} done. Nothing was written.`
          : `${DONE_VERB[kind]} ${cellsWord(total)}.`}
      </Text>
      {summary.counts.length > 0 && (
        <CountsChart
          counts={summary.counts}
          caption={CAPTION[kind]}
          highlight={kind === "classify" ? abstainLabel : undefined}
        />
      )}
      {summary.skipped > 0 && (
        <Text size={200}>
          {cellsWord(summary.skipped)} {summary.skipped === 1 ? "was" : "were"} blank or held an error value
          and {summary.skipped === 1 ? "was" : "were"} not sent to the model.
        </Text>
      )}
      {review > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="cells-review">
          <MessageBarBody>
            <MessageBarTitle>{cellsWord(review)} to review</MessageBarTitle>
            The model was not confident enough, so {review === 1 ? "it is" : "they are"} labelled{" "}
            {abstainLabel}. Check {review === 1 ? "it" : "them"} by hand, or lower the confidence threshold in
            Settings.
          </MessageBarBody>
          <MessageBarActions>
            <Button data-testid="cells-select-review" onClick={onSelectReview} disabled={selectingReview}>
              Select the {abstainLabel} rows
            </Button>
            {onCloudReview && (
              <Button data-testid="cells-cloud-review" onClick={onCloudReview} disabled={cloudReviewing}>
                Ask the cloud model
              </Button>
            )}
          </MessageBarActions>
        </MessageBar>
      )}
      {summary.errors > 0 && (
        <MessageBar intent="error" layout="multiline" data-testid="cells-errors">
          <MessageBarBody>
            <MessageBarTitle>{cellsWord(summary.errors)} failed</MessageBarTitle>
            {summary.firstError} Written results show #N/A for them; run again to retry.
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
