import { useCallback, useEffect, useState } from "react";
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ConsentRequest, RouteDecision } from "../../src/routing/route-decision";
import { AnswerCard } from "../components/ask/AnswerCard";
import { SuggestedQuestions } from "../components/ask/SuggestedQuestions";
import { AskConnectionHelp } from "../components/ask/AskConnectionHelp";
import { LiveAnnouncement } from "../components/ask/LiveAnnouncement";
import { ConsentDialog } from "../components/explain/ConsentDialog";
import { formatQuantity } from "../components/format";
import { useAskRun, useFocusWhen, type AskNotice } from "../components/ask/use-ask-run";
import { WritePreview } from "../components/WritePreview";
import {
  askAboutSelection,
  clearConversation,
  decideAskConsent,
  isOllamaUnreachable,
  planFormulaInsert,
  readAskSource,
  watchAskSelection,
  type AskSource,
  type DataAnswer,
} from "../services/ask";
import { applyPlan, type WritePlan } from "../services/data-safety";
import { paneMessage } from "../services/pane-words";
import type { ViewProps } from "./view-props";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  answers: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  draft: { color: tokens.colorNeutralForeground3, whiteSpace: "pre-wrap" },
});

type Write =
  | { step: "none" }
  | { step: "preview"; plan: WritePlan; busy: boolean }
  | { step: "written"; target: string };

/**
 * The Ask tab: a conversation about the table the selection gives, whose numbers are computed on
 * every row and only put into words by the model. It follows the selection live and says what it
 * reads; each answer shows how it was computed, which model wrote it and the result table, and
 * offers the verified formula for the same number.
 */
