import { makeStyles, tokens } from "@fluentui/react-components";
import type { ViewProps } from "./view-props";
import { CloudActivity } from "../components/activity/CloudActivity";
import { RecentOperations } from "../components/activity/RecentOperations";
import { RecentWrites } from "../components/RecentWrites";
import { SettingsSection } from "../components/settings/SettingsSection";

const useStyles = makeStyles({
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/**
 * What the add-in did: recent operations (which model answered), recent changes to the workbook (each restorable), today's local and cloud
 * usage, and every cloud request with exactly what was sent. Without the local server the cloud
 * parts say so and recent changes still work.
 */
export function ActivityView({ goTo }: ViewProps) {
  const styles = useStyles();
  return (
    <div className={styles.view}>
      <SettingsSection id="activity-operations" title="Recent operations" testId="activity-operations">
        <RecentOperations />
      </SettingsSection>
      <SettingsSection id="activity-writes" title="Recent changes" testId="activity-writes">
        <RecentWrites />
      </SettingsSection>
      <CloudActivity onOpenSettings={() => goTo("settings")} />
    </div>
  );
}
