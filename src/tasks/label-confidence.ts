import type { Logprob } from "ollama/browser";

/**
 * How sure the model was of each label, from the token log-probabilities Ollama returns.
 *
 * The reply is a JSON object {"1":"label","2":"label",...}. For item i we find the characters of
 * its label string in the reply, take the tokens that overlap them, and multiply their
 * probabilities: confidence = exp(sum of those tokens' logprobs), the probability the model gave
 * to writing exactly that label. Because decoding is constrained to the label set, this is the
 * model's probability for the chosen label among the allowed ones. When Ollama sends no logprobs
 * (versions before 0.12.11) or the tokens do not spell the reply, confidence is null (unknown).
 */
export function labelConfidences(
  raw: string,
  logprobs: readonly Logprob[],
  count: number,
): (number | null)[] {
  const unknown = () => Array.from({ length: count }, () => null);
  if (logprobs.length === 0) return unknown();
  const starts: number[] = [];
  let offset = 0;
  for (const entry of logprobs) {
    starts.push(offset);
    offset += entry.token.length;
  }
  if (logprobs.map((entry) => entry.token).join("") !== raw) return unknown();

  const confidences: (number | null)[] = [];
  let searchFrom = 0;
  for (let item = 1; item <= count; item++) {
    const span = valueSpan(raw, String(item), searchFrom);
    if (!span) {
      confidences.push(null);
      continue;
    }
    searchFrom = span.end;
    let logSum = 0;
    for (let t = 0; t < logprobs.length; t++) {
      const tokenStart = starts[t]!;
      const tokenEnd = tokenStart + logprobs[t]!.token.length;
      if (tokenEnd > span.start && tokenStart < span.end) logSum += logprobs[t]!.logprob;
    }
    confidences.push(Math.min(1, Math.exp(logSum)));
  }
  return confidences;
}

/** The character span of the string value of `"key": "..."` at or after `from`. */
function valueSpan(raw: string, key: string, from: number): { start: number; end: number } | null {
  const pattern = new RegExp(`"${key}"\\s*:\\s*"`, "g");
  pattern.lastIndex = from;
  const match = pattern.exec(raw);
  if (!match) return null;
  const start = match.index + match[0].length;
  let end = start;
  while (end < raw.length && raw[end] !== '"') end += raw[end] === "\\" ? 2 : 1;
  return { start, end: Math.max(end, start + 1) };
}
