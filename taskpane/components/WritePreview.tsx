import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { CellInput, WritePlan } from "../services/data-safety";
import { formatCellAddress, parseRangeAddress } from "../../src/sheet/a1";
import { formatQuantity } from "./format";

/**
 * What a write will put where, shown before anything is written. When cells already hold
 * something, a warning names how many, and the only way on is a button that says so.
 */
export const PREVIEW_CELLS = 6;

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  table: { width: "100%", borderCollapse: "collapse", tableLayout: "fixed" },
  cell: {
    textAlign: "left",
    verticalAlign: "top",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  address: { width: "3.5rem" },
  old: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

function plural(count: number, one: string, many: string): string {
  return formatQuantity(count, one, many);
}

function shown(cell: CellInput | undefined): string {
  if (cell === undefined || cell === "") return "(empty)";
  return typeof cell === "boolean" ? (cell ? "TRUE" : "FALSE") : String(cell);
}

export function overwriteWarning(plan: WritePlan): string {
  const local = plan.target.slice(plan.target.lastIndexOf("!") + 1);
  return (
    `${plural(plan.nonEmpty, "cell", "cells")} in ${local} ${plan.nonEmpty === 1 ? "is" : "are"} not empty ` +
    `and will be overwritten. Their old contents can be restored from Activity.`
  );
}

export interface WritePreviewProps {
  plan: WritePlan;
  /** `overwriteConfirmed` is true only from the button that names the non-empty cells. */
  onConfirm: (overwriteConfirmed: boolean) => void;
  onCancel: () => void;
  /** What the write is, e.g. "Insert formula". */
  label?: string;
  busy?: boolean;
}

export function WritePreview({ plan, onConfirm, onCancel, label, busy }: WritePreviewProps) {
  const styles = useStyles();
  const start = parseRangeAddress(plan.target).start;
  const cellCount = plan.cells.length * (plan.cells[0]?.length ?? 0);
  const listed = plan.cells
    .flatMap((row, r) => row.map((cell, c) => ({ r, c, cell })))
    .slice(0, PREVIEW_CELLS);
  const hidden = cellCount - listed.length;
  const showOld = plan.nonEmpty > 0;
  return (
    <section className={styles.root} aria-label="Preview of the write" data-testid="write-preview">
      <Text weight="semibold">{label ? `Preview: ${label}` : "Preview"}</Text>
      <Text data-testid="write-preview-summary">
        Writes {plural(cellCount, "cell", "cells")} to {plan.target}.
      </Text>
      <table className={styles.table}>
        <thead>
          <tr>
            <th className={`${styles.cell} ${styles.address}`} scope="col">
              Cell
            </th>
            <th className={styles.cell} scope="col">
              New
            </th>
            {showOld && (
              <th className={styles.cell} scope="col">
                Now
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {listed.map(({ r, c, cell }) => (
            <tr key={`${r}:${c}`}>
              <th className={`${styles.cell} ${styles.address}`} scope="row">
                {formatCellAddress({ row: start.row + r, col: start.col + c })}
              </th>
              <td className={styles.cell}>{shown(cell)}</td>
              {showOld && (
                <td className={`${styles.cell} ${styles.old}`}>{shown(plan.existing.formulas[r]?.[c])}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <Text size={200}>…and {plural(hidden, "more cell", "more cells")}.</Text>}
      {plan.nonEmpty > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="write-preview-overwrite-warning">
          <MessageBarBody>
            <MessageBarTitle>Overwrite?</MessageBarTitle>
            {overwriteWarning(plan)}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        {plan.nonEmpty > 0 ? (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => onConfirm(true)}
            data-testid="write-preview-confirm"
          >
            Overwrite {plural(plan.nonEmpty, "cell", "cells")}
          </Button>
        ) : (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => onConfirm(false)}
            data-testid="write-preview-confirm"
          >
            Write {plural(cellCount, "cell", "cells")}
          </Button>
        )}
        <Button disabled={busy} onClick={onCancel} data-testid="write-preview-cancel">
          Cancel
        </Button>
        {busy && <Spinner size="tiny" label="Writing…" />}
      </div>
    </section>
  );
}
