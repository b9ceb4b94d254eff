import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { formatResultCell, isShareColumn } from "../../../src/ask-data/answer-facts";
import type { PlanResult } from "../../../src/ask-data/plan-result";
import { formatCount } from "../format";

const useStyles = makeStyles({
  wrap: { overflowX: "auto", maxWidth: "100%" },
  table: { borderCollapse: "collapse", fontSize: tokens.fontSizeBase200, width: "100%" },
  cell: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    textAlign: "left",
    verticalAlign: "top",
  },
  number: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Rows shown before "…and N more": the pane is narrow and the full table can go to a sheet. */
const SHOWN_ROWS = 12;

/** The computed result, compact: the numbers the answer may state, and how many rows they cover. */
export function ResultTable({ result }: { result: PlanResult }) {
  const styles = useStyles();
  const percent = result.columns.map(isShareColumn);
  const shown = result.rows.slice(0, SHOWN_ROWS);
  const more = result.rows.length - shown.length + result.rowsOmitted;
  return (
    <div className={styles.wrap}>
      <table className={styles.table} data-testid="ask-result-table">
        <thead>
          <tr>
            {result.columns.map((header) => (
              <th key={header} scope="col" className={styles.cell}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className={`${styles.cell} ${typeof cell === "number" ? styles.number : ""}`}>
                  {formatResultCell(cell, percent[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && <Text size={200}>…and {formatCount(more)} more rows.</Text>}
      <Text as="p" size={200} className={styles.muted}>
        Computed on {formatCount(result.rowsIncluded)} of {formatCount(result.rowsTotal)} rows.
        {result.notes.length > 0 && ` ${result.notes.join(" ")}`}
      </Text>
    </div>
  );
}
