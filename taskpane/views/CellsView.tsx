import { useCallback, useEffect, useRef, useState } from "react";
import {
  Button,
  Checkbox,
  Divider,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { ViewProps } from "./view-props";
import { SelectionActions } from "../components/SelectionActions";
import { WritePreview } from "../components/WritePreview";
import { CellsSummary, type CellsTaskKind } from "../components/cells/CellsSummary";
import { RunProgress } from "../components/cells/RunProgress";
import { TaskFields, type TaskFieldValues } from "../components/cells/TaskFields";
import { paneMessage } from "../services/pane-words";
import { formatCount, formatQuantity } from "../components/format";
import type { ConsentRequest, RouteDecision } from "../../src/routing/route-decision";
import { MAX_REVIEW_ITEMS } from "../../src/tasks/cloud-review";
import { ConsentDialog } from "../components/explain/ConsentDialog";
import { decideConsent } from "../services/explain";
import { parseLabels } from "../../src/tasks/classify";
import { dataAddress, targetColumnIndex, type ResultsMode } from "../../src/tasks/selection-results";
import {
  summariseSelection,
  type SelectionProgress,
  type SelectionSummary,
  type SelectionTaskSpec,
} from "../../src/tasks/selection-run";
import type { ItemOutcome } from "../../src/tasks/selection-run";
import {
  labelsFromSelection,
  planResults,
  reviewInCloud,
  readCellsSelection,
  runOnCells,
  selectSheetRows,
  writeResults,
  type SelectionSnapshot,
  type WritePlan,
} from "../services/cells";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  selectionRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  selectionText: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const TASKS: { id: CellsTaskKind; label: string; verb: string; running: string }[] = [
  { id: "classify", label: "Classify", verb: "Classify", running: "Classifying" },
  { id: "extract", label: "Extract", verb: "Extract from", running: "Extracting" },
  { id: "validate", label: "Validate", verb: "Validate", running: "Validating" },
];

/** A run that finished or was cancelled, with what it ran on so its results land on the right rows. */
interface CompletedRun {
  spec: SelectionTaskSpec;
  labelsRange?: string;
  selection: SelectionSnapshot;
  skipHeader: boolean;
  outcomes: ItemOutcome[];
  summary: SelectionSummary;
  total: number;
  cancelled: boolean;
}

function verbOf(kind: CellsTaskKind): string {
  return TASKS.find((entry) => entry.id === kind)!.verb;
}

interface Notice {
  intent: "success" | "error" | "info" | "warning";
  text: string;
}

function buildSpec(kind: CellsTaskKind, fields: TaskFieldValues): SelectionTaskSpec {
  if (kind === "extract") return { kind, what: fields.what };
  if (kind === "validate") return { kind, rule: fields.rule };
  return { kind, labels: parseLabels(fields.labelsText), instructions: fields.instructions };
}

/**
 * Classify, extract or validate the selected column: labels typed or picked, results column
 * (default: the first empty column right of the data), progress with Cancel, a summary with a
 * chart, the REVIEW rows selectable, and values or =SLM.* formulas written after a preview.
 */
export function CellsView({ settings, status, reportRunning }: ViewProps) {
  const styles = useStyles();
  const [kind, setKind] = useState<CellsTaskKind>("classify");
  const [fields, setFields] = useState<TaskFieldValues>({
    labelsText: "",
    instructions: "",
    what: "",
    rule: "",
  });
  const [selection, setSelection] = useState<SelectionSnapshot | null>(null);
  const [selectionError, setSelectionError] = useState<string | null>(null);
  const [skipHeader, setSkipHeader] = useState(false);
  const [target, setTarget] = useState("");
  const targetEdited = useRef(false);
  const [mode, setMode] = useState<ResultsMode>("values");
  const [progress, setProgress] = useState<SelectionProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const [run, setRun] = useState<CompletedRun | null>(null);
  const [plan, setPlan] = useState<WritePlan | null>(null);
  const [busy, setBusy] = useState<
    "selection" | "labels" | "plan" | "write" | "review" | "cloud-review" | null
  >(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [reviewConsent, setReviewConsent] = useState<ConsentRequest | null>(null);
  const task = TASKS.find((entry) => entry.id === kind)!;
  const running = progress !== null;

  const lastAddress = useRef<string | null>(null);
  const adoptSelection = useCallback((next: SelectionSnapshot) => {
    setSelection(next);
    setSelectionError(null);
    // The header guess applies to a new selection; a re-read of the same one keeps the user's choice.
    if (next.address !== lastAddress.current) setSkipHeader(next.firstRowLooksLikeHeader);
    lastAddress.current = next.address;
    if (!targetEdited.current) setTarget(next.defaultTargetColumn);
  }, []);

  const refreshSelection = useCallback(
    async (address?: string): Promise<SelectionSnapshot | null> => {
      setBusy("selection");
      try {
        const next = await readCellsSelection(address);
        adoptSelection(next);
        return next;
      } catch (error) {
        setSelection(null);
        setSelectionError(paneMessage(error));
        return null;
      } finally {
        setBusy(null);
      }
    },
    [adoptSelection],
  );

  useEffect(() => {
    let live = true;
    readCellsSelection().then(
      (next) => live && adoptSelection(next),
      (error: unknown) => live && setSelectionError(paneMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [adoptSelection]);

  // The view stays mounted across tab switches, so a run keeps going; its tab shows a badge meanwhile.
  // Closing the pane stops it.
  useEffect(() => reportRunning(running), [running, reportRunning]);
  useEffect(() => () => controller.current?.abort(), []);

  const pickLabels = async () => {
    setBusy("labels");
    setNotice(null);
    try {
      const picked = await labelsFromSelection();
      setFields((current) => ({
        ...current,
        labelsText: picked.labels.join(", "),
        labelsRange: picked.address,
      }));
    } catch (error) {
      setNotice({
        intent: "error",
        text: `Could not use the selection as labels: ${paneMessage(error)} Select the cells holding your labels (one per cell) and try again.`,
      });
    } finally {
      setBusy(null);
    }
  };

  const prepareWrite = async (completed: CompletedRun, targetColumn: string) => {
    setBusy("plan");
    try {
      setPlan(
        await planResults({
          selection: completed.selection,
          skipHeader: completed.skipHeader,
          outcomes: completed.outcomes,
          targetColumn,
          mode,
          spec: completed.spec,
          labels: { rangeAddress: completed.labelsRange },
        }),
      );
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const start = async () => {
    setNotice(null);
    setPlan(null);
    setRun(null);
    let spec: SelectionTaskSpec;
    try {
      spec = buildSpec(kind, fields);
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
      return;
    }
    // The cells shown, read again now: the selection itself may have moved to the labels meanwhile.
    const current = await refreshSelection(selection?.address);
    if (!current) return;
    const header = current.address === selection?.address ? skipHeader : current.firstRowLooksLikeHeader;
    const targetColumn = targetEdited.current ? target : current.defaultTargetColumn;
    try {
      targetColumnIndex(targetColumn, current.column);
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
      return;
    }
    const values = header ? current.values.slice(1) : current.values;
    const abort = new AbortController();
    controller.current = abort;
    setCancelling(false);
    setProgress({ done: 0, total: 0, errors: 0 });
    try {
      const result = await runOnCells(spec, values, { signal: abort.signal, onProgress: setProgress });
      const completed: CompletedRun = {
        spec,
        labelsRange: kind === "classify" ? fields.labelsRange : undefined,
        selection: current,
        skipHeader: header,
        outcomes: result.outcomes,
        summary: summariseSelection(result.outcomes),
        total: result.progress.total,
        cancelled: result.cancelled,
      };
      setRun(completed);
      if (!completed.cancelled && completed.total > 0) await prepareWrite(completed, targetColumn);
      if (completed.total === 0) {
        setNotice({
          intent: "info",
          text: "The selected cells are all blank: there is nothing to send to the model.",
        });
      }
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
    } finally {
      controller.current = null;
      setProgress(null);
      setCancelling(false);
    }
  };

  const cancel = () => {
    setCancelling(true);
    controller.current?.abort();
  };

  const confirmWrite = async (overwriteConfirmed: boolean) => {
    if (!plan || !run) return;
    setBusy("write");
    try {
      const record = await writeResults(
        plan,
        `${verbOf(run.spec.kind)} ${dataAddress(run.selection, run.skipHeader)}`,
        overwriteConfirmed,
      );
      setPlan(null);
      setNotice({
        intent: "success",
        text: `Wrote ${formatQuantity(record.cellCount, "cell")} to ${record.target}. Undo with Restore in Activity.`,
      });
    } catch (error) {
      setPlan(null);
      setNotice({ intent: "error", text: `Nothing was written: ${paneMessage(error)}` });
    } finally {
      setBusy(null);
    }
  };

  /** The REVIEW cells of the last classify run, for the cloud model to label. */
  const cloudReviewRequest = () => {
    if (!run || run.spec.kind !== "classify") return null;
    const data = run.selection.values.slice(run.skipHeader ? 1 : 0);
    const indexes = run.summary.abstained.slice(0, MAX_REVIEW_ITEMS);
    return {
      indexes,
      request: {
        texts: indexes.map((index) => String(data[index] ?? "")),
        labels: run.spec.labels,
        instructions: run.spec.instructions,
        header: run.skipHeader ? String(run.selection.values[0] ?? "") : undefined,
        threshold: settings.confidenceThreshold,
      },
    };
  };

  const cloudReview = async (decision?: RouteDecision) => {
    const prepared = cloudReviewRequest();
    if (!prepared || !run) return;
    setBusy("cloud-review");
    try {
      const result = await reviewInCloud(prepared.request, decision);
      if (result.status === "needs-consent") {
        setReviewConsent(result.consent);
        return;
      }
      if (result.status === "local") {
        setNotice({ intent: "info", text: `Not sent to the cloud: ${result.reasons.join(" ")}` });
        return;
      }
      const outcomes = [...run.outcomes];
      prepared.indexes.forEach((index, i) => {
        outcomes[index] = { kind: "result", value: result.labels[i]!, abstained: false };
      });
      setRun({ ...run, outcomes, summary: summariseSelection(outcomes) });
      setNotice({
        intent: "success",
        text: `${prepared.indexes.length} cells labelled by the cloud model ${result.model}. Nothing is written until you write the results.`,
      });
    } catch (error) {
      setNotice({ intent: "error", text: `The cloud review failed: ${paneMessage(error)}` });
    } finally {
      setBusy(null);
    }
  };

  const decideReview = async (approved: boolean) => {
    const consent = reviewConsent;
    setReviewConsent(null);
    if (!consent) return;
    try {
      const decision = await decideConsent(consent.ticket, approved);
      if (approved) await cloudReview(decision);
      else setNotice({ intent: "info", text: "Kept on this machine: the REVIEW cells stay as they are." });
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
    }
  };

  const selectReview = async () => {
    if (!run) return;
    setBusy("review");
    try {
      const dataStart = run.selection.firstRow + (run.skipHeader ? 1 : 0);
      let toColumn = run.selection.column;
      try {
        toColumn = targetColumnIndex(target, run.selection.column);
      } catch {
        // No valid results column: select the input cells only.
      }
      const address = await selectSheetRows(
        run.selection.sheet,
        run.summary.abstained.map((index) => dataStart + index),
        run.selection.column,
        toColumn,
      );
      setNotice({ intent: "info", text: `Selected ${address}.` });
    } catch (error) {
      setNotice({ intent: "error", text: `Could not select the rows: ${paneMessage(error)}` });
    } finally {
      setBusy(null);
    }
  };

  const disconnected = status !== null && !status.reachable;
  // Results belong to the task that made them: after a mode switch they are not offered (and come
  // back when the user switches back), so a write never puts one task's results under another's name.
  const shownRun = run && run.spec.kind === kind ? run : null;
  const shownPlan = shownRun ? plan : null;
  const cellCount = selection ? selection.values.length - (skipHeader ? 1 : 0) : 0;

  return (
    <div className={styles.root} data-testid="cells-view">
      <RadioGroup
        layout="horizontal"
        aria-label="Task"
        value={kind}
        disabled={running}
        onChange={(_event, data) => setKind(data.value as CellsTaskKind)}
      >
        {TASKS.map((entry) => (
          <Radio key={entry.id} value={entry.id} label={entry.label} data-testid={`cells-task-${entry.id}`} />
        ))}
      </RadioGroup>

      <div className={styles.selectionRow}>
        <Text className={styles.selectionText} data-testid="cells-selection">
          {selection
            ? `Selection: ${selection.address} (${formatQuantity(cellCount, "cell")}${skipHeader ? ", header row left out" : ""})`
            : busy === "selection"
              ? "Reading the selection…"
              : selectionError
                ? "Select the column of text to work on, then press Use current selection."
                : "No selection read yet."}
        </Text>
        <Button
          size="small"
          data-testid="cells-read-selection"
          disabled={running || busy === "selection"}
          onClick={() => void refreshSelection()}
        >
          Use current selection
        </Button>
      </div>
      {selectionError && (
        <MessageBar intent="warning" layout="multiline" data-testid="cells-selection-error">
          <MessageBarBody>{selectionError}</MessageBarBody>
        </MessageBar>
      )}
      {selection && selection.values.length > 1 && (
        <Checkbox
          data-testid="cells-skip-header"
          checked={skipHeader}
          disabled={running}
          label={`First row is a header ("${String(selection.values[0] ?? "")}")`}
          onChange={(_event, data) => setSkipHeader(data.checked === true)}
        />
      )}

      <TaskFields
        kind={kind}
        values={fields}
        onChange={(patch) => setFields((current) => ({ ...current, ...patch }))}
        onPickLabels={() => void pickLabels()}
        picking={busy === "labels"}
        disabled={running}
      />

      <Field label="Results column" hint="Default: the first empty column right of the data." required>
        <Input
          data-testid="cells-target"
          value={target}
          disabled={running}
          onChange={(_event, data) => {
            targetEdited.current = true;
            setTarget(data.value.toUpperCase());
          }}
        />
      </Field>
      <Field label="Write as">
        <RadioGroup
          layout="horizontal"
          value={mode}
          disabled={running}
          onChange={(_event, data) => setMode(data.value as ResultsMode)}
        >
          <Radio value="values" label="Values" data-testid="cells-mode-values" />
          <Radio value="formulas" label="=SLM formulas" data-testid="cells-mode-formulas" />
        </RadioGroup>
      </Field>

      {disconnected && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>Ollama is not connected, so nothing can run. See the help above.</MessageBarBody>
        </MessageBar>
      )}

      {progress ? (
        <RunProgress progress={progress} verb={task.running} cancelling={cancelling} onCancel={cancel} />
      ) : (
        <Button
          appearance="primary"
          data-testid="cells-run"
          disabled={!selection || disconnected || busy !== null}
          onClick={() => void start()}
        >
          {task.verb} {formatQuantity(cellCount, "cell")}
        </Button>
      )}

      {notice && (
        <MessageBar intent={notice.intent} layout="multiline" data-testid="cells-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}

      {reviewConsent && (
        <ConsentDialog consent={reviewConsent} busy={busy === "cloud-review"} onDecide={decideReview} />
      )}

      {shownRun && (
        <CellsSummary
          kind={shownRun.spec.kind}
          summary={shownRun.summary}
          total={shownRun.total}
          cancelled={shownRun.cancelled}
          abstainLabel={settings.abstainLabel}
          onSelectReview={() => void selectReview()}
          selectingReview={busy === "review"}
          onCloudReview={shownRun.spec.kind === "classify" ? () => void cloudReview() : undefined}
          cloudReviewing={busy === "cloud-review"}
        />
      )}

      {shownRun && !shownPlan && shownRun.total > shownRun.summary.cancelled && (
        <div className={styles.actions}>
          <Button
            data-testid="cells-write"
            disabled={busy !== null}
            onClick={() => void prepareWrite(shownRun, target)}
          >
            {shownRun.cancelled
              ? `Write the partial results (${formatCount(shownRun.total - shownRun.summary.cancelled)})…`
              : "Write results…"}
          </Button>
        </div>
      )}

      {shownPlan && shownRun && (
        <WritePreview
          plan={shownPlan}
          label={`${verbOf(shownRun.spec.kind)} ${dataAddress(shownRun.selection, shownRun.skipHeader)}`}
          busy={busy === "write"}
          onConfirm={(overwrite) => void confirmWrite(overwrite)}
          onCancel={() => setPlan(null)}
        />
      )}

      <Divider />
      <SelectionActions />
    </div>
  );
}
