import type { InferenceRequest, LogprobEntry, ScriptedReply } from "./ollama-protocol-server";
import { splitIntoPieces } from "./ollama-protocol-tokens";

/**
 * Scripted "models" for the Ollama-protocol server: they read a packed request the way a model
 * would (the numbered items in the user message) and answer in the packed reply's JSON shape.
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
 * The packed reply {"answers": [v1, v2, ...]} with token logprobs, tokenized the way a BPE model
 * would: JSON punctuation runs are one token each ('{"', '":["', '","', '"]}'), text is cut into
 * the server's 4-code-point tokens, so a label costs `estimateTokens(label)` plus one separator.
 * Punctuation is certain (logprob 0); each value's tokens share the item's probability
 * `confidence(i)`, so their product is exactly that probability. (Named for the keyed object it
 * once produced; every packed task now asks for this shape.)
 */
export function keyedReply(
  values: readonly unknown[],
  confidence: (index: number) => number = () => 1,
): ScriptedReply {
  const allStrings = values.length > 0 && values.every((value) => typeof value === "string");
  const logprobs: LogprobEntry[] = [
    { token: '{"', logprob: 0 },
    { token: "answers", logprob: 0 },
    { token: allStrings ? '":["' : '":[', logprob: 0 },
  ];
  values.forEach((value, index) => {
    const logprob = Math.log(confidence(index));
    if (index > 0) logprobs.push({ token: allStrings ? '","' : ",", logprob: 0 });
    if (!allStrings) {
      logprobs.push({ token: JSON.stringify(value), logprob });
      return;
    }
    const pieces = splitIntoPieces(JSON.stringify(value).slice(1, -1));
    for (const piece of pieces) logprobs.push({ token: piece, logprob: logprob / pieces.length });
  });
  logprobs.push({ token: allStrings ? '"]}' : "]}", logprob: 0 });
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
