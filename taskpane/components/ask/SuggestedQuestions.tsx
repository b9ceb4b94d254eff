import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { suggestedQuestions, type ProfiledColumn } from "./suggested-questions";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  list: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** Clickable starting questions for the table being read; a click asks it. */
export function SuggestedQuestions(props: {
  columns: readonly ProfiledColumn[];
  disabled: boolean;
  onAsk: (question: string) => void;
}) {
  const styles = useStyles();
  const questions = suggestedQuestions(props.columns);
  return (
    <section className={styles.root} aria-label="Suggested questions" data-testid="ask-suggestions">
      <Text size={200}>Try:</Text>
      <div className={styles.list}>
        {questions.map((question) => (
          <Button
            key={question}
            size="small"
            appearance="outline"
            disabled={props.disabled}
            onClick={() => props.onAsk(question)}
          >
            {question}
          </Button>
        ))}
      </div>
    </section>
  );
}
