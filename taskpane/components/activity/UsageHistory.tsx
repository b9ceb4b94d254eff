import { makeStyles, Text, tokens } from "@fluentui/react-components";
import type { DailyUsage } from "../../../src/routing/usage-store";
import { formatCount, formatMoney } from "../format";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  cell: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    textAlign: "right",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  first: { textAlign: "left" },
  muted: { color: tokens.colorNeutralForeground3 },
});

const usd = formatMoney;

/** Local and cloud work per day (UTC), with what the cloud cost and what local work saved. */
export function UsageHistory({ days }: { days: readonly DailyUsage[] }) {
  const styles = useStyles();
  if (days.length === 0) return <Text className={styles.muted}>No usage recorded yet.</Text>;
  const totals = days.reduce(
    (sum, day) => ({ cost: sum.cost + day.cloud.costUsd, avoided: sum.avoided + day.costAvoidedUsd }),
    { cost: 0, avoided: 0 },
  );
  return (
    <>
      <table className={styles.table} aria-label="Usage per day" data-testid="usage-history">
        <thead>
          <tr>
            <th className={`${styles.cell} ${styles.first}`}>Day (UTC)</th>
            <th className={styles.cell}>Local requests</th>
            <th className={styles.cell}>Cloud requests</th>
            <th className={styles.cell}>Cloud cost</th>
            <th className={styles.cell}>Cost avoided</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <td className={`${styles.cell} ${styles.first}`}>{day.date}</td>
              <td className={styles.cell}>{formatCount(day.local.requests)}</td>
              <td className={styles.cell}>{formatCount(day.cloud.requests)}</td>
              <td className={styles.cell}>{usd(day.cloud.costUsd)}</td>
              <td className={styles.cell}>{usd(day.costAvoidedUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Text size={200} className={styles.muted}>
        Over these {days.length} {days.length === 1 ? "day" : "days"}: cloud cost {usd(totals.cost)}, cost
        avoided by working locally {usd(totals.avoided)}.
      </Text>
    </>
  );
}
