import { z } from "zod";
import type { CloudUsage } from "../cloud/cloud-provider";

/**
 * What cloud tokens cost, per model, in USD per million tokens. The defaults are list prices
 * at the time of writing and only a starting point: the user edits the table (their contract,
 * their region, new models), and every cost shown or logged is computed from it.
 */
export const ModelPriceSchema = z.object({
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
});

export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const PriceTableSchema = z.record(z.string().min(1), ModelPriceSchema);

export type PriceTable = z.infer<typeof PriceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "gpt-5": { inputPerMillion: 1.25, outputPerMillion: 10 },
  "gpt-5-mini": { inputPerMillion: 0.25, outputPerMillion: 2 },
  "gpt-5-nano": { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  "claude-3-5-haiku": { inputPerMillion: 0.8, outputPerMillion: 4 },
  "claude-haiku-4-5": { inputPerMillion: 1, outputPerMillion: 5 },
  "claude-sonnet-4": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-sonnet-4-5": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-opus-4-1": { inputPerMillion: 15, outputPerMillion: 75 },
};

/**
 * The price of a model: an exact entry, else the longest entry the name starts with, so the
 * dated snapshot a provider reports ("gpt-4o-mini-2024-07-18") is priced like its family.
 */
export function priceFor(table: PriceTable, model: string): ModelPrice | null {
  const exact = table[model];
  if (exact) return exact;
  let best: { key: string; price: ModelPrice } | null = null;
  for (const [key, price] of Object.entries(table)) {
    const boundary = model[key.length];
    if (model.startsWith(key) && (boundary === "-" || boundary === "@" || boundary === ":")) {
      if (!best || key.length > best.key.length) best = { key, price };
    }
  }
  return best?.price ?? null;
}

/** USD for the tokens, or null when the table has no price for the model. */
export function costOf(table: PriceTable, model: string, usage: CloudUsage): number | null {
  const price = priceFor(table, model);
  if (!price) return null;
  const usd =
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
  // Micro-dollar precision: enough for per-request costs, without float noise in logs.
  return Math.round(usd * 1_000_000) / 1_000_000;
}
