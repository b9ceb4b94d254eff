import { useRef, useState } from "react";
import { ConsentDialog } from "../components/explain/ConsentDialog";
import type { ExcelCheck } from "../services/formula";
import {
  Badge,
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import type { WritePlan } from "../services/data-safety";
import { isLlmError } from "../../src/llm/errors";
import { modelFor } from "../../src/settings/settings";
import type { ViewProps } from "./view-props";
import { RecentWrites } from "../components/RecentWrites";
import { SelectionActions } from "../components/SelectionActions";
import { WritePreview } from "../components/WritePreview";
import { applyPlan } from "../services/data-safety";
import { paneWords } from "../services/pane-words";
import {
  formatPreview,
  isNoActiveCell,
  planFillDown,
  planInsert,
  writeFormula,
  decideFormulaEscalation,
  checkInExcel,
  type FormulaAnswer,
} from "../services/formula";

/**
 * Write formula: a request becomes a formula for the active cell that was run on the sheet's
 * values before it is offered. Writing goes plan → preview → apply; an unverified formula needs
 * a second, explicit confirmation before even the preview.
 */
const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  answer: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  formula: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    userSelect: "text",
  },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  facts: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalS,
    margin: 0,
  },
  fact: { margin: 0, overflowWrap: "anywhere" },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

type WriteKind = "insert" | "fill";
type Stage =
  | { kind: "idle" }
  /** The user asked to write an unverified formula: the second confirmation is showing. */
  | { kind: "confirm-unverified"; write: WriteKind }
  | { kind: "planning"; write: WriteKind }
  /** Excel computed an error for the formula in a scratch cell: writing it needs another yes. */
  | { kind: "excel-error"; write: WriteKind; value: string }
  | { kind: "preview"; write: WriteKind; plan: WritePlan; writing: boolean; excel: ExcelCheck | null }
  | { kind: "written"; target: string }
  | { kind: "write-error"; message: string };

interface Problem {
  title: string;
  message: string;
  action?: "settings" | "retry";
}

function problemOf(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  if (isLlmError(error, "unreachable")) return { title: "Cannot reach Ollama", message, action: "retry" };
  if (isLlmError(error, "model-not-found"))
    return { title: "Model not installed", message, action: "settings" };
  if (isNoActiveCell(error)) return { title: "No active cell", message };
  return { title: "No formula", message };
}

const LABELS: Record<WriteKind, string> = { insert: "Insert formula", fill: "Fill down formula" };

