import type { ChatMessage } from "../cloud/cloud-provider";

/**
 * Token counts for decisions made before anything is sent (context fit, budget, cost shown for
 * consent). The o200k tokenizer is what current OpenAI models use and is close for others;
 * the bill itself always uses the usage the provider reports.
 *
 * The tokenizer's merge table is about 1.7 MB of JavaScript, more than the rest of the add-in
 * together, so it is loaded on the first count rather than with the page: every caller is already
 * async, and the CLI and benchmarks get the same exact counts, one import later.
 */

type CountTokens = (text: string) => number;

let tokenizer: Promise<CountTokens> | undefined;

function loadTokenizer(): Promise<CountTokens> {
  tokenizer ??= import("gpt-tokenizer").then(
    (module) => module.countTokens,
    (error: unknown) => {
      // A failed chunk load (the page lost its server) should not stick: the next count retries.
      tokenizer = undefined;
      throw error;
    },
  );
  return tokenizer;
}

/** Exact o200k token count of `text`. */
export async function countTextTokens(text: string): Promise<number> {
  return (await loadTokenizer())(text);
}

/** Role markers and separators each chat turn adds. */
const PER_MESSAGE_OVERHEAD = 4;

export async function estimateMessageTokens(messages: readonly ChatMessage[]): Promise<number> {
  const count = await loadTokenizer();
  return messages.reduce((total, message) => total + count(message.content) + PER_MESSAGE_OVERHEAD, 3);
}
