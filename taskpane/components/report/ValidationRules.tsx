import { useState } from "react";
import {
  Button,
  Checkbox,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ValidationSuggestion } from "../../../src/analysis/validation-rules";
import { paneMessage } from "../../services/pane-words";
import { applySuggestedRules, removeAppliedRules, suggestRulesForTarget } from "../../services/report";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, margin: 0, padding: 0 },
  item: { listStyleType: "none" },
  reason: { color: tokens.colorNeutralForeground3, marginLeft: tokens.spacingHorizontalXXL },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const TYPE_WORDS: Record<ValidationSuggestion["type"], string> = {
  list: "a drop-down list",
  wholeNumber: "whole numbers in a range",
  decimal: "numbers in a range",
  date: "dates in a window",
  textLength: "a text length",
};

type State =
  | { step: "idle" }
  | { step: "loading" }
  | { step: "ready"; suggestions: ValidationSuggestion[]; chosen: Set<string> }
  | { step: "confirm-replace"; suggestions: ValidationSuggestion[]; chosen: Set<string>; existing: string[] }
  | { step: "applied"; addresses: string[] }
  | { step: "error"; message: string };

/**
 * Data-validation rules the data suggests (computed by code from the column profiles), put on the
 * chosen columns with a "Warning" alert. Rules replace a column's existing rule only after the
 * user confirms; applied rules can be removed again.
 */
export function ValidationRules({ address }: { address: string }) {
  const styles = useStyles();
  const [state, setState] = useState<State>({ step: "idle" });
  const [busy, setBusy] = useState(false);

  const suggest = async () => {
    setState({ step: "loading" });
    try {
      const suggestions = await suggestRulesForTarget(address);
      setState({ step: "ready", suggestions, chosen: new Set(suggestions.map((s) => s.address)) });
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    }
  };

  const apply = async (replaceExisting: boolean) => {
    if (state.step !== "ready" && state.step !== "confirm-replace") return;
    const picked = state.suggestions.filter((suggestion) => state.chosen.has(suggestion.address));
    setBusy(true);
    try {
      const outcome = await applySuggestedRules(picked, replaceExisting);
      if ("existing" in outcome) setState({ ...state, step: "confirm-replace", existing: outcome.existing });
      else setState({ step: "applied", addresses: outcome.applied });
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (addresses: string[]) => {
    setBusy(true);
    try {
      await removeAppliedRules(addresses);
      setState({ step: "idle" });
    } catch (error) {
      setState({ step: "error", message: paneMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.root} aria-label="Data-validation rules" data-testid="validation-rules">
      <Text weight="semibold">Data-validation rules</Text>
      {state.step === "idle" && (
        <>
          <Text size={200}>Rules Excel enforces as people type, suggested from the data in {address}.</Text>
          <div>
            <Button size="small" onClick={() => void suggest()} data-testid="validation-suggest">
              Suggest rules
            </Button>
          </div>
        </>
      )}
      {state.step === "loading" && <Spinner size="tiny" label="Reading the columns…" />}
      {(state.step === "ready" || state.step === "confirm-replace") && state.suggestions.length === 0 && (
        <Text>No column shows a clear rule (categories, number ranges, dates or text lengths).</Text>
      )}
      {(state.step === "ready" || state.step === "confirm-replace") && state.suggestions.length > 0 && (
        <>
          <ul className={styles.list}>
            {state.suggestions.map((suggestion) => (
              <li key={suggestion.address} className={styles.item} data-testid="validation-suggestion">
                <Checkbox
                  label={`${suggestion.header} (${suggestion.address}): ${TYPE_WORDS[suggestion.type]}`}
                  checked={state.chosen.has(suggestion.address)}
                  disabled={busy}
                  onChange={(_event, data) => {
                    const chosen = new Set(state.chosen);
                    if (data.checked) chosen.add(suggestion.address);
                    else chosen.delete(suggestion.address);
                    setState({ ...state, step: "ready", chosen });
                  }}
                />
                <Text as="p" size={200} className={styles.reason}>
                  {suggestion.reason}
                </Text>
              </li>
            ))}
          </ul>
          {state.step === "confirm-replace" ? (
            <MessageBar intent="warning" layout="multiline" data-testid="validation-replace">
              <MessageBarBody>
                <MessageBarTitle>
                  {state.existing.length} {state.existing.length === 1 ? "column has" : "columns have"} a rule
                  already
                </MessageBarTitle>
                {state.existing.join(", ")}: applying replaces the existing rule. Values are not changed.
              </MessageBarBody>
              <MessageBarActions>
                <Button disabled={busy} onClick={() => void apply(true)}>
                  Replace
                </Button>
                <Button disabled={busy} onClick={() => setState({ ...state, step: "ready" })}>
                  Cancel
                </Button>
              </MessageBarActions>
            </MessageBar>
          ) : (
            <div className={styles.row}>
              <Button
                appearance="primary"
                size="small"
                disabled={busy || state.chosen.size === 0}
                onClick={() => void apply(false)}
                data-testid="validation-apply"
              >
                Apply {state.chosen.size} {state.chosen.size === 1 ? "rule" : "rules"}
              </Button>
            </div>
          )}
        </>
      )}
      {state.step === "applied" && (
        <MessageBar intent="success" data-testid="validation-applied">
          <MessageBarBody>
            Rules applied to {state.addresses.join(", ")}. Excel warns when a typed value breaks one; the
            value can still be kept.
          </MessageBarBody>
          <MessageBarActions>
            <Button disabled={busy} onClick={() => void remove(state.addresses)}>
              Remove them
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.step === "error" && (
        <MessageBar intent="error" data-testid="validation-error">
          <MessageBarBody>{state.message}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setState({ step: "idle" })}>Back</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </section>
  );
}
