import { Button, Field, Input, makeStyles, Textarea, tokens } from "@fluentui/react-components";
import type { CellsTaskKind } from "./CellsSummary";

const useStyles = makeStyles({
  labelsRow: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

export interface TaskFieldValues {
  labelsText: string;
  /** Where the labels were picked from; formulas then refer to this range. */
  labelsRange?: string;
  instructions: string;
  what: string;
  rule: string;
}

/** The parameters of the chosen task: labels (typed or picked), what to extract, or the rule. */
export function TaskFields({
  kind,
  values,
  onChange,
  onPickLabels,
  picking,
  disabled,
}: {
  kind: CellsTaskKind;
  values: TaskFieldValues;
  onChange: (patch: Partial<TaskFieldValues>) => void;
  onPickLabels: () => void;
  picking: boolean;
  disabled: boolean;
}) {
  const styles = useStyles();
  if (kind === "extract") {
    return (
      <Field label="What to extract" hint='For example "invoice number" or "city".' required>
        <Input
          data-testid="cells-what"
          value={values.what}
          disabled={disabled}
          onChange={(_event, data) => onChange({ what: data.value })}
        />
      </Field>
    );
  }
  if (kind === "validate") {
    return (
      <Field label="Rule" hint='For example "mentions a refund" or "is a valid EU VAT number".' required>
        <Input
          data-testid="cells-rule"
          value={values.rule}
          disabled={disabled}
          onChange={(_event, data) => onChange({ rule: data.value })}
        />
      </Field>
    );
  }
  return (
    <>
      <div className={styles.labelsRow}>
        <Field
          label="Labels"
          hint={
            values.labelsRange
              ? `From ${values.labelsRange}; formulas will refer to that range.`
              : "Comma separated, e.g. billing, bug, praise."
          }
          required
        >
          <Input
            data-testid="cells-labels"
            value={values.labelsText}
            disabled={disabled}
            onChange={(_event, data) => onChange({ labelsText: data.value, labelsRange: undefined })}
          />
        </Field>
        <Button
          data-testid="cells-pick-labels"
          size="small"
          disabled={disabled || picking}
          onClick={onPickLabels}
        >
          Use selection as labels
        </Button>
      </div>
      <Field
        label="Instructions (optional)"
        hint="Guidance such as “complaints about delivery are logistics”."
      >
        <Textarea
          data-testid="cells-instructions"
          value={values.instructions}
          disabled={disabled}
          resize="vertical"
          onChange={(_event, data) => onChange({ instructions: data.value })}
        />
      </Field>
    </>
  );
}
