import type { ModelServer } from "./chat-model";
import type { OllamaClient } from "./ollama-client";

/** An Ollama as one server of a pool: its chats, and its installed models as names. */
export function ollamaServer(client: OllamaClient): ModelServer {
  return {
    kind: "ollama",
    baseUrl: client.baseUrl,
    chatStructured: (request) => client.chatStructured(request),
    modelNames: async (signal) => (await client.listModels(signal)).map((model) => model.name),
  };
}

/** Ollama reads a name without a tag as ":latest"; other servers use names as they are. */
export function sameModelName(kind: ModelServer["kind"], listed: string, wanted: string): boolean {
  if (listed === wanted) return true;
  if (kind !== "ollama") return false;
  const withTag = (name: string) => (name.includes(":") ? name : `${name}:latest`);
  return withTag(listed) === withTag(wanted);
}
