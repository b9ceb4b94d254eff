import type { InferenceRequest, LogprobEntry, ScriptedReply } from "./ollama-protocol-server";

/**
 * Scripted "models" for the Ollama-protocol server: they read a packed request the way a model
 * would (the numbered items in the user message) and answer in the requested JSON shape.
 */

/** The numbered items of a packed request ("1. \"text\"" lines), in order. Takes a parsed request or a logged body. */
export function packedItems(request: { messages: readonly { role: string; content: string }[] }): string[] {
  const user = request.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
  const items: string[] = [];
  for (const line of user.split("\n")) {
    const match = /^(\d+)\. (".*")$/.exec(line);
    if (match?.[2]) items.push(JSON.parse(match[2]) as string);
  }
  return items;
}

/**
 * A reply object {"1": v1, "2": v2, ...} with token logprobs: JSON punctuation is certain
 * (logprob 0); each value's characters share the item's probability `confidence(i)`.
 */
export function keyedReply(
  values: readonly unknown[],
  confidence: (index: number) => number = () => 1,
): ScriptedReply {
  const logprobs: LogprobEntry[] = [{ token: "{", logprob: 0 }];
  values.forEach((value, index) => {
    logprobs.push({ token: `${index ? "," : ""}"${index + 1}":`, logprob: 0 });
    const text = JSON.stringify(value);
    if (typeof value === "string" && text.length > 2) {
      logprobs.push({ token: '"', logprob: 0 });
      logprobs.push({ token: text.slice(1, -1), logprob: Math.log(confidence(index)) });
      logprobs.push({ token: '"', logprob: 0 });
    } else {
      logprobs.push({ token: text, logprob: Math.log(confidence(index)) });
    }
  });
  logprobs.push({ token: "}", logprob: 0 });
  return { content: logprobs.map((entry) => entry.token).join(""), logprobs };
}

/** A labeller that picks the first label whose keyword the item mentions, else the last label. */
export function keywordLabeller(rules: Record<string, string>, fallback: string) {
  return (request: InferenceRequest): ScriptedReply | undefined => {
    const items = packedItems(request);
    if (items.length === 0) return undefined;
    const labels = items.map((item) => {
      const hit = Object.entries(rules).find(([keyword]) => item.toLowerCase().includes(keyword));
      return hit ? hit[1] : fallback;
    });
    return keyedReply(labels, (index) => (items[index]?.includes("??") ? 0.2 : 0.95));
  };
}
