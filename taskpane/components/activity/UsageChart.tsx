import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { DailyUsage } from "../../../src/routing/usage-store";
import { formatCount, formatMoney } from "../format";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse" },
  caption: { textAlign: "start", paddingBottom: tokens.spacingVerticalXS },
  rowHeader: {
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
    paddingInlineEnd: tokens.spacingHorizontalS,
    whiteSpace: "nowrap",
    verticalAlign: "top",
    width: "1%",
  },
  cell: { paddingBlock: tokens.spacingVerticalXS },
  track: {
    height: "12px",
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    overflow: "hidden",
  },
  local: { height: "100%", backgroundColor: tokens.colorBrandBackground },
  cloud: { height: "100%", backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  figures: { color: tokens.colorNeutralForeground2 },
  totals: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

export interface UsageRow {
  label: string;
  requests: number;
  tokens: number;
  /** Width of the bar, 0..100, relative to the larger of the two. */
  percent: number;
}

/** Local vs cloud tokens for one day, each bar relative to the larger. */
export function usageRows(day: DailyUsage): { local: UsageRow; cloud: UsageRow } {
  const localTokens = day.local.inputTokens + day.local.outputTokens;
  const cloudTokens = day.cloud.inputTokens + day.cloud.outputTokens;
  const largest = Math.max(localTokens, cloudTokens);
  const percent = (value: number) =>
    largest === 0 ? 0 : Math.max(value > 0 ? 1 : 0, (value / largest) * 100);
  return {
    local: {
      label: "Local",
      requests: day.local.requests,
      tokens: localTokens,
      percent: percent(localTokens),
    },
    cloud: {
      label: "Cloud",
      requests: day.cloud.requests,
      tokens: cloudTokens,
      percent: percent(cloudTokens),
    },
  };
}

/**
 * A bar chart that is a table: screen readers read the numbers, the bars are decoration.
 */
export function UsageChart({ day }: { day: DailyUsage }) {
  const styles = useStyles();
  const rows = usageRows(day);
  return (
    <div className={styles.totals}>
      <table className={styles.table} data-testid="usage-chart">
        <caption className={styles.caption}>
          <Text weight="semibold">Tokens today ({day.date}, UTC)</Text>
        </caption>
        <tbody>
          {[rows.local, rows.cloud].map((row) => (
            <tr key={row.label} data-testid={`usage-${row.label.toLowerCase()}`}>
              <th scope="row" className={styles.rowHeader}>
                {row.label}
              </th>
              <td className={styles.cell}>
                <div className={styles.track} aria-hidden="true">
                  <div
                    className={row.label === "Local" ? styles.local : styles.cloud}
                    style={{ width: `${row.percent}%` }}
                  />
                </div>
                <Text size={200} className={styles.figures}>
                  {formatCount(row.tokens)} tokens · {formatCount(row.requests)}{" "}
                  {row.requests === 1 ? "request" : "requests"}
                </Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Text data-testid="usage-cost">
        Cloud cost today: <strong>{formatMoney(day.cloud.costUsd)}</strong>
      </Text>
      <Text data-testid="usage-avoided">
        Cost avoided by working locally: <strong>{formatMoney(day.costAvoidedUsd)}</strong>
      </Text>
    </div>
  );
}
