import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { JSONOutputFormat, Message, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { z } from "zod";
import type { ChatMessage, CloudProviderBaseOptions, CloudUsage } from "./cloud-provider";
import { EMPTY_ANSWER, providerSetup, SdkProvider, type SdkAnswer, type SdkBinding } from "./sdk-provider";

/**
 * Anthropic's Messages API through the official SDK. Structured output uses the GA
 * `output_config.format` (json_schema) that SDK 1.x types and sends without a beta header;
 * the schema goes through the SDK's own zod helper, which moves constraints the API cannot
 * enforce (lengths, bounds) into descriptions. We still validate the answer with zod.
 */

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";

export interface AnthropicOptions extends CloudProviderBaseOptions {
  /** Override for a proxy or a test server; default https://api.anthropic.com. */
  baseUrl?: string;
}

/** The Messages API takes the system prompt as a field of its own, not as a turn. */
function splitSystem(messages: readonly ChatMessage[]): {
  system: string | undefined;
  turns: MessageParam[];
} {
  const system = messages
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n\n");
  const turns: MessageParam[] = messages
    .filter((message) => message.role !== "system")
    .map((message) => ({
      role: message.role === "assistant" ? "assistant" : "user",
      content: message.content,
    }));
  return { system: system || undefined, turns };
}

function usageOf(message: Message): CloudUsage {
  const usage = message.usage;
  // Cache reads and writes are input too (billed at their own rates); count them so budgets see them.
  return {
    inputTokens:
      (usage?.input_tokens ?? 0) +
      (usage?.cache_creation_input_tokens ?? 0) +
      (usage?.cache_read_input_tokens ?? 0),
    outputTokens: usage?.output_tokens ?? 0,
  };
}

export function outputFormatFor(schema: z.ZodType): JSONOutputFormat {
  const { schema: jsonSchema } = zodOutputFormat(schema);
  return { type: "json_schema", schema: jsonSchema };
}

type AnthropicResponse = Message & { _request_id?: string | null };

export class AnthropicProvider extends SdkProvider<JSONOutputFormat, AnthropicResponse, APIError> {
  readonly name = "anthropic" as const;
  readonly label = "Anthropic";

  constructor(options: AnthropicOptions) {
    const baseURL = options.baseUrl ?? ANTHROPIC_BASE_URL;
    const setup = providerSetup(options, { name: "anthropic", label: "Anthropic", baseURL });
    // authToken explicit, so ANTHROPIC_AUTH_TOKEN / ANTHROPIC_BASE_URL in the environment change nothing.
    const client = new Anthropic({ ...setup.client, authToken: null });
    super(messagesApi(client, options.model, setup.maxOutputTokens), setup);
  }
}

function messagesApi(
  client: Anthropic,
  model: string,
  maxOutputTokens: number,
): SdkBinding<JSONOutputFormat, AnthropicResponse, APIError> {
  return {
    outputFormat(schema) {
      const format = outputFormatFor(schema);
      return { format, root: format.schema };
    },
    send(messages, signal, format) {
      const { system, turns } = splitSystem(messages);
      return client.messages.create(
        {
          model,
          max_tokens: maxOutputTokens,
          messages: turns,
          ...(system ? { system } : {}),
          ...(format ? { output_config: { format } } : {}),
        },
        { signal },
      );
    },
    answerOf,
    usageOf,
    errors: Anthropic,
    explain: (error) => ({ apiMessage: error.apiMessage ?? undefined, code: error.type ?? undefined }),
  };
}

function answerOf(message: Message): SdkAnswer {
  if (message.stop_reason === "refusal") {
    return { kind: "refused", reason: "the model's safety rules stopped the answer" };
  }
  if (message.stop_reason === "max_tokens") return { kind: "cut-off" };
  const text = message.content
    .map((block) => (block.type === "text" ? block.text : ""))
    .join("")
    .trim();
  return text ? { kind: "text", text } : EMPTY_ANSWER;
}
