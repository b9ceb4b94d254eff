import { Dropdown, Field, Option, makeStyles, tokens } from "@fluentui/react-components";
import type { InstalledModel } from "../../../src/llm/ollama-client";
import { MODEL_TASKS, type ModelTask, type Settings } from "../../../src/settings/settings";

const TASK_LABELS: Record<ModelTask, string> = {
  ask: "Ask (SLM.ASK)",
  formula: "Formulas",
  explain: "Explain formulas",
  classify: "Classify",
  extract: "Extract",
  validate: "Validate",
  report: "Report narrative",
};

/** Dropdown option values cannot be empty: this one means "no model of its own". */
const USE_DEFAULT = "\u0000default";

const useStyles = makeStyles({
  grid: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/** A model per task, e.g. a larger one for formulas and a small, fast one for bulk labels. */
export function TaskModels(props: {
  settings: Settings;
  models: InstalledModel[];
  onChange: (taskModels: Settings["taskModels"]) => void;
}) {
  const styles = useStyles();
  const { taskModels, model: defaultModel } = props.settings;
  const installed = new Set(props.models.map((model) => model.name));
  const choose = (task: ModelTask, value: string) => {
    const next = { ...taskModels };
    if (value === USE_DEFAULT) delete next[task];
    else next[task] = value;
    props.onChange(next);
  };
  const defaultText = `Default (${defaultModel})`;
  return (
    <div className={styles.grid} role="group" aria-label="Model per task">
      {MODEL_TASKS.map((task) => {
        const chosen = taskModels[task];
        const missing = chosen !== undefined && !installed.has(chosen);
        return (
          <Field
            key={task}
            label={TASK_LABELS[task]}
            validationState={missing ? "warning" : "none"}
            validationMessage={
              missing ? `"${chosen}" is not installed: pull it or choose another.` : undefined
            }
          >
            <Dropdown
              size="small"
              value={chosen ?? defaultText}
              selectedOptions={[chosen ?? USE_DEFAULT]}
              onOptionSelect={(_event, data) => data.optionValue && choose(task, data.optionValue)}
              data-testid={`task-model-${task}`}
            >
              <Option value={USE_DEFAULT} text={defaultText}>
                {defaultText}
              </Option>
              {props.models.map((model) => (
                <Option key={model.name} value={model.name}>
                  {model.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        );
      })}
    </div>
  );
}