export function AskView({ active, reportRunning, settings, status, refreshConnection }: ViewProps) {
  const styles = useStyles();
  const job = useAskRun(reportRunning);
  const [notice, setNotice] = useState<AskNotice | null>(null);
  const [selectionRound, setSelectionRound] = useState(0);
  const [source, setSource] = useState<AskSource | null>(null);
  const [sourceProblem, setSourceProblem] = useState<string | null>(null);
  const [question, setQuestion] = useState("");
  const [answers, setAnswers] = useState<DataAnswer[]>([]);
  const [draft, setDraft] = useState("");
  const [consent, setConsent] = useState<{ question: string; consent: ConsentRequest } | null>(null);
  const [deciding, setDeciding] = useState(false);
  const [unreachable, setUnreachable] = useState(false);
  const [write, setWrite] = useState<Write>({ step: "none" });
  const [announcement, setAnnouncement] = useState("");
  const last = answers[answers.length - 1] ?? null;
  const answerRef = useFocusWhen<HTMLDivElement>(last, active);
  const noticeRef = useFocusWhen<HTMLDivElement>(notice, active);

  useEffect(() => watchAskSelection(() => setSelectionRound((round) => round + 1)), []);
  useEffect(() => {
    let stale = false;
    readAskSource().then(
      (read) => {
        if (stale) return;
        setSource(read);
        setSourceProblem(null);
      },
      (error: unknown) => {
        if (stale) return;
        setSource(null);
        setSourceProblem(paneMessage(error));
      },
    );
    return () => {
      stale = true;
    };
  }, [selectionRound]);

  const ask = useCallback(
    async (asked: string, decision?: RouteDecision) => {
      if (!asked.trim()) return;
      setConsent(null);
      setUnreachable(false);
      setWrite({ step: "none" });
      setDraft("");
      setNotice(null);
      setAnnouncement(`Asking: ${asked}`);
      let outcome;
      try {
        const ran = await job.run((signal) =>
          askAboutSelection(asked, { signal, onToken: setDraft, decision }),
        );
        if (ran.stopped || !ran.value) {
          setNotice({ intent: "info", text: "Stopped: the question was not answered." });
          setAnnouncement("Stopped.");
          return;
        }
        outcome = ran.value;
      } catch (error) {
        if (isOllamaUnreachable(error)) {
          setUnreachable(true);
          refreshConnection();
        }
        setNotice({ intent: "error", text: paneMessage(error) });
        return;
      } finally {
        setDraft("");
      }
      if (outcome.status === "needs-consent") {
        setConsent({ question: outcome.question, consent: outcome.consent });
        setAnnouncement("The cloud model could answer this: review what would be sent.");
        return;
      }
      setAnswers((now) => [...now, outcome.answer]);
      setQuestion("");
      setAnnouncement(`Answer: ${outcome.answer.answer}`);
    },
    [job, refreshConnection],
  );

  async function decide(approved: boolean) {
    if (!consent) return;
    setDeciding(true);
    try {
      const decision = await decideAskConsent(consent.consent.ticket, approved);
      await ask(consent.question, decision);
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
    } finally {
      setDeciding(false);
    }
  }

  function clear() {
    job.stop();
    clearConversation();
    setNotice(null);
    setAnswers([]);
    setConsent(null);
    setWrite({ step: "none" });
    setAnnouncement("Conversation cleared.");
  }

  async function previewFormula(answer: DataAnswer) {
    try {
      setWrite({ step: "preview", plan: await planFormulaInsert(answer), busy: false });
    } catch (error) {
      setNotice({ intent: "error", text: paneMessage(error) });
    }
  }

  async function confirmWrite(plan: WritePlan, overwriteConfirmed: boolean) {
    setWrite({ step: "preview", plan, busy: true });
    try {
      const record = await applyPlan(plan, "Insert the formula", overwriteConfirmed);
      setWrite({ step: "written", target: record.target });
      setAnnouncement(`Formula inserted into ${record.target}.`);
    } catch (error) {
      setWrite({ step: "none" });
      setNotice({ intent: "error", text: paneMessage(error) });
    }
  }

  return (
    <div className={styles.root}>
      <Text data-testid="ask-source">
        {source
          ? `Reads ${source.address}, ${formatQuantity(source.rows, "row")}.`
          : (sourceProblem ?? "Reading the selection…")}
      </Text>
      {source && answers.length === 0 && (
        <SuggestedQuestions columns={source.columns} disabled={job.running} onAsk={(q) => void ask(q)} />
      )}

      <div className={styles.answers} aria-label="Conversation">
        {answers.map((answer, index) => (
          <AnswerCard
            key={index}
            answer={answer}
            ref={index === answers.length - 1 ? answerRef : undefined}
            actions={
              index === answers.length - 1
                ? { onInsertFormula: () => void previewFormula(answer), busy: write.step === "preview" }
                : undefined
            }
          />
        ))}
      </div>

      {write.step === "preview" && (
        <WritePreview
          plan={write.plan}
          label="Insert the formula"
          busy={write.busy}
          onConfirm={(overwrite) => void confirmWrite(write.plan, overwrite)}
          onCancel={() => setWrite({ step: "none" })}
        />
      )}
      {write.step === "written" && (
        <MessageBar intent="success" data-testid="ask-written">
          <MessageBarBody>
            Inserted into {write.target}. Recent writes in the Activity tab can restore it.
          </MessageBarBody>
        </MessageBar>
      )}

      {job.running && (
        <div className={styles.row}>
          <Spinner size="tiny" label="Computing the answer…" data-testid="ask-running" />
          <Button onClick={job.stop} disabled={job.stopping} data-testid="ask-stop">
            Stop
          </Button>
        </div>
      )}
      {job.running && draft && (
        <Text as="p" className={styles.draft} data-testid="ask-draft">
          {draft}
        </Text>
      )}

      {consent && <ConsentDialog consent={consent.consent} busy={deciding} onDecide={decide} />}
      {notice && (
        <MessageBar
          ref={noticeRef}
          tabIndex={-1}
          intent={notice.intent}
          layout="multiline"
          data-testid="ask-notice"
          role={notice.intent === "error" ? "alert" : "status"}
        >
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {unreachable && (
        <AskConnectionHelp
          status={status}
          mode={settings.ollamaMode}
          error={notice?.text}
          onRetry={refreshConnection}
        />
      )}

      <Field
        label={answers.length > 0 ? "Ask a follow-up" : "Ask about this table"}
        hint="Enter sends, Shift+Enter starts a new line."
      >
        <Textarea
          value={question}
          onChange={(_event, data) => setQuestion(data.value)}
          placeholder="e.g. total Revenue by Region"
          resize="vertical"
          data-testid="ask-question"
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              if (!job.running) void ask(question);
            }
          }}
        />
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          disabled={job.running || !question.trim() || !source}
          onClick={() => void ask(question)}
          data-testid="ask-send"
        >
          Ask
        </Button>
        <Button disabled={answers.length === 0 && !consent} onClick={clear} data-testid="ask-clear">
          Clear conversation
        </Button>
      </div>
      <LiveAnnouncement text={announcement} />
    </div>
  );
}
