import { Button, Field, makeStyles, ProgressBar, tokens } from "@fluentui/react-components";
import type { SelectionProgress } from "../../../src/tasks/selection-run";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  field: { flexGrow: 1, minWidth: 0 },
});

/** A determinate bar with counts in words, and Cancel. */
export function RunProgress({
  progress,
  verb,
  cancelling,
  onCancel,
}: {
  progress: SelectionProgress;
  /** "Classifying". */
  verb: string;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const { done, total, errors } = progress;
  const text =
    `${done} of ${total} ${total === 1 ? "cell" : "cells"}` +
    (errors > 0 ? ` · ${errors} ${errors === 1 ? "error" : "errors"}` : "");
  return (
    <div className={styles.row}>
      <Field
        className={styles.field}
        label={cancelling ? "Cancelling…" : `${verb}…`}
        validationMessage={<span data-testid="cells-progress-text">{text}</span>}
        validationState="none"
      >
        <ProgressBar
          data-testid="cells-progress"
          value={total === 0 ? 0 : done / total}
          max={1}
          thickness="large"
          aria-valuetext={text}
        />
      </Field>
      <Button data-testid="cells-cancel" onClick={onCancel} disabled={cancelling}>
        Cancel
      </Button>
    </div>
  );
}
