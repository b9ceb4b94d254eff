import type { StructuredChatCall, StructuredResult } from "./ollama-client";

/**
 * What the packed bulk tasks need from a model: one schema-checked chat. An OllamaClient is one,
 * and so are a local OpenAI-compatible server (LocalOpenAiClient) and a pool of servers
 * (ModelServerPool), so classify/extract/validate run unchanged on any of them.
 */
export interface StructuredChatModel {
  chatStructured<T>(request: StructuredChatCall<T>): Promise<StructuredResult<T>>;
}

/** One model server a pool can use: it answers chats and says which models it serves. */
export interface ModelServer extends StructuredChatModel {
  /** Where it is, for messages and the status list (no credentials in it). */
  readonly baseUrl: string;
  /** "ollama" or "openai-compatible", for messages. */
  readonly kind: ModelServerKind;
  /** The names of the models it serves (Ollama's /api/tags, or /v1/models). */
  modelNames(signal?: AbortSignal): Promise<string[]>;
}

export type ModelServerKind = "ollama" | "openai-compatible";
