import { useState } from "react";
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { WritePlan } from "../services/data-safety";
import { applyPlan, planFreezeSelection, refreshSelectedCells } from "../services/data-safety";
import { WritePreview } from "./WritePreview";

/**
 * "Freeze results" turns the selection's =SLM.* formulas into the values they show (through the
 * preview and the journal, so it can be restored); "Refresh selection" recalculates them with
 * the result cache bypassed.
 */
const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

const FREEZE_LABEL = "Freeze results";

type State =
  | { kind: "idle" }
  | { kind: "working"; what: string }
  | { kind: "preview"; plan: WritePlan; writing: boolean }
  | { kind: "message"; intent: "success" | "error" | "info"; text: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function SelectionActions() {
  const styles = useStyles();
  const [state, setState] = useState<State>({ kind: "idle" });
  const busy = state.kind === "working" || (state.kind === "preview" && state.writing);

  async function freeze() {
    setState({ kind: "working", what: "Reading the selection…" });
    try {
      setState({ kind: "preview", plan: await planFreezeSelection(), writing: false });
    } catch (error) {
      setState({ kind: "message", intent: "error", text: messageOf(error) });
    }
  }

  async function confirmFreeze(plan: WritePlan, overwriteConfirmed: boolean) {
    setState({ kind: "preview", plan, writing: true });
    try {
      const record = await applyPlan(plan, FREEZE_LABEL, overwriteConfirmed);
      setState({
        kind: "message",
        intent: "success",
        text: `Froze ${record.target}: the results are values now. Restore brings the formulas back.`,
      });
    } catch (error) {
      setState({ kind: "message", intent: "error", text: `Nothing was written: ${messageOf(error)}` });
    }
  }

  async function refresh() {
    setState({ kind: "working", what: "Recalculating…" });
    try {
      const { cells, address } = await refreshSelectedCells();
      setState({
        kind: "message",
        intent: "info",
        text: `Recalculating ${cells} =SLM.* ${cells === 1 ? "cell" : "cells"} in ${address} without cached answers.`,
      });
    } catch (error) {
      setState({ kind: "message", intent: "error", text: messageOf(error) });
    }
  }

  return (
    <div className={styles.root} data-testid="selection-actions">
      <Text size={200}>For the =SLM.* cells in the current selection:</Text>
      <div className={styles.buttons}>
        <Button disabled={busy} onClick={freeze} data-testid="freeze-results">
          Freeze results
        </Button>
        <Button disabled={busy} onClick={refresh} data-testid="refresh-selection">
          Refresh selection
        </Button>
      </div>
      {state.kind === "working" && <Spinner size="tiny" label={state.what} />}
      {state.kind === "preview" && (
        <WritePreview
          plan={state.plan}
          label={FREEZE_LABEL}
          busy={state.writing}
          onConfirm={(overwriteConfirmed) => confirmFreeze(state.plan, overwriteConfirmed)}
          onCancel={() => setState({ kind: "idle" })}
        />
      )}
      {state.kind === "message" && (
        <MessageBar intent={state.intent} layout="multiline" data-testid="selection-actions-message">
          <MessageBarBody>{state.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