export function FormulaView({ settings, goTo, refreshConnection }: ViewProps) {
  const styles = useStyles();
  const [request, setRequest] = useState("");
  const [generating, setGenerating] = useState(false);
  const [answer, setAnswer] = useState<FormulaAnswer | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const [reviewingConsent, setReviewingConsent] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const formulaText = useRef<HTMLPreElement | null>(null);
  const model = modelFor(settings, "formula");

  async function generate() {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setGenerating(true);
    setProblem(null);
    setAnswer(null);
    setStage({ kind: "idle" });
    setCopied(null);
    try {
      const next = await writeFormula(request, abort.signal);
      if (!abort.signal.aborted) setAnswer(next);
    } catch (error) {
      if (abort.signal.aborted || isLlmError(error, "cancelled")) {
        setProblem({ title: "Cancelled", message: "No formula was written. Ask again when ready." });
      } else {
        setProblem(problemOf(error));
      }
    } finally {
      if (controller.current === abort) controller.current = null;
      setGenerating(false);
    }
  }

  async function decideEscalation(approved: boolean) {
    if (!answer) return;
    setEscalating(true);
    try {
      setAnswer(await decideFormulaEscalation(answer, approved));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setEscalating(false);
      setReviewingConsent(false);
    }
  }

  async function startWrite(write: WriteKind, unverifiedConfirmed: boolean, excelErrorConfirmed = false) {
    if (!answer) return;
    if (!answer.result.verified && !unverifiedConfirmed) {
      setStage({ kind: "confirm-unverified", write });
      return;
    }
    setStage({ kind: "planning", write });
    try {
      // Excel itself computes the formula once, in a hidden scratch cell, before anything is written.
      const excel = excelErrorConfirmed ? null : await checkInExcel(answer);
      if (excel?.status === "error") {
        setStage({ kind: "excel-error", write, value: excel.value });
        return;
      }
      const plan = write === "insert" ? await planInsert(answer) : await planFillDown(answer);
      setStage({ kind: "preview", write, plan, writing: false, excel });
    } catch (error) {
      setStage({ kind: "write-error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function confirmWrite(write: WriteKind, plan: WritePlan, overwriteConfirmed: boolean) {
    setStage({
      kind: "preview",
      write,
      plan,
      writing: true,
      excel: stage.kind === "preview" ? stage.excel : null,
    });
    try {
      const record = await applyPlan(plan, LABELS[write], overwriteConfirmed);
      setStage({ kind: "written", target: record.target });
    } catch (error) {
      setStage({ kind: "write-error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function copy() {
    if (!answer?.result.formula) return;
    try {
      await navigator.clipboard.writeText(answer.result.formula);
      setCopied("copied");
      setTimeout(() => setCopied(null), 2500);
    } catch {
      // Clipboard access can be denied inside Office: select the text so Ctrl+C works.
      const node = formulaText.current;
      if (node) window.getSelection()?.selectAllChildren(node);
      setCopied("failed");
    }
  }

  const result = answer?.result;
  const writable = Boolean(result?.formula) && result?.status !== "no-verified-formula";
  const busyWriting = stage.kind === "planning" || (stage.kind === "preview" && stage.writing) || generating;

  return (
    <div className={styles.root}>
      <Field
        label="What should the formula compute?"
        hint={`It goes into the active cell and is checked on your data first. Model: ${model}.`}
      >
        <Textarea
          value={request}
          onChange={(_event, data) => setRequest(data.value)}
          placeholder="e.g. total Revenue for West in 2024"
          resize="vertical"
          data-testid="formula-request"
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && request.trim()) void generate();
          }}
        />
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          disabled={generating || !request.trim()}
          onClick={generate}
          data-testid="formula-generate"
        >
          Write formula
        </Button>
        {generating && (
          <>
            <Spinner size="tiny" label="Writing and checking a formula…" data-testid="formula-generating" />
            <Button onClick={() => controller.current?.abort()} data-testid="formula-cancel">
              Cancel
            </Button>
          </>
        )}
      </div>

      {problem && (
        <MessageBar
          intent={problem.title === "Cancelled" ? "info" : "error"}
          layout="multiline"
          data-testid="formula-error"
        >
          <MessageBarBody>
            <MessageBarTitle>{problem.title}</MessageBarTitle>
            {problem.message}
          </MessageBarBody>
          {problem.action && (
            <MessageBarActions>
              {problem.action === "settings" ? (
                <Button onClick={() => goTo("settings")}>Open Settings</Button>
              ) : (
                <Button onClick={refreshConnection}>Retry connection</Button>
              )}
            </MessageBarActions>
          )}
        </MessageBar>
      )}

      {answer && result && (
        <section className={styles.answer} aria-label="Formula" data-testid="formula-answer">
          <div className={styles.row}>
            {result.status === "verified" && (
              <Badge color="success" appearance="filled" data-testid="formula-badge">
                Verified
              </Badge>
            )}
            {result.status === "not-verified" && (
              <Badge color="warning" appearance="filled" data-testid="formula-badge">
                Not verified
              </Badge>
            )}
            {result.status === "no-verified-formula" && (
              <Badge color="danger" appearance="filled" data-testid="formula-badge">
                No verified formula
              </Badge>
            )}
            <Text size={200} data-testid="formula-model">
              {answer.source === "cloud" ? "Cloud: " : ""}
              {result.model} · {result.attempts.length}{" "}
              {result.attempts.length === 1 ? "attempt" : "attempts"}
            </Text>
          </div>
          {result.formula && result.status !== "no-verified-formula" ? (
            <pre className={styles.formula} ref={formulaText} data-testid="formula-text">
              {result.formula}
            </pre>
          ) : (
            // A rejected candidate is not offered as a formula: no formula style, no Copy.
            <Text data-testid="formula-none">
              No safe formula was found for this request.
              {result.formula ? ` The last attempt (${result.formula}) was rejected.` : ""}
            </Text>
          )}
          <dl className={styles.facts}>
            {result.explanation && (
              <>
                <dt className={styles.term}>What it does</dt>
                <dd className={styles.fact} data-testid="formula-plan">
                  {paneWords(result.explanation)}
                </dd>
              </>
            )}
            <dt className={styles.term}>For cell</dt>
            <dd className={styles.fact}>{answer.active.address}</dd>
            {result.status === "verified" && (
              <>
                <dt className={styles.term}>Value on the sheet</dt>
                <dd className={styles.fact} data-testid="formula-value">
                  {formatPreview(result.preview)}
                </dd>
              </>
            )}
            {result.reason && (
              <>
                <dt className={styles.term}>
                  {result.status === "not-verified" ? "Why not verified" : "Why"}
                </dt>
                <dd className={styles.fact} data-testid="formula-reason">
                  {paneWords(result.reason)}
                </dd>
              </>
            )}
          </dl>
          {answer.escalation && (
            <MessageBar
              intent={answer.escalation.route === "needs-consent" ? "warning" : "info"}
              layout="multiline"
              data-testid="formula-escalation"
            >
              <MessageBarBody>
                <MessageBarTitle>
                  {answer.source === "cloud"
                    ? "Answered by the cloud model"
                    : answer.escalation.route === "needs-consent"
                      ? "The cloud model could try"
                      : "Stayed on this machine"}
                </MessageBarTitle>
                {paneWords(answer.escalation.reasons.join(" "))}
              </MessageBarBody>
              {answer.escalation.route === "needs-consent" && answer.source === "local" && (
                <MessageBarActions>
                  <Button onClick={() => setReviewingConsent(true)} disabled={escalating}>
                    Review and send
                  </Button>
                </MessageBarActions>
              )}
            </MessageBar>
          )}
          {reviewingConsent && answer.escalation?.consent && (
            <ConsentDialog
              consent={answer.escalation.consent}
              busy={escalating}
              onDecide={decideEscalation}
            />
          )}
          <div className={styles.row}>
            <Button
              appearance="primary"
              disabled={!writable || busyWriting}
              onClick={() => startWrite("insert", false)}
              data-testid="formula-insert"
            >
              Insert into {answer.active.cell}
            </Button>
            <Button
              disabled={!writable || busyWriting}
              onClick={() => startWrite("fill", false)}
              data-testid="formula-fill-down"
            >
              Fill down
            </Button>
            <Button disabled={!writable} onClick={copy} data-testid="formula-copy">
              {copied === "copied" ? "Copied" : "Copy"}
            </Button>
          </div>
          {copied === "failed" && (
            <Text size={200} role="status">
              The clipboard is not available here; the formula is selected, press Ctrl+C to copy it.
            </Text>
          )}
          {copied === "copied" && (
            <Text size={200} role="status" data-testid="formula-copied">
              Copied to the clipboard.
            </Text>
          )}

          {stage.kind === "confirm-unverified" && (
            <MessageBar intent="warning" layout="multiline" data-testid="formula-unverified-confirm">
              <MessageBarBody>
                <MessageBarTitle>This formula was not verified.</MessageBarTitle>
                {result.reason
                  ? `The check on your data could not vouch for it: ${result.reason}. `
                  : "The check on your data could not vouch for it. "}
                It may give a wrong result or an error in Excel; check the value after inserting it.
              </MessageBarBody>
              <MessageBarActions>
                <Button
                  appearance="primary"
                  onClick={() => startWrite(stage.write, true)}
                  data-testid="formula-unverified-accept"
                >
                  {stage.write === "insert" ? "Insert anyway" : "Fill down anyway"}
                </Button>
                <Button onClick={() => setStage({ kind: "idle" })}>Cancel</Button>
              </MessageBarActions>
            </MessageBar>
          )}
          {stage.kind === "planning" && <Spinner size="tiny" label="Reading the target cells…" />}
          {stage.kind === "excel-error" && (
            <MessageBar intent="error" layout="multiline" data-testid="formula-excel-error">
              <MessageBarBody>
                <MessageBarTitle>Excel computes {stage.value} for this formula.</MessageBarTitle>
                It was tried in a hidden scratch cell, which is gone again; nothing was written.
              </MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => startWrite(stage.write, true, true)}>Insert anyway</Button>
                <Button onClick={() => setStage({ kind: "idle" })}>Cancel</Button>
              </MessageBarActions>
            </MessageBar>
          )}
          {stage.kind === "preview" && stage.excel && (
            <Text size={200} data-testid="formula-excel-check">
              {stage.excel.status === "ok"
                ? `Checked in Excel (a hidden scratch cell): it gives ${formatPreview(stage.excel.value)}.`
                : stage.excel.status === "skipped"
                  ? stage.excel.reason
                  : ""}
            </Text>
          )}
          {stage.kind === "preview" && (
            <WritePreview
              plan={stage.plan}
              label={LABELS[stage.write]}
              busy={stage.writing}
              onConfirm={(overwriteConfirmed) => confirmWrite(stage.write, stage.plan, overwriteConfirmed)}
              onCancel={() => setStage({ kind: "idle" })}
            />
          )}
          {stage.kind === "written" && (
            <MessageBar intent="success" data-testid="formula-written">
              <MessageBarBody>
                Written to {stage.target}. Restore it from Recent changes below.
              </MessageBarBody>
            </MessageBar>
          )}
          {stage.kind === "write-error" && (
            <MessageBar intent="error" layout="multiline" data-testid="formula-write-error">
              <MessageBarBody>
                <MessageBarTitle>Nothing was written</MessageBarTitle>
                {stage.message}
              </MessageBarBody>
            </MessageBar>
          )}
        </section>
      )}

      <section aria-labelledby="recent-changes-heading">
        <h2 id="recent-changes-heading" className={styles.heading}>
          Recent changes
        </h2>
        <RecentWrites limit={5} />
      </section>
      <section aria-labelledby="selection-heading">
        <h2 id="selection-heading" className={styles.heading}>
          Selected cells
        </h2>
        <SelectionActions />
      </section>
    </div>
  );
}
