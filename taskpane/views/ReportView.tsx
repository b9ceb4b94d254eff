import { useCallback, useEffect, useRef, useState } from "react";
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ValidationRules } from "../components/report/ValidationRules";
import type { ViewProps } from "./view-props";
import {
  generateReport,
  goToSheet,
  readReportTarget,
  reportFailure,
  reportModel,
  REPORT_STEPS,
  type GeneratedReport,
  type ReportFailure,
  type ReportStep,
  type ReportTargetSummary,
} from "../services/report";
import { formatQuantity } from "../components/format";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  address: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  muted: { color: tokens.colorNeutralForeground3 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  summary: { userSelect: "text" },
});

type Target =
  | { state: "loading" }
  | { state: "ready"; target: ReportTargetSummary }
  | { state: "error"; message: string };

type Run =
  | { state: "idle" }
  | { state: "running"; step: ReportStep; factsOnly: boolean; model: string }
  | { state: "done"; result: GeneratedReport }
  | { state: "failed"; failure: ReportFailure; factsOnly: boolean };

const STEP_LABELS: Record<ReportStep, string> = {
  find: "Finding the table",
  read: "Reading the cells",
  analyse: "Profiling the columns and checking the data",
  narrate: "Writing the summary",
  write: "Writing the report sheet",
};

function stepLabel(step: ReportStep, factsOnly: boolean, model: string): string {
  if (step !== "narrate") return STEP_LABELS[step];
  return factsOnly ? "Writing the summary from the computed facts" : `${model} is writing the summary`;
}

async function loadTarget(): Promise<Target> {
  try {
    return { state: "ready", target: await readReportTarget() };
  } catch (error) {
    return { state: "error", message: reportFailure(error, false).message };
  }
}

const plural = (count: number, word: string) => formatQuantity(count, word);

/**
 * A data report on a new sheet, the same one the ribbon's "Generate report" button makes: what it
 * will cover, step-by-step progress with Cancel, then which sheet it is on, what code computed and
 * what the model wrote (its numbers are checked against the computed facts).
 */
