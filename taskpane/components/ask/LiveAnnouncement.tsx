import { makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

/** Read aloud by screen readers when it changes (asking, the answer, a write); not shown. */
export function LiveAnnouncement({ text }: { text: string }) {
  const styles = useStyles();
  return (
    <div className={styles.hidden} role="status" aria-live="polite" data-testid="ask-live">
      {text}
    </div>
  );
}
