import { useCallback, useEffect, useState } from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
} from "@fluentui/react-components";
import type { CloudProviderConfig } from "../../../src/cloud/cloud-provider-config";
import { paneMessage } from "../../services/pane-words";
import type { CloudPolicy } from "../../../src/routing/cloud-policy";
import type { CloudStatus } from "../../../src/routing/cloud-status";
import {
  cloudStatus,
  removeCloudKey,
  saveCloudKey,
  saveCloudPolicy,
  saveCloudProvider,
} from "../../services/settings";
import { CloudKeyField } from "./CloudKeyField";
import { CloudAdvancedForm } from "./CloudAdvancedForm";
import { CloudPolicyForm } from "./CloudPolicyForm";
import { CloudProviderForm } from "./CloudProviderForm";
import { SettingsSection } from "./SettingsSection";

type Load =
  { state: "loading" } | { state: "unreachable"; error: string } | { state: "ready"; status: CloudStatus };

/**
 * The cloud model, its key and the rules for using it. All of it lives in the local server
 * ($SLM_HOME), not in the page or the workbook; without the server this section says so and the
 * rest of the pane works as before.
 */
export function CloudSection() {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    cloudStatus(controller.signal).then(
      (status) => setLoad({ state: "ready", status }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ state: "unreachable", error: paneMessage(error) });
      },
    );
    return () => controller.abort();
  }, [round]);

  /** Runs one change on the server; the answer is the new status. True when it worked. */
  const apply = useCallback(async (change: () => Promise<CloudStatus>): Promise<boolean> => {
    setBusy(true);
    setSaveError(null);
    try {
      setLoad({ state: "ready", status: await change() });
      return true;
    } catch (error) {
      setSaveError(paneMessage(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return (
    <SettingsSection id="settings-cloud" title="Cloud model (optional)" testId="settings-cloud">
      {load.state === "loading" && <Spinner size="tiny" label="Reading the cloud settings…" />}
      {load.state === "unreachable" && (
        <MessageBar intent="info" layout="multiline" data-testid="cloud-unavailable">
          <MessageBarBody>
            <MessageBarTitle>Cloud settings need the local server (npm start)</MessageBarTitle>
            The cloud key, policy and audit log live in the excel-slm server, which this page cannot reach:{" "}
            {load.error} Everything else works locally.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setRound((value) => value + 1)}>Retry</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {load.state === "ready" && (
        <>
          <Text size={200}>
            Nothing leaves this computer unless you choose a provider, set a key and allow it below. Settings
            are kept by the local server, never in the workbook.
          </Text>
          {load.status.problem && (
            <MessageBar intent="warning">
              <MessageBarBody>{load.status.problem}</MessageBarBody>
            </MessageBar>
          )}
          <CloudProviderForm
            status={load.status}
            busy={busy}
            onSave={(provider: CloudProviderConfig | null) => void apply(() => saveCloudProvider(provider))}
          />
          <CloudKeyField
            status={load.status}
            busy={busy}
            onSave={(key) => apply(() => saveCloudKey(key))}
            onRemove={() => void apply(() => removeCloudKey())}
          />
          <Text as="h3" weight="semibold">
            When to use it
          </Text>
          <CloudPolicyForm
            status={load.status}
            busy={busy}
            onSave={(policy: Partial<CloudPolicy>) => void apply(() => saveCloudPolicy(policy))}
          />
          <CloudAdvancedForm
            status={load.status}
            busy={busy}
            onSave={(policy: Partial<CloudPolicy>) => void apply(() => saveCloudPolicy(policy))}
          />
          {saveError && (
            <MessageBar intent="error" data-testid="cloud-save-error">
              <MessageBarBody>Not saved: {saveError}</MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </SettingsSection>
  );
}
