import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { WriteRecord } from "../../src/sheet/write-journal";
import { restoreWrite, writeJournal } from "../services/data-safety";
import { useListStyles } from "./list-styles";
import { formatQuantity, formatWhen } from "./format";

/**
 * The pane's writes, newest first, each with Restore. Restoring is a write too: it asks first,
 * naming how many cells go back, and asks again when the cells were edited after the write.
 */
const useStyles = makeStyles({
  label: { flexGrow: 1 },
  detail: { color: tokens.colorNeutralForeground3 },
});

type Step =
  | { id: string; kind: "confirm" }
  | { id: string; kind: "edited"; edited: number }
  | { id: string; kind: "working" }
  | { id: string; kind: "done"; cells: number }
  | { id: string; kind: "error"; message: string };

function cells(count: number): string {
  return formatQuantity(count, "cell");
}

function timeOf(time: number): string {
  return formatWhen(time);
}

export function RecentWrites({ limit = 10 }: { limit?: number }) {
  const styles = { ...useListStyles(), ...useStyles() };
  const [entries, setEntries] = useState<readonly WriteRecord[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [step, setStep] = useState<Step | null>(null);

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let current = true;
    writeJournal()
      .then((journal) => {
        if (!current) return;
        setEntries(journal.list());
        unsubscribe = journal.subscribe(setEntries);
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
      unsubscribe?.();
    };
  }, []);

  async function restore(entry: WriteRecord, overwriteEdits: boolean) {
    setStep({ id: entry.id, kind: "working" });
    try {
      const outcome = await restoreWrite(entry.id, overwriteEdits);
      if (outcome.status === "edited-since")
        setStep({ id: entry.id, kind: "edited", edited: outcome.edited });
      else setStep({ id: entry.id, kind: "done", cells: entry.cellCount });
    } catch (error) {
      setStep({
        id: entry.id,
        kind: "error",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  if (loadError) {
    return (
      <MessageBar intent="error" data-testid="recent-writes-error">
        <MessageBarBody>Could not read the history of changes: {loadError}</MessageBarBody>
      </MessageBar>
    );
  }
  if (entries === null) return <Text>Loading recent changes…</Text>;
  if (entries.length === 0) {
    return (
      <Text className={styles.detail} data-testid="recent-writes-empty">
        No changes yet. Cells the assistant writes are listed here and can be restored.
      </Text>
    );
  }

  return (
    <ul className={styles.list} aria-label="Recent changes" data-testid="recent-writes">
      {entries.slice(0, limit).map((entry) => {
        const mine = step?.id === entry.id ? step : null;
        return (
          <li key={entry.id} className={styles.item} data-testid="recent-write" data-entry-id={entry.id}>
            <div className={styles.line}>
              <Text weight="semibold" className={styles.label}>
                {entry.label}
              </Text>
              {entry.restored ? (
                <Badge appearance="tint" color="informative" data-testid="recent-write-restored">
                  Restored
                </Badge>
              ) : (
                !mine && (
                  <Button
                    size="small"
                    onClick={() => setStep({ id: entry.id, kind: "confirm" })}
                    aria-label={`Restore ${entry.target} as it was before “${entry.label}”`}
                    data-testid="restore-button"
                  >
                    Restore
                  </Button>
                )
              )}
            </div>
            <Text size={200} className={styles.detail}>
              {entry.target} · {cells(entry.cellCount)}
              {entry.overwritten > 0 ? ` (${entry.overwritten} overwritten)` : ""} · {timeOf(entry.time)}
            </Text>
            {mine?.kind === "confirm" && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  Put back what {entry.target} held before? This replaces {cells(entry.cellCount)}.
                </MessageBarBody>
                <MessageBarActions>
                  <Button
                    size="small"
                    appearance="primary"
                    onClick={() => restore(entry, false)}
                    data-testid="restore-confirm"
                  >
                    Restore {cells(entry.cellCount)}
                  </Button>
                  <Button size="small" onClick={() => setStep(null)}>
                    Cancel
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {mine?.kind === "edited" && (
              <MessageBar intent="warning" layout="multiline" data-testid="restore-edited-warning">
                <MessageBarBody>
                  {cells(mine.edited)} changed after this write. Restoring replaces those changes too.
                </MessageBarBody>
                <MessageBarActions>
                  <Button
                    size="small"
                    appearance="primary"
                    onClick={() => restore(entry, true)}
                    data-testid="restore-anyway"
                  >
                    Restore anyway
                  </Button>
                  <Button size="small" onClick={() => setStep(null)}>
                    Cancel
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {mine?.kind === "working" && <Text size={200}>Restoring…</Text>}
            {mine?.kind === "done" && (
              <Text size={200} role="status" data-testid="restore-done">
                Restored {cells(mine.cells)} in {entry.target}.
              </Text>
            )}
            {mine?.kind === "error" && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>Nothing was restored: {mine.message}</MessageBarBody>
              </MessageBar>
            )}
          </li>
        );
      })}
    </ul>
  );
}
