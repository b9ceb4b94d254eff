import { Dropdown, Field, MessageBar, MessageBarBody, Option } from "@fluentui/react-components";
import type { InstalledModel } from "../../src/llm/ollama-client";

function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

export function ModelPicker(props: {
  models: InstalledModel[];
  selected: string;
  onSelect: (model: string) => void;
}) {
  if (props.models.length === 0) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          No models are installed in Ollama. Install a small one, e.g. <code>ollama pull qwen2.5:3b</code>.
        </MessageBarBody>
      </MessageBar>
    );
  }
  const installed = props.models.some((model) => model.name === props.selected);
  return (
    <Field
      label="Model"
      validationState={installed ? "none" : "warning"}
      validationMessage={
        installed
          ? undefined
          : `"${props.selected}" is not installed: pick one below or run ollama pull ${props.selected}.`
      }
    >
      <Dropdown
        aria-label="Model"
        value={props.selected}
        selectedOptions={[props.selected]}
        onOptionSelect={(_event, data) => data.optionValue && props.onSelect(data.optionValue)}
      >
        {props.models.map((model) => (
          <Option key={model.name} value={model.name} text={model.name}>
            {model.name} · {model.parameterSize || model.family} · {formatSize(model.sizeBytes)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