export function ReportView({ status, refreshConnection }: ViewProps) {
  const styles = useStyles();
  const [target, setTarget] = useState<Target>({ state: "loading" });
  const [run, setRun] = useState<Run>({ state: "idle" });
  const [factsOnly, setFactsOnly] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const modelDown = status?.reachable === false;

  const checkTarget = useCallback(async () => {
    setTarget({ state: "loading" });
    setTarget(await loadTarget());
  }, []);

  useEffect(() => {
    let current = true;
    void loadTarget().then((next) => current && setTarget(next));
    return () => {
      current = false;
    };
  }, []);
  useEffect(() => () => controller.current?.abort(), []);

  async function generate(withoutModel: boolean) {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const model = await reportModel().catch(() => "The model");
    setRun({ state: "running", step: "find", factsOnly: withoutModel, model });
    try {
      const result = await generateReport({
        factsOnly: withoutModel,
        signal: abort.signal,
        onProgress: (step) =>
          setRun((current) => (current.state === "running" ? { ...current, step } : current)),
      });
      if (!abort.signal.aborted) setRun({ state: "done", result });
    } catch (error) {
      setRun({
        state: "failed",
        failure: reportFailure(error, abort.signal.aborted),
        factsOnly: withoutModel,
      });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
    // The target is not read again here: the report sheet is now active, and would be the selection.
  }

  const ready = target.state === "ready" ? target.target : null;
  const empty = ready !== null && ready.dataRows === 0;
  const running = run.state === "running";

  return (
    <div className={styles.root} data-testid="report-view">
      <Text>
        A report sheet on the selected table: column profiles, data issues and charts computed by code, with a
        summary the local model writes from those facts.
      </Text>

      <Card data-testid="report-target" aria-label="What will be reported">
        <CardHeader header={<Text weight="semibold">What will be reported</Text>} />
        {target.state === "loading" && <Spinner size="tiny" label="Reading the selection…" />}
        {target.state === "error" && (
          <Text role="alert" data-testid="report-target-error">
            Could not read the selection: {target.message}
          </Text>
        )}
        {ready && !empty && (
          <div className={styles.section}>
            <Text weight="semibold" data-testid="report-target-name">
              {ready.name}
            </Text>
            <Text className={styles.address} data-testid="report-target-address">
              {ready.address}
            </Text>
            <Text className={styles.muted}>
              {plural(ready.dataRows, "row")} under a header row, {plural(ready.columns, "column")}
            </Text>
          </div>
        )}
        {empty && (
          <Text data-testid="report-target-empty">
            Nothing to report on here: {ready.address} has no table. Select a cell inside a table with a
            header row and data, then choose “Check selection”.
          </Text>
        )}
        <div className={styles.row}>
          <Button
            size="small"
            onClick={() => void checkTarget()}
            disabled={running}
            data-testid="report-recheck"
          >
            Check selection
          </Button>
        </div>
      </Card>

      {modelDown && !factsOnly && (
        <MessageBar intent="warning" data-testid="report-model-down">
          <MessageBarBody>
            <MessageBarTitle>Ollama is not reachable</MessageBarTitle>
            The model cannot write the summary. Start Ollama and check again, or make the report with a
            summary written by code from the computed facts.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={refreshConnection}>
              Check again
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <Checkbox
        checked={factsOnly}
        onChange={(_event, data) => setFactsOnly(data.checked === true)}
        disabled={running}
        label="Summary from the computed facts only (no model)"
        data-testid="report-facts-only"
      />

      <div className={styles.row}>
        <Button
          appearance="primary"
          disabled={running || !ready || empty}
          onClick={() => void generate(factsOnly)}
          data-testid="report-generate"
        >
          Generate report
        </Button>
        {running && (
          <Button onClick={() => controller.current?.abort()} data-testid="report-cancel">
            Cancel
          </Button>
        )}
      </div>

      {ready && !empty && !running && <ValidationRules key={ready.address} address={ready.address} />}

      {run.state === "running" && <ReportProgress run={run} />}
      {run.state === "done" && <ReportResult result={run.result} />}
      {run.state === "failed" && (
        <ReportError
          failure={run.failure}
          factsOnly={run.factsOnly}
          onFactsOnly={() => void generate(true)}
          onRecheck={() => void checkTarget()}
        />
      )}
    </div>
  );
}

function ReportProgress({ run }: { run: Extract<Run, { state: "running" }> }) {
  const index = REPORT_STEPS.indexOf(run.step);
  const label = `Step ${index + 1} of ${REPORT_STEPS.length}: ${stepLabel(run.step, run.factsOnly, run.model)}…`;
  return (
    <Field label={label} data-testid="report-progress" validationState="none">
      <ProgressBar
        value={index}
        max={REPORT_STEPS.length}
        thickness="large"
        aria-label={label}
        aria-valuetext={label}
      />
    </Field>
  );
}

function ReportResult({ result }: { result: GeneratedReport }) {
  const styles = useStyles();
  const { report } = result;
  const narrative = report.narrative;
  const [goError, setGoError] = useState<string | null>(null);
  const severities = Object.entries(report.counts.bySeverity)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(", ");
  return (
    <Card data-testid="report-result" aria-label="Report made">
      <CardHeader
        header={
          <Text weight="semibold">
            Report made on sheet <span data-testid="report-result-sheet">{result.sheet}</span>
          </Text>
        }
        action={
          <Button
            appearance="primary"
            size="small"
            onClick={() =>
              goToSheet(result.sheet).then(
                () => setGoError(null),
                (e: Error) => setGoError(e.message),
              )
            }
            data-testid="report-go-to-sheet"
          >
            Go to sheet
          </Button>
        }
      />
      {goError && (
        <Text role="alert">Could not show the sheet: {goError}. It may have been renamed or deleted.</Text>
      )}

      <div className={styles.section} data-testid="report-computed">
        <div className={styles.row}>
          <Badge appearance="tint" color="informative">
            Computed by code
          </Badge>
        </div>
        <ul className={styles.list}>
          <li>
            {plural(report.rows, "row")} × {plural(report.columns, "column")} from {report.source}
          </li>
          <li>
            {plural(report.counts.total, "data issue")}
            {severities ? ` (${severities})` : ""}
          </li>
          <li>
            {plural(result.charts, "chart")}, {plural(report.facts.length, "fact")} for the summary
          </li>
        </ul>
      </div>

      <div className={styles.section} data-testid="report-narrative">
        <div className={styles.row}>
          {narrative.source === "model" ? (
            <Badge appearance="tint" color="brand" data-testid="report-narrative-source">
              Written by {narrative.model ?? "the model"}
            </Badge>
          ) : (
            <Badge appearance="tint" color="warning" data-testid="report-narrative-source">
              Written by code from the facts
            </Badge>
          )}
        </div>
        <Text className={styles.summary}>{narrative.summary}</Text>
        <Text size={200} className={styles.muted}>
          {narrative.source === "model"
            ? `Every number in it matches a computed fact (${plural(narrative.attempts, "attempt")}).`
            : narrative.note}
        </Text>
      </div>
    </Card>
  );
}

function ReportError(props: {
  failure: ReportFailure;
  factsOnly: boolean;
  onFactsOnly: () => void;
  onRecheck: () => void;
}) {
  const { failure } = props;
  const onSheet = failure.sheet
    ? ` The sheet “${failure.sheet}” says so too; delete it if you don't need it.`
    : "";
  if (failure.kind === "cancelled") {
    return (
      <MessageBar intent="info" data-testid="report-error">
        <MessageBarBody>
          <MessageBarTitle>Cancelled</MessageBarTitle>
          No report was made. {onSheet}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const title =
    failure.kind === "model"
      ? "The model could not write the summary"
      : failure.kind === "nothing-to-report"
        ? "Nothing to report on"
        : "The report could not be made";
  const advice =
    failure.kind === "model"
      ? "The profiles, issues and charts do not need the model: make the report with a summary written from the facts."
      : failure.kind === "nothing-to-report"
        ? "Select a cell in a table with a header row and data rows, then check the selection."
        : "";
  return (
    <MessageBar intent="error" layout="multiline" data-testid="report-error">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <div data-testid="report-error-message">{failure.message}</div>
        {advice && <div>{advice}</div>}
        {onSheet && <div>{onSheet}</div>}
      </MessageBarBody>
      <MessageBarActions>
        {failure.kind === "model" && !props.factsOnly && (
          <Button size="small" onClick={props.onFactsOnly} data-testid="report-retry-facts-only">
            Make it from the facts only
          </Button>
        )}
        {failure.kind === "nothing-to-report" && (
          <Button size="small" onClick={props.onRecheck}>
            Check selection
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
