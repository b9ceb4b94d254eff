import { useState } from "react";
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Field,
  Input,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PII_CATEGORIES, type PiiCategory } from "../../../src/privacy/redaction-settings";
import type { CloudPolicy } from "../../../src/routing/cloud-policy";
import type { PriceTable } from "../../../src/routing/price-table";
import type { CloudStatus } from "../../../src/routing/cloud-status";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  categories: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(130px, 1fr))" },
  prices: { width: "100%", borderCollapse: "collapse" },
  cell: { padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`, textAlign: "left" },
  number: { width: "5.5rem" },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

const CATEGORY_LABELS: Record<PiiCategory, string> = {
  email: "E-mail addresses",
  phone: "Phone numbers",
  card: "Card numbers",
  iban: "IBANs",
  nationalId: "National ids",
  ipAddress: "IP addresses",
  secretUrl: "URLs with tokens",
  personName: "Names in person columns",
};

type PriceRows = Record<string, { input: string; output: string }>;

function rowsOf(prices: PriceTable): PriceRows {
  return Object.fromEntries(
    Object.entries(prices).map(([model, price]) => [
      model,
      { input: String(price.inputPerMillion), output: String(price.outputPerMillion) },
    ]),
  );
}

function dollars(text: string): number | null {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * The finer rules: which kinds of personal data are redacted, from which complexity a formula is
 * explained by the cloud model, and the price table every cost and the "auto" budget use.
 */
export function CloudAdvancedForm(props: {
  status: CloudStatus;
  busy: boolean;
  onSave: (policy: Partial<CloudPolicy>) => void;
}) {
  const styles = useStyles();
  const { policy, provider } = props.status;
  const [score, setScore] = useState(String(policy.complexFormulaScore));
  const [rows, setRows] = useState<PriceRows>(() => rowsOf(policy.prices));
  const [newModel, setNewModel] = useState(provider && !policy.prices[provider.model] ? provider.model : "");
  const scoreValue = dollars(score);
  const parsed = Object.entries(rows).map(([model, row]) => ({
    model,
    input: dollars(row.input),
    output: dollars(row.output),
  }));
  const pricesValid = parsed.every((row) => row.input !== null && row.output !== null);
  const models = Object.keys(rows).sort((a, b) =>
    a === provider?.model ? -1 : b === provider?.model ? 1 : a.localeCompare(b),
  );

  const savePrices = () => {
    const prices: PriceTable = {};
    for (const row of parsed) {
      prices[row.model] = { inputPerMillion: row.input!, outputPerMillion: row.output! };
    }
    props.onSave({ prices });
  };

  return (
    <Accordion collapsible>
      <AccordionItem value="advanced">
        <AccordionHeader>Redaction, complexity and prices</AccordionHeader>
        <AccordionPanel className={styles.panel} data-testid="cloud-advanced">
          <fieldset className={styles.panel}>
            <legend>Redact before sending</legend>
            <div className={styles.categories}>
              {PII_CATEGORIES.map((category) => (
                <Checkbox
                  key={category}
                  label={CATEGORY_LABELS[category]}
                  checked={policy.redaction.categories[category]}
                  disabled={props.busy || !policy.redaction.enabled}
                  onChange={(_event, data) =>
                    props.onSave({
                      redaction: {
                        ...policy.redaction,
                        categories: { ...policy.redaction.categories, [category]: data.checked === true },
                      },
                    })
                  }
                />
              ))}
            </div>
          </fieldset>

          <form
            className={styles.row}
            onSubmit={(event) => {
              event.preventDefault();
              if (scoreValue !== null && scoreValue >= 1) props.onSave({ complexFormulaScore: scoreValue });
            }}
          >
            <Field
              label="Explain with the cloud model from complexity score"
              hint="Nesting, functions, length, LET/LAMBDA, arrays and other sheets add to a formula's score."
              validationState={scoreValue === null || scoreValue < 1 ? "error" : "none"}
              validationMessage={scoreValue === null || scoreValue < 1 ? "A number of at least 1" : undefined}
            >
              <Input
                className={styles.number}
                value={score}
                onChange={(_event, data) => setScore(data.value)}
              />
            </Field>
            <Button
              type="submit"
              disabled={
                props.busy ||
                scoreValue === null ||
                scoreValue < 1 ||
                scoreValue === policy.complexFormulaScore
              }
            >
              Save
            </Button>
          </form>

          <Text weight="semibold">Prices (USD per million tokens)</Text>
          <Text size={200} className={styles.muted}>
            Every cost shown, logged and budgeted is computed from this table: set your own contract prices.
          </Text>
          <table className={styles.prices} aria-label="Cloud prices">
            <thead>
              <tr>
                <th className={styles.cell}>Model</th>
                <th className={styles.cell}>Input</th>
                <th className={styles.cell}>Output</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model} data-testid="price-row">
                  <td className={styles.cell}>{model}</td>
                  {(["input", "output"] as const).map((side) => (
                    <td key={side} className={styles.cell}>
                      <Input
                        className={styles.number}
                        aria-label={`${model} ${side} price per million tokens`}
                        value={rows[model]![side]}
                        onChange={(_event, data) =>
                          setRows((current) => ({
                            ...current,
                            [model]: { ...current[model]!, [side]: data.value },
                          }))
                        }
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className={styles.row}>
            <Field label="Add a model">
              <Input value={newModel} onChange={(_event, data) => setNewModel(data.value)} />
            </Field>
            <Button
              disabled={!newModel.trim() || newModel.trim() in rows}
              onClick={() => {
                setRows((current) => ({ ...current, [newModel.trim()]: { input: "0", output: "0" } }));
                setNewModel("");
              }}
            >
              Add
            </Button>
          </div>
          <Button appearance="primary" disabled={props.busy || !pricesValid} onClick={savePrices}>
            Save prices
          </Button>
          {!pricesValid && <Text className={styles.muted}>Prices are numbers, e.g. 0.15.</Text>}
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
