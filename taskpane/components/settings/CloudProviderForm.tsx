import { useState } from "react";
import { Button, Dropdown, Field, Input, Option, makeStyles, tokens } from "@fluentui/react-components";
import {
  CloudProviderConfigSchema,
  type CloudProviderConfig,
} from "../../../src/cloud/cloud-provider-config";
import type { CloudStatus } from "../../../src/routing/cloud-status";

type ProviderKind = CloudProviderConfig["kind"];

const KIND_LABELS: Record<ProviderKind, string> = {
  openai: "OpenAI",
  "azure-openai": "Azure OpenAI",
  "openai-compatible": "OpenAI-compatible (own base URL)",
  anthropic: "Anthropic",
};

const DEFAULT_MODELS: Record<ProviderKind, string> = {
  openai: "gpt-4o-mini",
  "azure-openai": "",
  "openai-compatible": "",
  anthropic: "claude-haiku-4-5",
};

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** What `provider` must hold for each kind, in words the user can act on; null when complete. */
function missingField(
  kind: ProviderKind,
  model: string,
  baseUrl: string,
  azureEndpoint: string,
): string | null {
  if (!model.trim()) return kind === "azure-openai" ? "Enter the deployment name." : "Enter a model name.";
  if (kind === "openai-compatible" && !baseUrl.trim()) return "Enter the provider's base URL.";
  if (kind === "azure-openai" && !azureEndpoint.trim()) return "Enter the Azure endpoint.";
  return null;
}

export function CloudProviderForm(props: {
  status: CloudStatus;
  busy: boolean;
  onSave: (provider: CloudProviderConfig | null) => void;
}) {
  const styles = useStyles();
  const saved = props.status.provider;
  const [kind, setKind] = useState<ProviderKind>(saved?.kind ?? "openai");
  const [model, setModel] = useState(saved?.model ?? DEFAULT_MODELS.openai);
  const [baseUrl, setBaseUrl] = useState(saved?.baseUrl ?? "");
  const [azureEndpoint, setAzureEndpoint] = useState(saved?.azureEndpoint ?? "");

  const parsed = CloudProviderConfigSchema.safeParse({
    kind,
    model: model.trim(),
    baseUrl: baseUrl.trim() || undefined,
    azureEndpoint: kind === "azure-openai" ? azureEndpoint.trim() || undefined : undefined,
  });
  const missing = missingField(kind, model, baseUrl, azureEndpoint);
  const badUrl = !parsed.success && !missing ? "Use full URLs starting with https://" : null;
  const unchanged =
    saved !== null &&
    saved.kind === kind &&
    saved.model === model.trim() &&
    (saved.baseUrl ?? "") === baseUrl.trim() &&
    (saved.azureEndpoint ?? "") === (kind === "azure-openai" ? azureEndpoint.trim() : "");

  return (
    <form
      className={styles.form}
      aria-label="Cloud provider"
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.success && !missing) props.onSave(parsed.data);
      }}
    >
      <Field label="Provider">
        <Dropdown
          value={KIND_LABELS[kind]}
          selectedOptions={[kind]}
          onOptionSelect={(_event, data) => {
            const next = data.optionValue as ProviderKind | undefined;
            if (!next) return;
            setKind(next);
            if (!model.trim() || model === DEFAULT_MODELS[kind]) setModel(DEFAULT_MODELS[next]);
          }}
          data-testid="cloud-provider-kind"
        >
          {(Object.keys(KIND_LABELS) as ProviderKind[]).map((value) => (
            <Option key={value} value={value}>
              {KIND_LABELS[value]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={kind === "azure-openai" ? "Deployment name" : "Model"}>
        <Input value={model} onChange={(_event, data) => setModel(data.value)} data-testid="cloud-model" />
      </Field>
      {kind === "azure-openai" && (
        <Field label="Azure endpoint" hint="https://<resource>.openai.azure.com">
          <Input value={azureEndpoint} onChange={(_event, data) => setAzureEndpoint(data.value)} />
        </Field>
      )}
      <Field
        label={kind === "openai-compatible" ? "Base URL" : "Base URL (optional, e.g. a proxy)"}
        validationState={missing || badUrl ? "warning" : "none"}
        validationMessage={missing ?? badUrl ?? undefined}
      >
        <Input
          value={baseUrl}
          onChange={(_event, data) => setBaseUrl(data.value)}
          data-testid="cloud-base-url"
        />
      </Field>
      <div className={styles.buttons}>
        <Button
          type="submit"
          appearance="primary"
          disabled={props.busy || !parsed.success || !!missing || unchanged}
        >
          Save provider
        </Button>
        {saved && (
          <Button disabled={props.busy} onClick={() => props.onSave(null)}>
            Remove provider
          </Button>
        )}
      </div>
    </form>
  );
}
