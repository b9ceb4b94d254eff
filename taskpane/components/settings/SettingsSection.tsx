import type { ReactNode } from "react";
import { Text, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

/** One titled block of a view; the heading names the region for screen readers. */
export function SettingsSection(props: { id: string; title: string; children: ReactNode; testId?: string }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={`${props.id}-title`} data-testid={props.testId}>
      <Text as="h2" id={`${props.id}-title`} size={400} weight="semibold">
        {props.title}
      </Text>
      {props.children}
    </section>
  );
}
