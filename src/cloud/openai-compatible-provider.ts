import OpenAI, { type APIError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import type { z } from "zod";
import { jsonSchemaFor } from "../llm/json-schema";
import { CloudError, safeOrigin } from "./cloud-errors";
import type { ChatMessage, CloudProviderBaseOptions, CloudUsage } from "./cloud-provider";
import { EMPTY_ANSWER, providerSetup, SdkProvider, type SdkAnswer, type SdkBinding } from "./sdk-provider";

/**
 * OpenAI, Azure OpenAI (its v1 endpoint, which the plain client speaks) and any server that
 * implements /v1/chat/completions, all through the official `openai` SDK.
 */

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export type OpenAiFlavor = "openai" | "azure-openai" | "openai-compatible";

export interface OpenAiCompatibleOptions extends CloudProviderBaseOptions {
  /** Default "openai". */
  flavor?: OpenAiFlavor;
  /** "openai": optional override; "openai-compatible": required, e.g. http://host:8000/v1. */
  baseUrl?: string;
  /** "azure-openai": the resource endpoint, e.g. https://my-resource.openai.azure.com. */
  azureEndpoint?: string;
}

/** Azure's v1 API lives under the resource endpoint; the model field carries the deployment name. */
export function azureV1BaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/openai/v1/`;
}

function resolveBaseUrl(options: OpenAiCompatibleOptions): string {
  const flavor = options.flavor ?? "openai";
  if (flavor === "azure-openai") {
    if (!options.azureEndpoint) {
      throw new CloudError(
        "bad-request",
        "Azure OpenAI needs the resource endpoint (e.g. https://my-resource.openai.azure.com). Set it in the cloud settings.",
      );
    }
    return azureV1BaseUrl(options.azureEndpoint);
  }
  if (flavor === "openai-compatible" && !options.baseUrl) {
    throw new CloudError(
      "bad-request",
      "An OpenAI-compatible server needs its base URL (e.g. http://localhost:8000/v1). Set it in the cloud settings.",
    );
  }
  // Passed explicitly so OPENAI_BASE_URL in the environment never silently redirects requests.
  return options.baseUrl ?? OPENAI_BASE_URL;
}

function labelFor(flavor: OpenAiFlavor, baseUrl: string): string {
  if (flavor === "openai") return "OpenAI";
  if (flavor === "azure-openai") return "Azure OpenAI";
  return `the OpenAI-compatible server at ${safeOrigin(baseUrl)}`;
}

function toSdkMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message) => ({ role: message.role, content: message.content }));
}

/**
 * The response_format for a zod schema: strict when the schema fits OpenAI's strict subset
 * (every field required, no open objects), otherwise the same schema non-strict, because
 * optional fields are common in our task schemas and strict mode would refuse them.
 */
export function responseFormatFor(schema: z.ZodType, name = "result"): ResponseFormatJSONSchema {
  try {
    const strict = zodResponseFormat(schema, name).json_schema;
    const { $schema: _dialect, ...strictSchema } = strict.schema ?? {};
    return { type: "json_schema", json_schema: { name, schema: strictSchema, strict: true } };
  } catch {
    return { type: "json_schema", json_schema: { name, schema: jsonSchemaFor(schema), strict: false } };
  }
}

function usageOf(response: ChatCompletion): CloudUsage {
  return {
    inputTokens: response.usage?.prompt_tokens ?? 0,
    outputTokens: response.usage?.completion_tokens ?? 0,
  };
}

type OpenAiResponse = ChatCompletion & { _request_id?: string | null };

export class OpenAiCompatibleProvider extends SdkProvider<
  ResponseFormatJSONSchema,
  OpenAiResponse,
  APIError
> {
  readonly name: OpenAiFlavor;
  readonly label: string;

  constructor(options: OpenAiCompatibleOptions) {
    const flavor = options.flavor ?? "openai";
    const baseURL = resolveBaseUrl(options);
    const label = labelFor(flavor, baseURL);
    const modelIsDeployment = flavor === "azure-openai";
    const setup = providerSetup(options, { name: flavor, label, baseURL, modelIsDeployment });
    const client = new OpenAI(setup.client);
    super(chatCompletions(client, flavor, options.model, setup.maxOutputTokens), setup);
    this.name = flavor;
    this.label = label;
  }
}

function chatCompletions(
  client: OpenAI,
  flavor: OpenAiFlavor,
  model: string,
  maxOutputTokens: number,
): SdkBinding<ResponseFormatJSONSchema, OpenAiResponse, APIError> {
  // OpenAI's newer models refuse max_tokens; other servers may only know max_tokens.
  const outputLimit =
    flavor === "openai-compatible"
      ? { max_tokens: maxOutputTokens }
      : { max_completion_tokens: maxOutputTokens };
  return {
    outputFormat(schema) {
      const format = responseFormatFor(schema);
      return { format, root: format.json_schema.schema ?? {} };
    },
    send(messages, signal, format) {
      return client.chat.completions.create(
        {
          model,
          messages: toSdkMessages(messages),
          ...outputLimit,
          ...(format ? { response_format: format } : {}),
        },
        { signal },
      );
    },
    answerOf,
    usageOf,
    errors: OpenAI,
    explain(error) {
      const body = (error.error ?? {}) as { message?: unknown };
      const apiMessage = typeof body.message === "string" ? body.message : undefined;
      return { apiMessage, code: error.code ?? undefined };
    },
  };
}

/** The answer's text, or the reason there is none (refusal, filter, cut off at the limit). */
function answerOf(response: ChatCompletion): SdkAnswer {
  const choice = response.choices[0];
  if (!choice) return { kind: "missing", reason: "the response had no choices" };
  if (choice.message.refusal) return { kind: "refused", reason: choice.message.refusal };
  if (choice.finish_reason === "content_filter") {
    return { kind: "refused", reason: "the provider's content filter stopped the answer" };
  }
  if (choice.finish_reason === "length") return { kind: "cut-off" };
  const text = choice.message.content;
  return typeof text === "string" ? { kind: "text", text } : EMPTY_ANSWER;
}
