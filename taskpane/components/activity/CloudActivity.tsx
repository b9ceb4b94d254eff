import { useEffect, useState } from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular } from "@fluentui/react-icons";
import { paneMessage } from "../../services/pane-words";
import type { AuditEntry } from "../../../src/routing/audit-log";
import type { CloudMode } from "../../../src/routing/cloud-policy";
import type { DailyUsage } from "../../../src/routing/usage-store";
import { auditEntries, cloudPolicyMode, usageHistory, usageToday } from "../../services/activity";
import { UsageHistory } from "./UsageHistory";
import { SettingsSection } from "../settings/SettingsSection";
import { AuditLogList } from "./AuditLogList";
import { UsageChart } from "./UsageChart";

type Load =
  | { state: "loading" }
  | { state: "unreachable"; error: string }
  | {
      state: "ready";
      usage: DailyUsage;
      entries: AuditEntry[];
      mode: CloudMode | null;
      history: DailyUsage[];
    };

/** Usage today and the cloud audit log, both kept by the local server. */
export function CloudActivity({ onOpenSettings }: { onOpenSettings: () => void }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    Promise.all([usageToday(), auditEntries(), cloudPolicyMode().catch(() => null), usageHistory()]).then(
      ([usage, entries, mode, history]) =>
        current && setLoad({ state: "ready", usage, entries, mode, history }),
      (error: unknown) => current && setLoad({ state: "unreachable", error: paneMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [round]);

  const refresh = (
    <Button
      size="small"
      appearance="subtle"
      icon={<ArrowClockwiseRegular />}
      onClick={() => setRound((value) => value + 1)}
    >
      Refresh
    </Button>
  );

  if (load.state === "loading") return <Spinner size="tiny" label="Reading usage and the audit log…" />;
  if (load.state === "unreachable") {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="activity-cloud-unavailable">
        <MessageBarBody>
          <MessageBarTitle>Usage and the cloud audit log need the local server (npm start)</MessageBarTitle>
          {load.error}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => setRound((value) => value + 1)}>Retry</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return (
    <>
      <SettingsSection id="activity-usage" title="Usage today" testId="activity-usage">
        <UsageChart day={load.usage} />
        <div>{refresh}</div>
      </SettingsSection>
      <SettingsSection id="activity-history" title="Usage per day" testId="activity-history">
        <UsageHistory days={load.history} />
      </SettingsSection>
      <SettingsSection id="activity-audit" title="Cloud requests (audit log)" testId="activity-audit">
        <AuditLogList entries={load.entries} mode={load.mode} onOpenSettings={onOpenSettings} />
      </SettingsSection>
    </>
  );
}
