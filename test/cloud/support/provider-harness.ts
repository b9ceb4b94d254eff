import type { CloudProvider } from "../../../src/cloud/cloud-provider";
import type { CommonReply, LoggedRequest, ReplyHandler } from "./scripted-protocol-server";

/**
 * Both providers behind one test-facing shape, so the error and policy suites run the same
 * scenarios against each SDK and its protocol server. Each harness lives in its own file, so a
 * test that needs one SDK does not pay for loading the other.
 */

export const TEST_KEY = "sk-test-0123456789abcdefghijklmnopqrstuv";

export interface ProviderOptions {
  timeoutMs?: number;
  maxRetries?: number;
  model?: string;
  apiKey?: string;
}

/** Replies both protocol servers understand. */
export type HarnessReply =
  CommonReply | { content?: string; value?: unknown; model?: string; delayMs?: number };

/** What a handler sees of a request, whichever protocol carried it. */
export interface HarnessRequest {
  model: string;
  /** Every message's text, system prompt included. */
  text: string;
}

export interface HarnessServer {
  readonly url: string;
  readonly requests: LoggedRequest[];
  /** Requests that reached the chat/messages endpoint. */
  calls(): LoggedRequest[];
  enqueue(...replies: HarnessReply[]): void;
  onRequest(handler: ReplyHandler<HarnessRequest, HarnessReply> | null): void;
  waitFor(predicate: (request: LoggedRequest) => boolean, timeoutMs?: number): Promise<LoggedRequest>;
  reset(): void;
  close(): Promise<void>;
}

export interface ProviderHarness {
  name: "openai" | "anthropic";
  model: string;
  start(): Promise<HarnessServer>;
  provider(server: HarnessServer, options?: ProviderOptions): CloudProvider;
}

/** Everything a caller could see of a value or an error, as one string to search for secrets. */
export function everythingVisible(value: unknown): string {
  const seen = new WeakSet<object>();
  const parts: string[] = [];
  const visit = (item: unknown, depth: number) => {
    if (depth > 8 || item === null || item === undefined) return;
    if (typeof item !== "object" && typeof item !== "function") {
      parts.push(String(item));
      return;
    }
    if (seen.has(item)) return;
    seen.add(item);
    if (item instanceof Error) parts.push(item.message, item.stack ?? "", String(item));
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Object.getOwnPropertyDescriptor(item, key);
      if (descriptor && "value" in descriptor) visit(descriptor.value, depth + 1);
    }
  };
  visit(value, 0);
  try {
    parts.push(JSON.stringify(value) ?? "");
  } catch {
    // Circular values are covered by the walk above.
  }
  return parts.join("\n");
}
