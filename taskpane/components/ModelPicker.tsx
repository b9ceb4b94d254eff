import {
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
} from "@fluentui/react-components";
import type { InstalledModel } from "../../src/llm/ollama-client";
import { formatBytes } from "./format";

/**
 * The default model. When the chosen model is not installed (a fresh machine, or a model removed
 * with `ollama rm`), the fix is offered right here: a Pull button for exactly that model.
 */
export function ModelPicker(props: {
  models: InstalledModel[];
  selected: string;
  onSelect: (model: string) => void;
  /** Offered when the selected model is missing; omitted, the picker only says what to run. */
  onPull?: (model: string) => void;
  pulling?: boolean;
}) {
  const pullButton = props.onPull && (
    <Button
      size="small"
      appearance="primary"
      disabled={props.pulling}
      onClick={() => props.onPull?.(props.selected)}
      data-testid="pull-selected-model"
    >
      Pull {props.selected}
    </Button>
  );
  if (props.models.length === 0) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="no-models">
        <MessageBarBody>
          No models are installed in Ollama yet. Pull <strong>{props.selected}</strong> (about 2 GB), or run{" "}
          <code>ollama pull {props.selected}</code>.
        </MessageBarBody>
        {pullButton && <MessageBarActions>{pullButton}</MessageBarActions>}
      </MessageBar>
    );
  }
  const installed = props.models.some((model) => model.name === props.selected);
  return (
    <>
      <Field
        label="Default model"
        hint="Used by every task without its own model below."
        validationState={installed ? "none" : "warning"}
        validationMessage={
          installed
            ? undefined
            : `"${props.selected}" is not installed: pull it, pick an installed model, or run ollama pull ${props.selected}.`
        }
      >
        <Dropdown
          aria-label="Model"
          value={props.selected}
          selectedOptions={[props.selected]}
          onOptionSelect={(_event, data) => data.optionValue && props.onSelect(data.optionValue)}
          data-testid="default-model"
        >
          {props.models.map((model) => (
            <Option key={model.name} value={model.name} text={model.name}>
              {model.name} · {model.parameterSize || model.family} · {formatBytes(model.sizeBytes)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {!installed && pullButton}
    </>
  );
}
