import { makeStyles, tokens } from "@fluentui/react-components";
import type { ValueCount } from "../../../src/tasks/selection-run";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  caption: {
    textAlign: "start",
    fontWeight: tokens.fontWeightSemibold,
    paddingBottom: tokens.spacingVerticalXS,
  },
  label: {
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
    paddingRight: tokens.spacingHorizontalS,
    maxWidth: "120px",
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  barCell: { width: "100%", paddingTop: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalXXS },
  track: {
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    height: "12px",
  },
  bar: {
    backgroundColor: tokens.colorBrandBackground,
    borderRadius: tokens.borderRadiusSmall,
    height: "12px",
  },
  abstainBar: { backgroundColor: tokens.colorStatusWarningBackground3 },
  count: { textAlign: "end", paddingLeft: tokens.spacingHorizontalS, fontVariantNumeric: "tabular-nums" },
});

/**
 * Cells per value as a small horizontal bar chart. It is a real table (value, bar, count), so a
 * screen reader reads the numbers; the bars are decoration.
 */
export function CountsChart({
  counts,
  caption,
  highlight,
}: {
  counts: readonly ValueCount[];
  caption: string;
  /** A value drawn in the warning colour (the abstain label). */
  highlight?: string;
}) {
  const styles = useStyles();
  const largest = counts.reduce((most, entry) => Math.max(most, entry.count), 1);
  return (
    <table className={styles.table} data-testid="cells-counts">
      <caption className={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={styles.label}>
            Value
          </th>
          <th scope="col" aria-hidden="true" />
          <th scope="col" className={styles.count}>
            Cells
          </th>
        </tr>
      </thead>
      <tbody>
        {counts.map((entry) => (
          <tr key={entry.value} data-testid="cells-count-row">
            <th scope="row" className={styles.label} title={entry.value}>
              {entry.value}
            </th>
            <td className={styles.barCell} aria-hidden="true">
              <div className={styles.track}>
                <div
                  className={`${styles.bar} ${entry.value === highlight ? styles.abstainBar : ""}`}
                  style={{ width: `${(entry.count / largest) * 100}%` }}
                />
              </div>
            </td>
            <td className={styles.count}>{entry.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
