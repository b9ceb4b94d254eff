import { countTokens } from "gpt-tokenizer";
import type { ChatMessage } from "../cloud/cloud-provider";

/**
 * Token counts for decisions made before anything is sent (context fit, budget, cost shown for
 * consent). The o200k tokenizer is what current OpenAI models use and is close for others;
 * the bill itself always uses the usage the provider reports.
 */

/** Role markers and separators each chat turn adds. */
const PER_MESSAGE_OVERHEAD = 4;

export function estimateMessageTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((total, message) => total + countTokens(message.content) + PER_MESSAGE_OVERHEAD, 3);
}
