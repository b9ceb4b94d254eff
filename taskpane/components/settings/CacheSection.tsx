import { useEffect, useState } from "react";
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { paneMessage } from "../../services/pane-words";
import { clearResultCache, resultCacheStats, type CacheStats } from "../../services/settings";
import { formatBytes, formatCount } from "../format";
import { SettingsSection } from "./SettingsSection";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  grow: { flexGrow: 1 },
});

/** The result cache: how big it is, and a way to empty it (costs only time, never data). */
export function CacheSection() {
  const styles = useStyles();
  const [stats, setStats] = useState<CacheStats | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    resultCacheStats().then(setStats, (error: unknown) => setNote(paneMessage(error)));
  }, []);

  const clear = async () => {
    try {
      setStats(await clearResultCache());
      setNote("Cache cleared: the next recalculation asks the model again.");
    } catch (error) {
      setNote(`Could not clear the cache: ${paneMessage(error)}`);
    }
  };

  return (
    <SettingsSection id="settings-cache" title="Result cache" testId="settings-cache">
      <Text size={200}>
        Model answers are kept in this computer&apos;s add-in storage so recalculating or reopening a workbook
        costs no model calls.
      </Text>
      <div className={styles.row}>
        <Text className={styles.grow} data-testid="cache-stats" aria-live="polite">
          {stats === null
            ? "Reading…"
            : stats.entries === 0
              ? "The cache is empty."
              : `${formatCount(stats.entries)} answers · ${formatBytes(stats.bytes)}`}
        </Text>
        <Button disabled={!stats || stats.entries === 0} onClick={() => void clear()}>
          Clear cache
        </Button>
      </div>
      {note && <Text size={200}>{note}</Text>}
    </SettingsSection>
  );
}
